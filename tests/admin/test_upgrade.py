"""`kvartal db upgrade`: a copy first, then the schema; refused while others are connected."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from app.admin.upgrade import other_connections, upgrade_with_backup
from app.cli import main
from app.db import Database
from app.errors import DomainError
from app.rights import SYSTEM
from app.schema import alembic_config, current_revision, head_revision


def test_an_older_database_is_copied_then_upgraded(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.db'}", create=True)
    command.upgrade(alembic_config(db.engine), "0002")
    db.engine.dispose()
    url = f"sqlite:///{tmp_path / 'old.db'}"
    assert main(["db", "upgrade", "--backup-dir", str(tmp_path / "copies"), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "Копия перед обновлением" in out and "0002 →" in out
    (copy,) = list((tmp_path / "copies").glob("kvartal-*.db"))
    old = Database(f"sqlite:///{copy}")
    try:
        assert current_revision(old.engine) == "0002"  # the copy is the database as it was
    finally:
        old.engine.dispose()
    again = Database(url)
    try:
        assert current_revision(again.engine) == head_revision(again.engine)
        assert upgrade_with_backup(again, SYSTEM, tmp_path / "copies").backup is None
    finally:
        again.engine.dispose()


def test_postgresql_upgrade_is_refused_while_another_workstation_is_connected(
        pg_url: str, tmp_path: Path) -> None:
    db = Database(pg_url)
    command.downgrade(alembic_config(db.engine), "-1")
    older = current_revision(db.engine)
    other = create_engine(db.engine.url, connect_args={"application_name": "kvartal@kassa-2"})
    try:
        with other.connect() as conn:
            conn.execute(text("SELECT 1"))
            assert any("kvartal@kassa-2" in c for c in other_connections(db))
            with pytest.raises(DomainError, match="kvartal@kassa-2"):
                upgrade_with_backup(db, SYSTEM, tmp_path)
        assert current_revision(db.engine) == older
    finally:
        other.dispose()
        db.upgrade()
        db.engine.dispose()
