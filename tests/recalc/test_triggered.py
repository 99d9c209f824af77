"""Triggered recalculation: a use case that changes an input of a closed period posts the
difference in the open period at once (app.recalc.trigger), with both bases; an unchanged input
posts nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.billing.run import calculate
from app.billing.scope import Scope
from app.calc.period import Period
from app.db import Database
from app.errors import AccessDenied, InvalidInput, PeriodClosed
from app.ledger.periods import open_period
from app.meters.entry import enter_readings
from app.meters.validation import ReadingEntry
from app.models import Account, Operation, Reading, RecalcRequest, Tariff
from app.models.enums import OperationKind as K
from app.recalc.outcome import Triggered
from app.rights import SYSTEM, Actor, Role
from app.tariffs.editing import (
    Retroactive,
    close_and_replace,
    correct_tariff,
    replace_retroactively,
)
from app.tariffs.views import TariffInput
from tests.factories import TestTown, TownFactory, make_user

OCT, NOV = Period(2026, 10), Period(2026, 11)
TODAY = date(2026, 11, 20)


def _actor(db: Database, login: str, role: Role) -> Actor:
    uid = make_user(db, login, [role.value])
    return Actor(user_id=uid, login=login, full_name=f"Пользователь {login}",
                 roles=frozenset({role.value}))


def metered_october(db: Database) -> tuple[TestTown, int, int]:
    """Cold water by a meter (100 → 110 in October), October calculated and closed."""
    town = TownFactory(db).build()
    acc = town.account(area="50", residents=2, services=("maintenance", "cold_water"))
    meter = town.meter(acc.id, "cold_water", readings={202609: "100", 202610: "110"})
    town.period(OCT.code)
    calculate(db, SYSTEM, OCT)
    town.period(OCT.code, closed=True)
    return town, acc.id, meter


def recalc_rows(db: Database, account_id: int) -> list[tuple[int, int, int, dict]]:
    with db.session() as s:
        return [(p, ref, amount, basis) for p, ref, amount, basis in s.execute(
            select(Operation.period, Operation.ref_period, Operation.amount, Operation.basis)
            .where(Operation.account_id == account_id,
                   Operation.kind == K.RECALCULATION.value).order_by(Operation.id))]


def test_a_closed_periods_reading_is_refused_without_a_reason(db: Database) -> None:
    _town, acc, meter = metered_october(db)
    oper = _actor(db, "oper", Role.ACCRUAL)
    with pytest.raises(InvalidInput, match="закрыт"):
        enter_readings(db, oper, OCT, [ReadingEntry(meter, Decimal("115"))], today=TODAY)
    with db.session() as s:
        assert s.scalar(select(Reading.value).where(Reading.meter_id == meter,
                                                    Reading.period == OCT.code)) == 110
    assert recalc_rows(db, acc) == []


def test_a_corrected_reading_of_a_closed_period_posts_the_difference_with_both_bases(
        db: Database) -> None:
    _town, acc, meter = metered_october(db)
    oper = _actor(db, "oper", Role.ACCRUAL)
    result = enter_readings(db, oper, OCT, [ReadingEntry(meter, Decimal("115"))], today=TODAY,
                            reason="ошибка ввода: в акте 115")
    assert result.updated == 1
    done = result.recalculation
    assert done.error is None and done.batch is not None
    [line] = done.lines
    assert (line.period, line.service) == (OCT, "Холодное водоснабжение")
    assert line.new * 10 == line.old * 15  # 10 m³ → 15 m³ at the same tariff
    [(period, ref, amount, basis)] = recalc_rows(db, acc)
    assert (period, ref, amount) == (NOV.code, OCT.code, line.amount)
    assert basis["old_amount"] == line.old and basis["new_amount"] == line.new
    assert basis["old"] and basis["new"] and "было" in basis["explanation"]
    # the same value again changes nothing and posts nothing
    again = enter_readings(db, oper, OCT, [ReadingEntry(meter, Decimal("115"))], today=TODAY,
                           reason="повторно")
    assert again.unchanged == 1 and again.recalculation.request_ids == ()
    assert len(recalc_rows(db, acc)) == 1


def maintenance_tariff(db: Database, town: TestTown) -> int:
    with db.session() as s:
        t = s.scalars(select(Tariff.id).where(Tariff.service_id == town.services["maintenance"])
                      .order_by(Tariff.date_from.desc())).first()
        assert t is not None
        return t


def test_a_tariff_from_a_closed_month_is_refused_without_a_reason_and_recalculated_with_one(
        db: Database) -> None:
    town, acc, _meter = metered_october(db)
    oper = _actor(db, "oper", Role.ACCRUAL)
    old = maintenance_tariff(db, town)
    with pytest.raises(PeriodClosed):
        close_and_replace(db, oper, old, Decimal("60"), date(2026, 10, 1))
    with pytest.raises(InvalidInput, match="причину"):
        replace_retroactively(db, oper, old, Decimal("60"), date(2026, 10, 1), "  ")
    assert recalc_rows(db, acc) == []
    done = replace_retroactively(db, oper, old, Decimal("60"), date(2026, 10, 1),
                                 "решение собрания от 28.09.2026 получено поздно")
    [line] = done.recalculation.lines
    assert (line.period, line.service) == (OCT, "Содержание жилого помещения")
    assert line.new == 50 * 6000  # 50 m² × 60,00 ₽
    [(period, ref, amount, _basis)] = recalc_rows(db, acc)
    assert (period, ref, amount) == (NOV.code, OCT.code, line.new - line.old)
    # the same value saved again, for a reason, recalculates and posts nothing
    with db.session() as s:
        new = s.get_one(Tariff, done.row_id)
        inp = TariffInput("maintenance", new.value, new.date_from, new.date_to, id=new.id)
        version = new.version
    again = correct_tariff(db, oper, inp, "проверка", version)
    assert again.recalculation.lines == () and len(recalc_rows(db, acc)) == 1


def test_a_tariff_corrector_without_the_right_changes_nothing(db: Database) -> None:
    town, acc, _meter = metered_october(db)
    cashier = _actor(db, "kassa", Role.CASHIER)
    with pytest.raises(AccessDenied):
        replace_retroactively(db, cashier, maintenance_tariff(db, town), Decimal("60"),
                              date(2026, 10, 1), "причина")
    assert recalc_rows(db, acc) == []


def _tariff_from(db: Database, town: TestTown, on: date, value: Decimal) -> Retroactive:
    """Maintenance costs `value` from `on` (a decision that came late): a new value from the
    date, or the latest value corrected where it starts on or after it."""
    with db.session() as s:
        row = s.get_one(Tariff, maintenance_tariff(db, town))
        inp = TariffInput("maintenance", value, row.date_from, row.date_to, id=row.id)
        start, version = row.date_from, row.version
    if on > start:
        return replace_retroactively(db, SYSTEM, inp.id or 0, value, on, "решение пришло поздно")
    return correct_tariff(db, SYSTEM, inp, "решение пришло поздно", version)


_PROPERTY_TOWNS: dict[int, tuple[Database, TestTown, int]] = {}


def _property_town(db: Database) -> tuple[TestTown, int]:
    """Cold water by the norm for 2 residents and maintenance by area; October calculated and
    closed by the closing use case (snapshots written); November open. Kept across examples:
    the invariants hold from any state."""
    from app.ledger.periods import close_period

    if id(db) not in _PROPERTY_TOWNS or _PROPERTY_TOWNS[id(db)][0] is not db:
        town = TownFactory(db).build()
        acc = town.account(area="50", residents=2, services=("maintenance", "cold_water"))
        town.period(OCT.code)
        calculate(db, SYSTEM, OCT)
        close_period(db, SYSTEM, OCT)
        _PROPERTY_TOWNS[id(db)] = (db, town, acc.id)
    return _PROPERTY_TOWNS[id(db)][1], _PROPERTY_TOWNS[id(db)][2]


def _batch_total(db: Database, batch: str) -> dict[tuple[int, int], int]:
    with db.session() as s:
        return {(ref, svc): int(total) for ref, svc, total in s.execute(
            select(Operation.ref_period, Operation.service_id, func.sum(Operation.amount))
            .where(Operation.cause.in_([f"recalc:{batch}", f"recalc:{batch}:reversal"]))
            .group_by(Operation.ref_period, Operation.service_id))}


@settings(max_examples=6, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(["arrive", "depart", "tariff",
                                                 "reverse", "close"]),
                                st.integers(1, 31), st.decimals("20", "80", places=2)),
                      min_size=1, max_size=5))
def test_triggered_recalculations_post_what_is_due_once_and_reverse_to_zero(
        db: Database, steps: list[tuple[str, int, Decimal]]) -> None:
    from app.ledger.periods import close_period
    from app.ledger.snapshots import verify
    from app.passport.flat import flat_view
    from app.passport.registration import register_arrival, register_departure
    from app.passport.views import ArrivalInput, DepartureInput, Newcomer
    from app.recalc.retro import recalculate, reverse_recalculation
    from tests.passport.conftest import person

    town, acc = _property_town(db)
    with db.session() as s:
        number = s.get_one(Account, acc).number
    today = date(2027, 1, 31)
    batches: list[str] = []
    for n, (step, day, value) in enumerate(steps):
        on = date(2026, 10, min(day, 31))
        done: Triggered | None = None
        if step == "arrive":
            done = register_arrival(db, SYSTEM, ArrivalInput(number, "permanent", on, (
                Newcomer(identity=person(f"Прибывший{len(batches)}{n}{day}", snils=None)),)),
                today).recalculation
        elif step == "depart":
            living = [r for r in flat_view(db, SYSTEM, number, today).current
                      if r.date_from <= on]
            if living:
                done = register_departure(db, SYSTEM, DepartureInput(
                    living[0].registration_id, on), today).recalculation
        elif step == "tariff":
            done = _tariff_from(db, town, on, value).recalculation
        elif step == "reverse" and batches:
            gone = batches.pop()
            reverse_recalculation(db, SYSTEM, gone)
            assert set(_batch_total(db, gone).values()) == {0}  # nets to zero, line by line
        elif step == "close":
            close_period(db, SYSTEM)
        if done is not None and done.request_ids:
            # everything due from October on was posted: a second recalculation finds nothing
            assert done.error is None
            with db.session() as s:
                last = open_period(s).prev()
            again = recalculate(db, SYSTEM, OCT, last, Scope(account_ids=(acc,)), preview=True)
            assert again.differences == []
        batch = done.batch if done is not None else None
        if batch:
            batches.append(batch)
    assert verify(db) == []  # the ledger equals the balances and snapshots


def test_an_account_opened_later_than_recorded_gives_back_the_days_before(
        db: Database) -> None:
    from app.accounts.editing import change_account_dates

    _town, acc, _meter = metered_october(db)
    oper = _actor(db, "oper", Role.ACCRUAL)
    number = _number_of(db, acc)
    with pytest.raises(InvalidInput, match="причину"):
        change_account_dates(db, oper, number, date(2026, 10, 17), None, "")
    done = change_account_dates(db, oper, number, date(2026, 10, 17), None,
                                "договор заключён 17.10.2026").recalculation
    maintenance = next(ln for ln in done.lines if ln.service == "Содержание жилого помещения")
    assert maintenance.period == OCT and abs(maintenance.new * 31 - maintenance.old * 15) <= 31
    assert all(ln.amount < 0 for ln in done.lines)
    again = change_account_dates(db, oper, number, date(2026, 10, 17), None, "повторно")
    assert again.recalculation.request_ids == ()


def test_a_corrected_area_is_recalculated_from_its_day(db: Database) -> None:
    from app.accounts.editing import change_area

    _town, acc, _meter = metered_october(db)
    oper = _actor(db, "oper", Role.ACCRUAL)
    done = change_area(db, oper, _number_of(db, acc), Decimal("60"), date(2026, 10, 1),
                       "техпаспорт БТИ от 01.11.2026").recalculation
    [line] = done.lines
    assert (line.period, line.service) == (OCT, "Содержание жилого помещения")
    assert line.new * 50 == line.old * 60
    assert change_area(db, oper, _number_of(db, acc), Decimal("60"), date(2026, 10, 1),
                       "то же").recalculation.request_ids == ()


def _number_of(db: Database, account_id: int) -> str:
    with db.session() as s:
        return s.get_one(Account, account_id).number


def test_a_town_wide_change_is_recalculated_as_the_whole_town_in_chunks(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.recalc import trigger

    town = TownFactory(db).build()
    first = town.account(area="50", residents=2, services=("maintenance", "cold_water"))
    other = town.account(flat="2", area="40", residents=1, services=("maintenance",))
    town.period(OCT.code)
    calculate(db, SYSTEM, OCT)
    town.period(OCT.code, closed=True)
    monkeypatch.setattr(trigger, "CHUNK", 1)  # two accounts: more than a chunk
    done = replace_retroactively(db, SYSTEM, maintenance_tariff(db, town), Decimal("60"),
                                 date(2026, 10, 1), "решение собрания").recalculation
    assert {ln.account_number for ln in done.lines} == {first.number, other.number}
    assert len(done.request_ids) == 2
    with db.session() as s:
        assert set(s.scalars(select(RecalcRequest.batch))) == {done.batch}
