"""An arrival or a departure dated in a closed period recalculates the account from that period
and posts the difference in the open one (the request queued with the change is the durable
record: a failed recalculation leaves it open for the accrual specialist); any change of
residents refreshes the lookup index."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from app.accounts.lookup import lookup
from app.billing.run import calculate
from app.calc.period import Period
from app.errors import AccessDenied, DomainError
from app.models import Account, Operation, RecalcRequest, Tariff
from app.models.enums import OperationKind as K
from app.passport.billing_effect import mark_done, open_requests
from app.passport.registration import register_arrival, register_departure
from app.passport.views import ArrivalInput, DepartureInput, Newcomer
from app.recalc.trigger import run_requests
from app.rights import SYSTEM, Right
from tests.passport.conftest import TODAY, Office, person


def _close_up_to_october(office: Office) -> None:
    """September and October 2026 calculated and closed; November open."""
    for code in (202609, 202610):
        office.town.period(code)
        calculate(office.db, SYSTEM, Period.from_code(code))
        office.town.period(code, closed=True)


def recalculated(office: Office, number: str) -> dict[int, int]:
    """Retroactive recalculation posted for the account: corrected period → kopecks."""
    with office.db.session() as s:
        return {ref: int(total) for ref, total in s.execute(
            select(Operation.ref_period, func.sum(Operation.amount))
            .join(Account, Account.id == Operation.account_id)
            .where(Account.number == number, Operation.kind == K.RECALCULATION.value,
                   Operation.period == 202611)
            .group_by(Operation.ref_period))}


def test_backdated_arrival_posts_the_recalculation_of_its_months(office: Office) -> None:
    _close_up_to_october(office)
    result = register_arrival(office.db, office.clerk, ArrivalInput(
        office.number, "permanent", date(2026, 9, 14), (Newcomer("жена", identity=person(
            last="Поздняя", first="Вера", sex="ж")),)), TODAY)
    assert [(q.account_number, q.from_period) for q in result.queued] == \
        [(office.number, 202609)]
    assert "Поздняя В.С." in result.queued[0].cause
    assert result.queued[0].created_by == "Пользователь pasport"
    done = result.recalculation
    assert done.error is None and done.batch is not None and result.queued[0].done_at
    # cold water by the norm, 1 → 2 residents: September from the 14th, October whole
    assert {(line.period.code, line.service) for line in done.lines} == \
        {(202609, "Холодное водоснабжение"), (202610, "Холодное водоснабжение")}
    by_period = {line.period.code: line for line in done.lines}
    assert abs(by_period[202610].new - 2 * by_period[202610].old) <= 1  # each rounded once
    assert 0 < by_period[202609].amount < by_period[202610].amount
    assert recalculated(office, office.number) == {p: ln.amount for p, ln in by_period.items()}
    text = result.summary()
    assert "начиная с «сентябрь 2026»" in text and "Перерасчёт записан в период «ноябрь 2026»" \
        in text and "октябрь 2026, Холодное водоснабжение" in text
    assert open_requests(office.db, office.accountant) == []
    with pytest.raises(DomainError, match="уже выполнен"):
        mark_done(office.db, office.accountant, result.queued[0].request_id)


def test_a_failed_recalculation_keeps_the_change_and_the_request_for_the_specialist(
        office: Office) -> None:
    _close_up_to_october(office)
    with office.db.sessions() as s, s.begin():  # no tariff: September cannot be recomputed
        s.execute(delete(Tariff).where(Tariff.service_id == office.town.services["cold_water"]))
    result = register_arrival(office.db, office.clerk, ArrivalInput(
        office.number, "permanent", date(2026, 9, 14), (Newcomer(identity=person()),)), TODAY)
    assert result.registration_ids and result.recalculation.error is not None
    assert "остался в очереди специалиста по начислениям" in result.summary()
    assert recalculated(office, office.number) == {}
    waiting = open_requests(office.db, office.accountant)
    assert [r.request_id for r in waiting] == [result.queued[0].request_id]
    with pytest.raises(AccessDenied):  # someone else's request: the accrual specialist's
        run_requests(office.db, office.cashier, [waiting[0].request_id], Right.ACCOUNT_VIEW)
    with office.db.sessions() as s, s.begin():
        s.add(Tariff(service_id=office.town.services["cold_water"], value=Decimal("40"),
                     date_from=date(2020, 1, 1)))
    again = run_requests(office.db, office.accountant, [waiting[0].request_id],
                         Right.BILLING_RUN)
    assert again.batch is not None and recalculated(office, office.number)
    assert open_requests(office.db, office.accountant) == []
    with office.db.session() as s:
        assert s.scalar(select(RecalcRequest.batch)
                        .where(RecalcRequest.id == waiting[0].request_id)) == again.batch


def test_a_second_run_of_a_done_request_posts_nothing(office: Office) -> None:
    _close_up_to_october(office)
    result = register_arrival(office.db, office.clerk, ArrivalInput(
        office.number, "permanent", date(2026, 10, 2), (Newcomer(identity=person()),)), TODAY)
    before = recalculated(office, office.number)
    assert before and run_requests(office.db, office.clerk, [result.queued[0].request_id],
                                   Right.PASSPORT_EDIT).batch is None
    assert recalculated(office, office.number) == before


def test_backdated_departure_queues_too_and_an_open_month_change_does_not(
        office: Office) -> None:
    _close_up_to_october(office)
    fresh = register_arrival(office.db, office.clerk, ArrivalInput(
        office.number, "permanent", date(2026, 11, 2), (Newcomer(identity=person()),)), TODAY)
    assert fresh.queued == ()
    host = flat_host(office)
    gone = register_departure(office.db, office.clerk, DepartureInput(
        host, date(2026, 10, 20), departed_to="г. Пермь"), TODAY)
    assert [q.from_period for q in gone.queued] == [202610]
    assert "Убытие с 20.10.2026" in gone.queued[0].cause


def flat_host(office: Office) -> int:
    from app.passport.flat import flat_view

    view = flat_view(office.db, office.clerk, office.number, TODAY)
    return next(r.registration_id for r in view.residents if r.full_name.startswith("Хозяинов"))


def test_communal_room_queues_only_its_own_account(office: Office) -> None:
    _close_up_to_october(office)
    rooms = office.town.communal_flat("30", [("18", 1), ("14", 1)])
    result = register_arrival(office.db, office.clerk, ArrivalInput(
        rooms[1].number, "permanent", date(2026, 10, 1), (Newcomer(identity=person()),)),
        TODAY)
    assert [q.account_number for q in result.queued] == [rooms[1].number]


def test_residents_change_refreshes_the_lookup(office: Office) -> None:
    assert lookup(office.db, office.clerk, "Новиков") == []
    result = register_arrival(office.db, office.clerk, ArrivalInput(
        office.number, "permanent", date(2026, 11, 2), (Newcomer(identity=person()),)), TODAY)
    assert [h.number for h in lookup(office.db, office.clerk, "Новиков Андрей")] == \
        [office.number]
    register_departure(office.db, office.clerk, DepartureInput(
        result.registration_ids[0], date(2026, 11, 3)), TODAY)
    assert lookup(office.db, office.clerk, "Новиков") == []


def test_only_the_accrual_right_marks_a_request_done(office: Office) -> None:
    _close_up_to_october(office)
    with office.db.sessions() as s, s.begin():  # the recalculation fails: the request waits
        s.execute(delete(Tariff).where(Tariff.service_id == office.town.services["cold_water"]))
    result = register_arrival(office.db, office.clerk, ArrivalInput(
        office.number, "permanent", date(2026, 10, 2), (Newcomer(identity=person()),)), TODAY)
    with pytest.raises(AccessDenied):
        mark_done(office.db, office.clerk, result.queued[0].request_id)


def test_a_change_before_any_billing_is_recalculated_from_the_first_period(
        office: Office) -> None:
    _close_up_to_october(office)  # periods on record: 2026-09 and 10 closed, 11 open
    result = register_arrival(office.db, office.clerk, ArrivalInput(
        office.number, "permanent", date(2025, 3, 1), (Newcomer(identity=person()),)), TODAY)
    assert [q.from_period for q in result.queued] == [202609]
