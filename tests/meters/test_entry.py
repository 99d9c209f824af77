"""Reading entry: the sheet, saving typed readings, errors that block and warnings to confirm."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from app.errors import AccessDenied, InvalidInput
from app.meters.entry import check_readings, enter_readings, reading_sheet, sheet_choices
from app.meters.validation import ReadingEntry, WarningsNotConfirmed
from app.models import AccountList, AccountListMember, AuditEntry, Reading, RuleParameter
from app.models.enums import ReadingSource
from app.rights import Actor, Role
from tests.meters.conftest import NOV, TODAY, MeterWorld

VIEWER = Actor(user_id=None, login="view", full_name="Наблюдатель", roles=frozenset({Role.VIEWER}))


def readings(world: MeterWorld, period: int = NOV.code) -> dict[tuple[int, int], D]:
    with world.db.session() as s:
        rows = s.execute(select(Reading.meter_id, Reading.zone, Reading.value)
                         .where(Reading.period == period)).all()
    return {(m, z): v for m, z, v in rows}


def test_sheet_lists_every_meter_zone_in_walking_order_with_previous_and_average(
        world: MeterWorld) -> None:
    rows = reading_sheet(world.db, world.actor, NOV, building_id=world.town.building_id)
    assert [(r.flat, r.resource_title, r.zone_title) for r in rows] == [
        ("1", "ХВС", ""), ("1", "Электроэнергия", "день"), ("1", "Электроэнергия", "ночь"),
        ("2", "ХВС", ""), ("10", "ХВС", ""),
    ]
    cold1 = rows[0]
    assert (cold1.previous, cold1.previous_period, cold1.average) == (D("150"), 202610, D("10"))
    assert cold1.account_number == world.numbers["1"] and cold1.current is None
    night = rows[2]
    assert (night.previous, night.average) == (D("750"), D("50"))
    assert cold1.address == "ул. Ленина, д. 5, кв. 1"
    by_street = reading_sheet(world.db, world.actor, NOV, street="ул. Ленина")
    assert by_street == rows


def test_sheet_by_route_is_a_saved_list_of_accounts(world: MeterWorld) -> None:
    with world.db.sessions() as s, s.begin():
        route = AccountList(name="Маршрут 1")
        s.add(route)
        s.flush()
        s.add(AccountListMember(list_id=route.id, account_id=world.accounts["10"]))
        route_id = route.id
    rows = reading_sheet(world.db, world.actor, NOV, list_id=route_id)
    assert [r.flat for r in rows] == ["10"]
    assert [c.title for c in sheet_choices(world.db, world.actor)["route"]] == ["Маршрут 1"]


def test_entering_a_month_saves_source_and_operator_and_audits(world: MeterWorld) -> None:
    entries = [ReadingEntry(world.cold["1"], D("158")),
               ReadingEntry(world.power, D("1580"), zone=1),
               ReadingEntry(world.power, D("790"), zone=2),
               ReadingEntry(world.cold["2"], D("160.5"), source=ReadingSource.CONSUMER)]
    result = enter_readings(world.db, world.actor, NOV, entries, today=TODAY)
    assert (result.inserted, result.updated, result.warnings) == (4, 0, [])
    assert readings(world) == {(world.cold["1"], 1): D("158"), (world.power, 1): D("1580"),
                               (world.power, 2): D("790"), (world.cold["2"], 1): D("160.5")}
    with world.db.session() as s:
        r = s.scalars(select(Reading).where(Reading.meter_id == world.cold["2"],
                                            Reading.period == NOV.code)).one()
        assert (r.source, r.entered_by_id, r.taken_on) == ("consumer", world.actor.user_id,
                                                           TODAY)
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "reading.enter")) == 4
    sheet = reading_sheet(world.db, world.actor, NOV, building_id=world.town.building_id)
    assert sheet[0].current == D("158")


def test_an_error_blocks_the_whole_batch_and_names_the_meter(world: MeterWorld) -> None:
    entries = [ReadingEntry(world.cold["1"], D("158")), ReadingEntry(world.cold["2"], D("90"))]
    with pytest.raises(InvalidInput) as err:
        enter_readings(world.db, world.actor, NOV, entries, today=TODAY, confirm_warnings=True)
    assert f"л/с {world.numbers['2']}" in err.value.message
    assert "90 меньше предыдущего 150" in err.value.message
    assert readings(world) == {}


def test_a_warning_needs_confirmation_then_saves(world: MeterWorld) -> None:
    entries = [ReadingEntry(world.cold["1"], D("200"))]  # 50 against an average of 10
    with pytest.raises(WarningsNotConfirmed) as err:
        enter_readings(world.db, world.actor, NOV, entries, today=TODAY)
    assert "Расход 50 больше среднего 10" in err.value.message
    assert readings(world) == {}
    result = enter_readings(world.db, world.actor, NOV, entries, today=TODAY,
                            confirm_warnings=True)
    assert result.inserted == 1 and len(result.warnings) == 1


def test_spike_factor_is_a_dated_rule_parameter(world: MeterWorld) -> None:
    with world.db.sessions() as s, s.begin():
        s.add(RuleParameter(code="reading_spike_factor", value=D("6"),
                            date_from=date(2026, 1, 1)))
    checks = check_readings(world.db, world.actor, NOV,
                            [ReadingEntry(world.cold["1"], D("200"))], today=TODAY)
    assert checks[0].problems == [] and checks[0].consumption == D("50")


def test_correcting_a_reading_of_the_open_period_updates_it(world: MeterWorld) -> None:
    enter_readings(world.db, world.actor, NOV, [ReadingEntry(world.cold["1"], D("158"))],
                   today=TODAY)
    again = enter_readings(world.db, world.actor, NOV,
                           [ReadingEntry(world.cold["1"], D("158")),
                            ReadingEntry(world.cold["2"], D("155"))], today=TODAY)
    assert (again.inserted, again.unchanged) == (1, 1)
    fixed = enter_readings(world.db, world.actor, NOV, [ReadingEntry(world.cold["1"], D("157"))],
                           today=TODAY)
    assert fixed.updated == 1 and readings(world)[(world.cold["1"], 1)] == D("157")
    with world.db.session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "reading.correct")).one()
        assert audit.before == {"value": "158", "rollover": False}


def test_closed_period_future_date_and_rights(world: MeterWorld) -> None:
    world.town.period(NOV.code, closed=True)
    with pytest.raises(InvalidInput, match="ноябрь 2026 закрыт"):
        enter_readings(world.db, world.actor, NOV, [ReadingEntry(world.cold["1"], D("158"))],
                       today=TODAY)
    world.town.period(NOV.code, closed=False)
    with pytest.raises(InvalidInput, match="ещё не наступила"):
        enter_readings(world.db, world.actor, NOV,
                       [ReadingEntry(world.cold["1"], D("158"), taken_on=date(2026, 12, 1))],
                       today=TODAY)
    with pytest.raises(AccessDenied):
        enter_readings(world.db, VIEWER, NOV, [ReadingEntry(world.cold["1"], D("158"))],
                       today=TODAY)
    assert readings(world) == {}


def test_the_same_meter_twice_in_one_batch_is_an_error(world: MeterWorld) -> None:
    with pytest.raises(InvalidInput, match="уже есть"):
        enter_readings(world.db, world.actor, NOV, [ReadingEntry(world.cold["1"], D("158")),
                                                    ReadingEntry(world.cold["1"], D("159"))],
                       today=TODAY)
