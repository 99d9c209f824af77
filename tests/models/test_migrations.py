"""The migration chain builds exactly the schema the models describe, on both databases."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from app.db import Database
from app.models import AppMeta, Base
from app.schema import alembic_config, current_revision, head_revision


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


def test_registrations_and_ownerships_keep_their_rows_across_0003(tmp_path: Path) -> None:
    """0003 rebuilds `registration` and `ownership` on SQLite to add the room's account: every
    row survives."""
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(db.engine), "0002")
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO building (id, company_id, city, street, house, total_area, living_area,"
            " common_area, heating_type, heating_mode, version) VALUES "
            "(1, NULL, 'г. Н', 'ул. А', '1', 0, 0, 0, 'central_unmetered', 'even', 1)"))
        conn.execute(text("INSERT INTO premise (id, building_id, number, kind, total_area, "
                          "version) VALUES (1, 1, '1', 'flat', 50000000, 1)"))
        conn.execute(text("INSERT INTO person (id, last_name, first_name, version) "
                          "VALUES (1, 'Иванов', 'Иван', 1)"))
        conn.execute(text("INSERT INTO registration (id, person_id, premise_id, kind, date_from)"
                          " VALUES (7, 1, 1, 'permanent', '2020-01-01')"))
        conn.execute(text("INSERT INTO ownership (id, premise_id, person_id, share_num, "
                          "share_den, date_from) VALUES (9, 1, 1, 1, 2, '2020-01-01')"))
    db.upgrade()
    assert current_revision(db.engine) == head_revision(db.engine)
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, person_id, premise_id, date_from, account_id "
                                 "FROM registration")).all()
        owned = conn.execute(text("SELECT id, premise_id, share_den, account_id "
                                  "FROM ownership")).all()
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    assert rows == [(7, 1, 1, "2020-01-01", None)] and owned == [(9, 1, 2, None)]
    db.engine.dispose()
