"""Same seed, same town: two generations give identical rows in every table (SQLite)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.db import Database
from app.demo import generate
from app.models import Account, Base, Reading


def digest(db: Database) -> dict[str, str]:
    out: dict[str, str] = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = sorted(repr(tuple(r)) for r in conn.execute(select(table)))
            out[table.name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return out


def fresh(template: Path, path: Path) -> Database:
    shutil.copy(template, path)
    return Database(f"sqlite:///{path}")


@pytest.mark.slow
def test_same_seed_gives_identical_rows(tmp_path: Path, sqlite_template: Path) -> None:
    dbs = [fresh(sqlite_template, tmp_path / f"{name}.db") for name in ("a", "b", "c")]
    for database, seed in zip(dbs, (7, 7, 8), strict=True):
        list(generate(database, accounts=150, seed=seed))
    a, b, c = (digest(d) for d in dbs)
    assert a == b
    assert a["person"] != c["person"] and a["reading"] != c["reading"]
    with dbs[0].session() as s:
        assert s.scalar(select(Reading.id).limit(1)) is not None
    for d in dbs:
        d.engine.dispose()


@pytest.mark.slow
def test_cli_creates_the_town(tmp_path: Path, sqlite_template: Path,
                              capsys: object) -> None:
    path = tmp_path / "cli.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    argv = ["demo", "--accounts", "25", "--seed", "3", "--quiet", "--db", url]
    assert main([*argv, "--no-history"]) == 0
    db = Database(url)
    with db.session() as s:
        assert len(s.scalars(select(Account.id)).all()) == 25
    db.engine.dispose()
    assert main([*argv, "--no-history"]) == 2  # refused: the database is not empty
