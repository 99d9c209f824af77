"""A SQLite file another process holds the write lock of (issue #23, fault tests): a writing
command waits the stated time, then says in Russian that the database is busy — exit 2, no
traceback, nothing written; once the other process lets go, the same command succeeds."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from app import db as db_module
from app.cli import main
from app.db import Database
from app.models import Operation
from tests.factories import TownFactory

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def test_a_file_locked_by_another_process_is_a_russian_message_not_a_traceback(
        sqlite_db: Database, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    TownFactory(sqlite_db).build().account()
    path = str(sqlite_db.engine.url.database)
    url = sqlite_db.engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr(db_module, "LOCK_WAIT_SECONDS", 1)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, path], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        assert main(["--db", url, "calc"]) == 2
        waited = time.monotonic() - started
        err = capsys.readouterr().err
        assert "База данных занята" in err and "Traceback" not in err, err
        assert waited < 20
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Operation)) == 0
    assert main(["--db", url, "calc"]) == 0
    with sqlite_db.session() as s:
        assert (s.scalar(select(func.count()).select_from(Operation)) or 0) > 0
