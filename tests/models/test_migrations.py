"""The migration chain builds exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from app.db import Database
from app.models import AppMeta, Base
from app.schema import current_revision, head_revision


def test_upgrade_leaves_no_autogenerate_diff(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_upgraded_database_is_at_head_and_marked(db: Database) -> None:
    assert current_revision(db.engine) == head_revision(db.engine)
    with db.sessions() as s:
        assert s.scalar(select(AppMeta.value).where(AppMeta.key == "app")) == "kvartal"


def test_upgrade_twice_changes_nothing(db: Database) -> None:
    db.upgrade()
    assert current_revision(db.engine) == head_revision(db.engine)
