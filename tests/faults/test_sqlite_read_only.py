"""A SQLite file that may only be read (issue #23, fault tests): a command that writes, and a
log-in (which records itself), say so in Russian — exit 2, no traceback, the file unchanged.
The tests run as root, whom file permissions do not stop, so the file is opened read-only
(`mode=ro`), which SQLite refuses writes on exactly as on a file without write permission."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from tests.factories import TownFactory, make_user


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_read_only_file_is_a_russian_message_and_stays_as_it_was(
        sqlite_db: Database, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    TownFactory(sqlite_db).build().account()
    make_user(sqlite_db, "kassa", ["admin"], password="пароль-1")
    path = Path(str(sqlite_db.engine.url.database))
    sqlite_db.engine.dispose()
    with Database(f"sqlite:///{path}").engine.connect() as conn:  # no WAL left to replay
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _digest(path)
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    for argv, env in ((["--db", read_only, "calc"], None),
                      (["--db", read_only, "--user", "kassa", "calc"], "пароль-1")):
        if env:
            monkeypatch.setenv("KVARTAL_PASSWORD", env)
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "только для чтения" in err and "Traceback" not in err, err
    assert _digest(path) == before
