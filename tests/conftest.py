"""Shared fixtures. `db` runs every database test twice: on SQLite and on a real PostgreSQL.

PostgreSQL: one database per test session (and per xdist worker), migrated once with
`upgrade head`; each test then starts from empty tables (TRUNCATE), so code under test may open
its own connections and threads exactly as in production. SQLite: a fresh copy of a migrated
template file per test. Set KVARTAL_TEST_PG to another URL to point elsewhere; set
KVARTAL_TEST_PG=skip to run the SQLite half only (CI never does: there a missing server fails).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text

from app.db import Database
from app.models import Base
from app.penalties.federal import seed as seed_federal_rules

PG_ADMIN_URL = os.environ.get(
    "KVARTAL_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI draws the same hypothesis examples every run (a landing is never decided by the luck of
# the draw); a developer's run draws new ones and finds what CI would not
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    if PG_ADMIN_URL == "skip":
        pytest.skip("PostgreSQL disabled by KVARTAL_TEST_PG=skip")
    name = f"kvartal_test_{_worker()}_{os.getpid()}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}")
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    db.upgrade()
    db.engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def empty_pg_url(pg_url: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty PostgreSQL database beside the session's (no schema), dropped after."""
    name = f"kvartal_empty_{_worker()}_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


_TABLES = ", ".join(
    f'"{t.name}"' for t in Base.metadata.sorted_tables if t.name not in ("app_meta",)
)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty Kvartal database on SQLite or PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "kvartal.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        database = Database(f"sqlite:///{path}")
    else:
        url = request.getfixturevalue("pg_url")
        database = Database(url)
        with database.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {_TABLES} RESTART IDENTITY CASCADE"))
            seed_federal_rules(conn)  # what migration 0006 loads into every new database
    yield database
    database.engine.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """SQLite only: for tests of things that are the same on both databases (UI, CLI)."""
    path = tmp_path / "kvartal.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.engine.dispose()
