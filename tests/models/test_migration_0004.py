"""0004 adds the CHECK constraints to databases that already hold data, on SQLite (tables
rebuilt in batch mode, foreign keys intact) and PostgreSQL: every valid row survives; the rows
the old demo generator wrote that were never in force are removed with an audit entry; any
other row that breaks a rule stops the upgrade and changes nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from app.db import Database
from app.errors import DatabaseProblem
from app.models import Base
from app.schema import alembic_config, current_revision, head_revision
from tests.conftest import PG_ADMIN_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def old(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database at revision 0003."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'old.db'}")
        command.upgrade(alembic_config(db.engine), "0003")
        yield db
        db.engine.dispose()
        return
    if PG_ADMIN_URL == "skip":
        pytest.skip("PostgreSQL disabled by KVARTAL_TEST_PG=skip")
    name = f"kvartal_0004_{os.getpid()}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database(admin.url.set(database=name).render_as_string(hide_password=False))
    command.upgrade(alembic_config(db.engine), "0003")
    yield db
    db.engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


ROWS = [
    "INSERT INTO organization (id, kind, name, short_name, inn, version) VALUES "
    "(1, 'management_company', 'УК', 'УК', '7701000001', 1)",
    "INSERT INTO building (id, company_id, city, street, house, total_area, living_area, "
    "common_area, heating_type, heating_mode, version) VALUES "
    "(1, 1, 'г. Н', 'ул. А', '1', 0, 0, 0, 'central_unmetered', 'even', 1)",
    "INSERT INTO premise (id, building_id, number, kind, total_area, version) VALUES "
    "(1, 1, '1', 'flat', 50000000, 1)",
    "INSERT INTO person (id, last_name, first_name, version) VALUES "
    "(1, 'Иванов', 'Иван', 1), (2, 'Иванов', 'Пётр', 1)",
    "INSERT INTO account (id, number, premise_id, payer_person_id, payer_name, status, "
    "opened_on, version) VALUES (1, '0000010019', 1, 1, 'Иванов Иван', 'open', '2020-01-01', 1)",
    "INSERT INTO registration (id, person_id, premise_id, kind, date_from, date_to) VALUES "
    "(7, 1, 1, 'permanent', '2020-01-01', NULL), "
    "(8, 2, 1, 'permanent', '2026-07-12', '2026-05-04')",  # born after the household left
    "INSERT INTO ownership (id, premise_id, person_id, share_num, share_den, date_from) "
    "VALUES (9, 1, 1, 1, 2, '2020-01-01')",
    "INSERT INTO meter (id, kind, resource, account_id, serial, zones, digits, installed_on, "
    "status, removed_on, version) VALUES "
    "(1, 'individual', 'cold_water', 1, 'A1', 1, 5, '2021-01-01', 'active', NULL, 1), "
    "(2, 'individual', 'cold_water', 1, 'B2', 1, 5, '2026-02-22', 'removed', '2025-12-03', 1)",
    "INSERT INTO reading (id, meter_id, period, taken_on, zone, value, kind, source, rollover, "
    "entered_at) VALUES "
    "(1, 1, 202609, '2026-09-20', 1, 5000000, 'regular', 'operator', false, "
    "'2026-09-20 10:00:00'), "
    "(2, 2, 202602, '2026-02-22', 1, 1000000, 'initial', 'operator', false, "
    "'2026-02-22 10:00:00')",
]


def _fill(db: Database, *extra: str) -> None:
    with db.engine.begin() as conn:
        for sql in (*ROWS, *extra):
            conn.execute(text(sql))


def _all(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_rows_survive_and_the_never_in_force_are_removed_with_an_audit(old: Database) -> None:
    _fill(old)
    old.upgrade()
    assert current_revision(old.engine) == head_revision(old.engine)
    assert _all(old, "SELECT id FROM registration") == [(7,)]
    assert _all(old, "SELECT id, share_num, share_den FROM ownership") == [(9, 1, 2)]
    assert _all(old, "SELECT id FROM meter") == [(1,)]
    assert _all(old, "SELECT id, meter_id FROM reading") == [(1, 1)]
    assert _all(old, "SELECT id, opened_on FROM account")[0][0] == 1
    assert sorted(_all(old, "SELECT entity, entity_id FROM audit_entry "
                            "WHERE action = 'migration.0004.remove'")) == \
        [("meter", "2"), ("registration", "8")]
    with old.engine.connect() as conn:  # indexes, keys and types as the models say
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
    if old.dialect == "sqlite":
        assert _all(old, "PRAGMA foreign_key_check") == []
        assert _all(old, "PRAGMA foreign_keys") == [(1,)]
    with pytest.raises(IntegrityError, match="ck_registration_dates_in_order"), \
            old.engine.begin() as conn:
        conn.execute(text("INSERT INTO registration (person_id, premise_id, kind, date_from, "
                          "date_to) VALUES (2, 1, 'permanent', '2026-07-12', '2026-05-04')"))


def test_any_other_broken_row_stops_the_upgrade_and_changes_nothing(old: Database) -> None:
    _fill(old, "INSERT INTO ownership (id, premise_id, person_id, share_num, share_den, "
               "date_from) VALUES (10, 1, 2, 3, 2, '2020-01-01')")
    with pytest.raises(DatabaseProblem) as refused:
        old.upgrade()
    assert "ownership (share_within_whole): 10" in refused.value.message
    assert "ничего не изменено" in refused.value.message
    assert current_revision(old.engine) == "0003"
    assert _all(old, "SELECT id FROM registration ORDER BY id") == [(7,), (8,)]
    assert _all(old, "SELECT id FROM meter ORDER BY id") == [(1,), (2,)]
