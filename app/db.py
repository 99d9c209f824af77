"""Engine, session factory and schema upgrades for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import functools
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import DatabaseProblem

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
APP_ID = "kvartal"
# how this workstation's connections are named on a PostgreSQL server (pg_stat_activity), so an
# upgrade or a restore can say which workstations are still connected
WORKSTATION_NAME = f"kvartal@{socket.gethostname()}"[:63]
# How long a writer waits for a lock another one holds (a billing run, a closing, an import on
# this or another workstation) before it gives up with a message: SQLite's busy timeout,
# PostgreSQL's lock_timeout. Nothing waits silently for ever.
LOCK_WAIT_SECONDS = 30


def user_data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "kvartal"


def default_db_url() -> str:
    """`KVARTAL_DB`, else a local SQLite file in the user's data folder."""
    env = os.environ.get("KVARTAL_DB")
    if env:
        return env
    return f"sqlite:///{user_data_dir() / 'kvartal.db'}"


def _sqlite_pragmas(busy_ms: int, dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # nothing here may write: a foreign file must stay byte for byte until check_ours refuses it
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={busy_ms}")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def missing_database(path: str) -> DatabaseProblem:
    return DatabaseProblem(
        f"Базы данных {path} нет. Проверьте путь; новую базу создаёт команда "
        f"«kvartal db init --db sqlite:///{path}»"
    )


def make_engine(url: str, *, create: bool = True, lock_wait: float | None = None) -> Engine:
    """`create=False`: a SQLite file that does not exist is refused with its path rather than
    created empty (a mistyped path must not look like a new, empty and «verified» database).
    `lock_wait`: seconds a statement waits for another writer's lock (default
    `LOCK_WAIT_SECONDS`)."""
    wait_ms = int((LOCK_WAIT_SECONDS if lock_wait is None else lock_wait) * 1000)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseProblem(f"Не понимаю адрес базы данных «{url}»") from None
    if parsed.get_backend_name() == "sqlite":
        db_path = parsed.database
        if db_path and db_path != ":memory:" and not db_path.startswith("file:"):
            if not create and not Path(db_path).exists():
                raise missing_database(db_path)
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", functools.partial(_sqlite_pragmas, wait_ms))
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(
            parsed, pool_pre_ping=True,
            connect_args={"connect_timeout": 5, "application_name": WORKSTATION_NAME,
                          "options": f"-c lock_timeout={wait_ms}"},
        )
    raise DatabaseProblem(
        f"Поддерживаются SQLite и PostgreSQL, а указано «{parsed.get_backend_name()}»"
    )


def check_connection(engine: Engine) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        raise DatabaseProblem(
            f"База данных не отвечает ({engine.url.render_as_string(hide_password=True)}): "
            f"{_first_line(exc.orig)}"
        ) from None
    except Exception as exc:  # a file that is not a database at all
        raise DatabaseProblem(
            f"Не удалось открыть базу данных {engine.url.render_as_string(hide_password=True)}: "
            f"{_first_line(exc)}"
        ) from None


def is_lock_wait(exc: BaseException) -> bool:
    """Whether a driver error means «another writer holds the lock» (SQLite busy or locked,
    PostgreSQL lock_timeout / NOWAIT), not a broken database."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) == "55P03":  # lock_not_available
        return True
    code = getattr(orig, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED


def read_only_problem(exc: BaseException) -> DatabaseProblem | None:
    """A write refused because the database may only be read (a SQLite file without write
    permission or opened read-only, a PostgreSQL read-only transaction or standby), in Russian."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if (code is not None and code & 0xFF == 8) or getattr(orig, "sqlstate", None) == "25006":
        return DatabaseProblem("База данных открыта только для чтения (нет права на запись в файл "
                               "или сервер принимает только чтение): ничего не записано. "
                               "Проверьте права на файл базы или обратитесь к администратору")
    return None


def _first_line(exc: object) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class Database:
    """One database the app talks to: its engine and a session factory."""

    def __init__(self, url: str | None = None, engine: Engine | None = None, *,
                 create: bool = True, lock_wait: float | None = None) -> None:
        """`create=False`: refuse a SQLite file that does not exist; `lock_wait`: seconds a
        write waits for another writer's lock before it gives up (see `make_engine`)."""
        self.lock_wait = LOCK_WAIT_SECONDS if lock_wait is None else lock_wait
        self.engine = (engine if engine is not None
                       else make_engine(url or default_db_url(), create=create,
                                        lock_wait=self.lock_wait))
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def location(self) -> str:
        """Where the data lives, for the operator (never the password)."""
        url = self.engine.url
        if self.dialect == "sqlite":
            return f"SQLite: {url.database}"
        return f"PostgreSQL: {url.host or 'localhost'}:{url.port or 5432}/{url.database}"

    def close(self) -> None:
        """Let the pooled connections go (the window closed, the job is done)."""
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session; rolled back on exit (writes go through `app.usecase.transaction`)."""
        with self.sessions() as s:
            try:
                yield s
            finally:
                s.rollback()

    def upgrade(self) -> None:
        """Bring the schema to this program's version, refusing a database that is not ours."""
        check_connection(self.engine)
        from app.schema import upgrade_schema

        upgrade_schema(self.engine)

    def is_empty(self) -> bool:
        return not inspect(self.engine).get_table_names()

    def refresh_statistics(self) -> None:
        """After a bulk load: PostgreSQL's planner statistics brought up to date at once rather
        than whenever autovacuum gets there — with none it takes the new rows for an empty
        table and plans the next billing run's joins as scans of whole tables. SQLite plans
        from its indexes alone and needs nothing."""
        if self.dialect == "postgresql":
            with self.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
