"""An arrival or a departure dated in a closed period queues the account's recalculation from
that period; any change of residents refreshes the lookup index."""

from __future__ import annotations

from datetime import date

import pytest

from app.accounts.lookup import lookup
from app.errors import AccessDenied, DomainError
from app.passport.billing_effect import mark_done, open_requests
from app.passport.registration import register_arrival, register_departure
from app.passport.views import ArrivalInput, DepartureInput, Newcomer
from tests.passport.conftest import TODAY, Office, person


def _close_up_to_october(office: Office) -> None:
    office.town.period(202609, closed=True)
    office.town.period(202610, closed=True)


def test_backdated_arrival_queues_recalculation_from_its_month(office: Office) -> None:
    _close_up_to_october(office)
    result = register_arrival(office.db, office.clerk, ArrivalInput(
        office.number, "permanent", date(2026, 9, 14), (Newcomer("жена", identity=person(
            last="Поздняя", first="Вера", sex="ж")),)), TODAY)
    assert [(q.account_number, q.from_period) for q in result.queued] == \
        [(office.number, 202609)]
    assert "Поздняя В.С." in result.queued[0].cause
    assert result.queued[0].created_by == "Пользователь pasport"
    assert "начиная с периода «сентябрь 2026»" in result.summary()
    waiting = open_requests(office.db, office.accountant)
    assert [(r.request_id, r.from_period) for r in waiting] == [(result.queued[0].request_id,
                                                                 202609)]
    done = mark_done(office.db, office.accountant, waiting[0].request_id)
    assert done.done_at is not None and open_requests(office.db, office.accountant) == []
    with pytest.raises(DomainError, match="уже выполнен"):
        mark_done(office.db, office.accountant, waiting[0].request_id)


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
