"""Alembic, driven from code: upgrade on start, refuse foreign or newer databases."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select

from app.db import APP_ID, MIGRATIONS_DIR
from app.errors import DatabaseProblem


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def check_ours(engine: Engine) -> None:
    """A database with tables must carry our marker and a revision this program knows."""
    tables = set(inspect(engine).get_table_names())
    if not tables:
        return
    where = engine.url.render_as_string(hide_password=True)
    if "app_meta" not in tables or "alembic_version" not in tables:
        raise DatabaseProblem(
            f"База данных {where} не является базой «Квартала» — открывать её не буду, "
            "чтобы ничего в ней не испортить"
        )
    from app.models import AppMeta

    with engine.connect() as conn:
        marker = conn.execute(select(AppMeta.value).where(AppMeta.key == "app")).scalar()
    if marker != APP_ID:
        raise DatabaseProblem(f"База данных {where} не является базой «Квартала»")
    rev = current_revision(engine)
    script = ScriptDirectory.from_config(alembic_config(engine))
    if rev is not None and not is_known_revision(script, rev):
        raise DatabaseProblem(
            f"База данных {where} создана более новой версией «Квартала» (схема {rev}); "
            "обновите программу"
        )


def is_known_revision(source: ScriptDirectory | Config, rev: str) -> bool:
    """Whether this program's migrations know `rev` (a newer program's revision is unknown)."""
    script = source if isinstance(source, ScriptDirectory) else ScriptDirectory.from_config(source)
    try:
        return script.get_revision(rev) is not None
    except Exception:
        return False


def upgrade_schema(engine: Engine) -> None:
    check_ours(engine)
    if engine.dialect.name == "sqlite":
        # WAL lets readers work while a billing run writes; it is stored in the file, so set it
        # only once the file is known to be ours (or new)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    command.upgrade(alembic_config(engine), "head")
