"""Backup and restore: a working database copied, restored elsewhere and verified (issue #23)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from app.admin.backup import backup, last_backup, restore
from app.billing.run import calculate
from app.cli import main
from app.db import Database
from app.errors import AccessDenied, DomainError
from app.ledger.periods import close_period
from app.models import Account, AuditEntry, Operation
from app.rights import SYSTEM, Actor, Role
from tests.factories import TownFactory

CASHIER = Actor(user_id=None, login="kassa", full_name="Кассир", roles=frozenset({Role.CASHIER}))


def _working(db: Database) -> tuple[int, int]:
    town = TownFactory(db).build()
    for flat in ("1", "2", "3"):
        town.account(flat=flat, residents=2)
    calculate(db, SYSTEM)
    close_period(db, SYSTEM)
    calculate(db, SYSTEM)  # the next period open and calculated
    return _fingerprint(db)


def _fingerprint(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Account)) or 0,
                s.scalar(select(func.coalesce(func.sum(Operation.amount), 0))) or 0)


@pytest.fixture
def pg_scratch_url(db: Database) -> Iterator[str]:
    """A database name on the test server for restoring into; dropped with its leftovers."""
    name = f"{db.engine.url.database}_r"
    url = db.engine.url.set(database=name).render_as_string(hide_password=False)
    yield url
    admin = create_engine(db.engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for (left,) in conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE "
                                         ":p"), {"p": f"{name}%"}).all():
            conn.execute(text(f'DROP DATABASE IF EXISTS "{left}" WITH (FORCE)'))
    admin.dispose()


def _target(db: Database, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if db.dialect == "sqlite":
        return f"sqlite:///{tmp_path / 'restored' / 'kvartal.db'}"
    return str(request.getfixturevalue("pg_scratch_url"))


def test_backup_restores_elsewhere_with_the_same_data_and_verifies(
        db: Database, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    before = _working(db)
    info = backup(db, SYSTEM, tmp_path / "copies", keep=3)
    assert info.path.parent == tmp_path / "copies" and info.size > 0
    made = last_backup(db)
    assert made is not None and made[1] == str(info.path)

    target = _target(db, tmp_path, request)
    (tmp_path / "restored").mkdir()
    restored_info = restore(info.path, target, SYSTEM)
    assert restored_info.kept_previous is None
    restored = Database(target)
    try:
        assert _fingerprint(restored) == before
        with restored.session() as s:
            assert s.scalar(select(func.count()).select_from(AuditEntry)
                            .where(AuditEntry.action == "backup.restore")) == 1
    finally:
        restored.engine.dispose()


def test_restore_over_a_database_with_data_needs_replace_and_keeps_the_old_one(
        db: Database, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    before = _working(db)
    copy = backup(db, SYSTEM, tmp_path / "one.bak").path
    target = _target(db, tmp_path, request)
    (tmp_path / "restored").mkdir()
    restore(copy, target, SYSTEM)
    with pytest.raises(DomainError, match="--replace"):
        restore(copy, target, SYSTEM)
    info = restore(copy, target, SYSTEM, replace=True)
    assert info.kept_previous
    restored = Database(target)
    try:
        assert _fingerprint(restored) == before
    finally:
        restored.engine.dispose()


def test_only_an_administrator_backs_up(db: Database, tmp_path: Path) -> None:
    with pytest.raises(AccessDenied):
        backup(db, CASHIER, tmp_path / "x.bak")
    assert not (tmp_path / "x.bak").exists()


def test_keep_leaves_only_the_newest_dated_copies(sqlite_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    for stamp in ("20260101-010101", "20260102-010101", "20260103-010101"):
        (folder / f"kvartal-{stamp}.db").write_bytes(b"old")
    info = backup(sqlite_db, SYSTEM, folder, keep=2)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [info.path.name, "kvartal-20260103-010101.db"])
    assert len(info.removed) == 2


def test_a_copy_whose_ledger_disagrees_with_its_snapshots_replaces_nothing(
        sqlite_db: Database, tmp_path: Path) -> None:
    _working(sqlite_db)
    copy = backup(sqlite_db, SYSTEM, tmp_path / "copy.db").path
    con = sqlite3.connect(copy)
    con.execute("UPDATE operation SET amount = amount + 1 WHERE id = "
                "(SELECT min(id) FROM operation)")
    con.commit()
    con.close()
    target = tmp_path / "target.db"
    target.write_bytes(Path(sqlite_db.engine.url.database or "").read_bytes())
    untouched = target.read_bytes()
    with pytest.raises(DomainError, match="сверку"):
        restore(copy, f"sqlite:///{target}", SYSTEM, replace=True)
    assert target.read_bytes() == untouched
    assert not list(tmp_path.glob("*.restoring"))


def test_cli_refuses_a_file_that_is_no_backup_and_a_copy_into_the_other_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"hello")
    assert main(["restore", str(junk), "--db", f"sqlite:///{tmp_path / 'x.db'}"]) == 2
    assert "не резервная копия" in capsys.readouterr().err
    sqlite_copy = tmp_path / "c.db"
    sqlite_copy.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert main(["restore", str(sqlite_copy), "--db",
                 "postgresql+psycopg://postgres@127.0.0.1:5432/nowhere"]) == 2
    assert "так нельзя" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_cli_backup_of_the_working_database(sqlite_db: Database, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    url = sqlite_db.engine.url.render_as_string()
    assert main(["backup", "--out", str(tmp_path), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "Резервная копия:" in out
    assert len(list(tmp_path.glob("kvartal-*.db"))) == 1


def test_restore_over_a_database_in_wal_mode_takes_its_wal_away(sqlite_db: Database,
                                                                tmp_path: Path) -> None:
    """The working file keeps recent writes in its -wal; restoring over it must not let that
    WAL be replayed into the restored file."""
    _working(sqlite_db)
    copy = backup(sqlite_db, SYSTEM, tmp_path / "copy.db").path
    before = _fingerprint(sqlite_db)
    target = Path(sqlite_db.engine.url.database or "")
    holder = sqlite3.connect(target)  # a reader keeps the WAL from being checkpointed away
    holder.execute("PRAGMA wal_autocheckpoint=0")
    holder.execute("UPDATE account SET payer_name = 'после копии'")
    holder.commit()
    holder.close()
    sqlite_db.engine.dispose()
    info = restore(copy, f"sqlite:///{target}", SYSTEM, replace=True)
    assert info.kept_previous and Path(info.kept_previous).exists()
    restored = Database(f"sqlite:///{target}")
    try:
        assert _fingerprint(restored) == before
        with restored.session() as s:
            assert "после копии" not in s.scalars(select(Account.payer_name)).all()
    finally:
        restored.engine.dispose()
