"""Meter registry: adding with checks, editing with a version, replacement and removal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from app.errors import Conflict, InvalidInput
from app.meters.entry import enter_readings, reading_sheet
from app.meters.registry import (
    MeterData,
    add_meter,
    edit_meter,
    list_meters,
    meter_card,
    remove_meter,
    replace_meter,
)
from app.meters.rules import SeriesReading, period_consumption
from app.meters.validation import ReadingEntry
from app.models import AuditEntry, Reading
from app.models.enums import MeterKind, MeterStatus
from tests.meters.conftest import NOV, TODAY, MeterWorld


def hot(world: MeterWorld, **kw: object) -> MeterData:
    data = MeterData(kind=MeterKind.INDIVIDUAL, resource="hot_water", serial=" ГВ-77 ",
                     installed_on=date(2026, 11, 3), account_id=world.accounts["2"],
                     model="СГВ-15", seal_number="П-1", sealed_on=date(2026, 11, 3),
                     verified_on=date(2026, 10, 1), verification_interval_years=4)
    return replace(data, **kw)  # type: ignore[arg-type]


def series(world: MeterWorld, meter_id: int) -> list[SeriesReading]:
    with world.db.session() as s:
        rows = s.execute(select(Reading.period, Reading.kind, Reading.value)
                         .where(Reading.meter_id == meter_id, Reading.zone == 1)).all()
    return [SeriesReading(p, k, v) for p, k, v in rows]


def test_add_meter_computes_next_verification_and_writes_the_initial_reading(
        world: MeterWorld) -> None:
    mid = add_meter(world.db, world.actor, hot(world), today=TODAY, initial={1: D("0.5")})
    card = meter_card(world.db, world.actor, mid)
    assert (card.serial, card.next_verification, card.status) == \
        ("ГВ-77", date(2030, 10, 1), MeterStatus.ACTIVE)
    assert card.service_id == world.town.services["hot_water"]
    assert series(world, mid) == [SeriesReading(202611, "initial", D("0.5"))]
    sheet = reading_sheet(world.db, world.actor, NOV, account_id=world.accounts["2"])
    assert [(r.serial, r.previous) for r in sheet] == [("ХВ-2", D("150")), ("ГВ-77", D("0.5"))]
    assert [m.serial for m in list_meters(world.db, world.actor,
                                          account_id=world.accounts["2"], on=TODAY)] == \
        ["ХВ-2", "ГВ-77"]


def test_add_meter_reports_every_problem_in_russian(world: MeterWorld) -> None:
    bad = hot(world, serial="", zones=2, installed_on=date(2026, 12, 1), account_id=None)
    with pytest.raises(InvalidInput) as err:
        add_meter(world.db, world.actor, bad, today=TODAY)
    text = err.value.message
    for fragment in ("Не указан заводской номер", "Не указан лицевой счёт",
                     "у электроэнергии — 1, 2 или 3", "01.12.2026 ещё не наступила"):
        assert fragment in text
    assert "Прибор не сохранён" in text


def test_edit_meter_checks_the_version(world: MeterWorld) -> None:
    card = meter_card(world.db, world.actor, world.cold["1"])
    data = MeterData(**{f: getattr(card, f) for f in MeterData.__dataclass_fields__})
    edit_meter(world.db, world.actor, card.meter_id, replace(data, seal_number="П-99"),
               version=card.version, today=TODAY)
    assert meter_card(world.db, world.actor, card.meter_id).seal_number == "П-99"
    with pytest.raises(Conflict, match="другой пользователь"):
        edit_meter(world.db, world.actor, card.meter_id, replace(data, model="Другая"),
                   version=card.version, today=TODAY)


def test_replacement_splits_the_month_and_the_next_month_uses_the_new_meter(
        world: MeterWorld) -> None:
    old = world.cold["1"]  # 150 at the end of October
    new = replace_meter(world.db, world.actor, old, on=date(2026, 11, 14), final={1: D("156")},
                        new=hot(world, resource="cold_water", serial="ХВ-1Н"),
                        initial={1: D("0")}, today=TODAY)
    old_card, new_card = meter_card(world.db, world.actor, old), \
        meter_card(world.db, world.actor, new)
    assert (old_card.status, old_card.removed_on, old_card.replaced_by_id) == \
        (MeterStatus.REPLACED, date(2026, 11, 14), new)
    assert (new_card.account_id, new_card.installed_on, new_card.resource) == \
        (world.accounts["1"], date(2026, 11, 14), "cold_water")
    # the sheet now offers the new meter, measured from its initial reading
    sheet = reading_sheet(world.db, world.actor, NOV, account_id=world.accounts["1"])
    assert [(r.serial, r.previous) for r in sheet if r.resource == "cold_water"] == \
        [("ХВ-1Н", D("0"))]
    enter_readings(world.db, world.actor, NOV, [ReadingEntry(new, D("4"))], today=TODAY)
    month = period_consumption(series(world, old), NOV.code) + \
        period_consumption(series(world, new), NOV.code)
    assert month == D("10")  # 6 on the old meter + 4 on the new one
    # readings on the replaced meter are refused
    with pytest.raises(InvalidInput, match="снят или заменён"):
        enter_readings(world.db, world.actor, NOV, [ReadingEntry(old, D("160"))], today=TODAY)
    with world.db.session() as s:
        assert s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "meter")).all() \
            == ["meter.replace"]


def test_replacement_refuses_a_final_reading_below_the_last_one(world: MeterWorld) -> None:
    with pytest.raises(InvalidInput, match="Конечное показание 140 меньше последнего 150"):
        replace_meter(world.db, world.actor, world.cold["1"], on=date(2026, 11, 14),
                      final={1: D("140")}, new=hot(world, resource="cold_water"),
                      initial={1: D("0")}, today=TODAY)
    assert meter_card(world.db, world.actor, world.cold["1"]).status == MeterStatus.ACTIVE


def test_replacement_into_a_closed_period_is_refused(world: MeterWorld) -> None:
    world.town.period(202610, closed=True)
    with pytest.raises(InvalidInput, match="октябрь 2026 закрыт"):
        replace_meter(world.db, world.actor, world.cold["1"], on=date(2026, 10, 20),
                      final={1: D("155")}, new=hot(world, resource="cold_water",
                                                   verified_on=date(2026, 9, 1)),
                      initial={1: D("0")}, today=TODAY)


def test_remove_meter_writes_both_zones_final_readings(world: MeterWorld) -> None:
    with pytest.raises(InvalidInput, match="Нет конечного показания"):
        remove_meter(world.db, world.actor, world.power, on=date(2026, 11, 20),
                     final={1: D("1600")}, today=TODAY)
    remove_meter(world.db, world.actor, world.power, on=date(2026, 11, 20),
                 final={1: D("1600"), 2: D("800")}, today=TODAY)
    assert meter_card(world.db, world.actor, world.power).status == MeterStatus.REMOVED
    assert period_consumption(series(world, world.power), NOV.code) == D("100")
