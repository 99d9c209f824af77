"""app.bulk, the one bulk writer: rows it writes are stored exactly as the ORM stores them, on
SQLite and PostgreSQL; a driver's error comes out as SQLAlchemy's; nothing process-wide changes."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Table, select, text
from sqlalchemy.exc import IntegrityError

from app.bulk import BulkWriter, insert_tuples, sqlite_stamp
from app.db import Database
from app.models import Reading
from tests.factories import TownFactory
from tests.test_architecture import core_names

ROOT = Path(__file__).resolve().parent.parent
TABLE: Table = Reading.__table__  # type: ignore[assignment]
MOMENT = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)  # whole seconds: the format keeps .000000


def _stored(db: Database, reading_id: int) -> tuple[object, ...]:
    """The row as the database keeps it (raw, not through the column types)."""
    with db.engine.connect() as conn:
        return tuple(conn.execute(text(
            "SELECT period, taken_on, zone, value, kind, source, rollover, entered_at "
            "FROM reading WHERE id = :id"), {"id": reading_id}).one())


def test_bulk_rows_are_stored_as_the_orm_stores_them(db: Database) -> None:
    town = TownFactory(db).build()
    acc = town.account(flat="1")
    meter = town.meter(acc.id, "cold_water")
    values = dict(meter_id=meter, period=202611, taken_on=date(2026, 11, 25), zone=1,
                  value=Decimal("123.456"), kind="regular", source="operator", rollover=True,
                  entered_at=MOMENT)
    with db.sessions() as s, s.begin():
        orm = Reading(**values, import_key="orm")
        s.add(orm)
        s.flush()
        orm_id = orm.id
        names = [*values, "import_key"]
        bulk = {**values, "period": 202610}  # one reading per meter, period, zone and kind
        insert_tuples(s.connection(), TABLE, names, [(*bulk.values(), "bulk")])
        bulk_id = s.scalar(select(Reading.id).where(Reading.import_key == "bulk"))
    assert bulk_id is not None
    assert _stored(db, bulk_id)[1:] == _stored(db, orm_id)[1:]
    with db.session() as s:
        back = s.get(Reading, bulk_id)
        assert back is not None
        assert (back.value, back.taken_on, back.rollover, back.entered_at) == (
            Decimal("123.456"), date(2026, 11, 25), True, MOMENT)


def test_a_duplicate_key_is_sqlalchemys_integrity_error(db: Database) -> None:
    town = TownFactory(db).build()
    meter = town.meter(town.account(flat="1").id, "cold_water")
    row = (meter, 202611, date(2026, 11, 25), Decimal(5), "regular", "operator", MOMENT, "k")
    names = ["meter_id", "period", "taken_on", "value", "kind", "source", "entered_at",
             "import_key"]
    with pytest.raises(IntegrityError), db.sessions() as s, s.begin():
        insert_tuples(s.connection(), TABLE, names, [row, row])


def test_one_sqlite_timestamp_format() -> None:
    assert sqlite_stamp(MOMENT) == "2026-11-26 09:30:00.000000"
    assert sqlite_stamp(MOMENT.replace(tzinfo=None)) == "2026-11-26 09:30:00.000000"


def test_importing_the_application_registers_no_sqlite3_adapter() -> None:
    packages, modules = core_names()
    probe = ("import importlib, pkgutil, sqlite3, sys\n"
             "before = dict(sqlite3.adapters)\n"
             "for pkg in sys.argv[1].split(','):\n"
             "    mod = importlib.import_module(pkg)\n"
             "    for m in pkgutil.walk_packages(mod.__path__, pkg + '.'):\n"
             "        importlib.import_module(m.name)\n"
             "for name in sys.argv[2].split(','):\n"
             "    importlib.import_module(name)\n"
             "print(dict(sqlite3.adapters) == before)\n")
    result = subprocess.run([sys.executable, "-c", probe, ",".join(packages), ",".join(modules)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.stdout.strip() == "True", result.stderr
    assert BulkWriter.__module__ == "app.bulk"
