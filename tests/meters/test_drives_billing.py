"""Done-when: a controller's file with a bad row is imported and the accepted readings drive the
next calculation (the billing run reads them from the Reading table)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.billing.run import calculate
from app.db import Database
from app.meters.importing import RowStatus, import_readings, parse_file
from app.models import Operation
from app.models.enums import OperationKind
from app.rights import SYSTEM
from tests.factories import TownFactory
from tests.meters.conftest import HISTORY, NOV, TODAY, specialist


def test_imported_readings_are_charged(db: Database, tmp_path: Path) -> None:
    town = TownFactory(db).build()
    first = town.account(flat="1", services=("cold_water",))
    second = town.account(flat="2", services=("cold_water",))
    history = {p: str(100 + 10 * i) for i, p in enumerate(HISTORY)}  # 150 by October
    town.meter(first.id, "cold_water", serial="А-1", readings=history)
    town.meter(second.id, "cold_water", serial="А-2", readings=history)
    path = tmp_path / "контролёр.csv"
    path.write_text("Заводской номер;Показание;Период\nА-1;157,5;2026-11\nА-2;120;2026-11\n",
                    encoding="utf-8")
    report = import_readings(db, specialist(db), parse_file(path), today=TODAY,
                             source="controller")
    assert [r.status for r in report.rows] == [RowStatus.ACCEPTED, RowStatus.REJECTED]

    calculate(db, SYSTEM, NOV)
    with db.session() as s:
        charged = dict(s.execute(select(Operation.account_id, Operation.amount).where(
            Operation.kind == OperationKind.CHARGE, Operation.period == NOV.code)).all())
    assert charged[first.id] == 33900  # 7.5 m³ × 45.20 ₽
    assert charged[second.id] == 45200  # rejected reading: the 6-month average, 10 m³


def test_declared_rollover_is_charged_across_the_wrap(db: Database) -> None:
    from sqlalchemy import update

    from app.models import Reading

    town = TownFactory(db).build()
    acc = town.account(flat="1", services=("cold_water",))
    readings: dict[int, str | tuple[str, ...]] = {
        p: str(99900 + 10 * i) for i, p in enumerate(HISTORY)}  # 99950 by October
    readings[NOV.code] = "5"
    meter_id = town.meter(acc.id, "cold_water", serial="W-1", digits=5, readings=readings)
    with db.sessions() as s, s.begin():
        s.execute(update(Reading).where(Reading.meter_id == meter_id,
                                        Reading.period == NOV.code).values(rollover=True))
    calculate(db, SYSTEM, NOV)
    with db.session() as s:
        amount = s.scalar(select(Operation.amount).where(
            Operation.kind == OperationKind.CHARGE, Operation.account_id == acc.id))
    assert amount == 55 * 4520  # 99950 → 100000 → 5: 55 m³ × 45.20 ₽
