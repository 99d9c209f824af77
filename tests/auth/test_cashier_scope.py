"""A cashier limited to one building is refused everything outside it (issue #23): the lookup
does not find the other building's accounts, its card, notes, payments, readings and
certificates are refused, and a viewer with the same limit sees only her building in reports."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.card import load_card
from app.accounts.lookup import lookup
from app.accounts.notes import add_note
from app.accounts.search_index import rebuild_search_index
from app.auth.login import login
from app.auth.users import add_user
from app.auth.views import UserForm
from app.billing.run import calculate
from app.calc.period import Period
from app.cashdesk.posting import PaymentRequest
from app.cashdesk.shifts import open_shift, take_payment
from app.db import Database
from app.documents.certificates import issue_certificate
from app.errors import AccessDenied
from app.meters.entry import reading_sheet, sheet_choices
from app.models import AccountNote, Payment
from app.reports.filters import ReportFilter
from app.reports.turnover import turnover
from app.rights import SYSTEM
from tests.factories import TownFactory, make_user


def test_a_cashier_for_one_building_is_refused_everything_outside_it(db: Database) -> None:
    town = TownFactory(db).build()
    other = town.add_building("7")
    home = town.account(flat="1", surname="Домашняя")
    away = town.account(flat="2", surname="Чужая", building_id=other)
    rebuild_search_index(db)
    make_user(db, "boss", ["admin"], password="адм-пароль")
    admin = login(db, "boss", "адм-пароль")
    limit = frozenset({town.building_id})
    add_user(db, admin, UserForm("kassir", "Кассир", ("cashier",), building_ids=limit),
             "пароль-1", "пароль-1")
    add_user(db, admin, UserForm("glaz", "Наблюдатель", ("viewer",), building_ids=limit),
             "пароль-1", "пароль-1")
    kassir = login(db, "kassir", "пароль-1")
    calculate(db, SYSTEM)

    assert [h.number for h in lookup(db, kassir, "Чужая")] == []
    assert [h.number for h in lookup(db, kassir, away.number)] == []
    assert [h.number for h in lookup(db, kassir, "Домашняя")] == [home.number]
    assert [h.number for h in lookup(db, kassir, home.number)] == [home.number]
    assert [h.number for h in lookup(db, admin, "Чужая")] == [away.number]
    assert load_card(db, kassir, home.number).general.number == home.number
    shift = open_shift(db, kassir, "Касса 1")
    refused = [
        lambda: load_card(db, kassir, away.number),
        lambda: add_note(db, kassir, away.id, "записка"),
        lambda: take_payment(db, kassir, shift.shift_id,
                             PaymentRequest(key="k-away", account=away.number, amount=10_000)),
        lambda: issue_certificate(db, kassir, "account-copy", away.number),
    ]
    for attempt in refused:
        with pytest.raises(AccessDenied, match="зону обслуживания"):
            attempt()
    places = {c.key for c in sheet_choices(db, kassir)["building"]}
    assert places == {town.building_id}
    assert {r.account_number for r in reading_sheet(db, kassir, Period(2026, 11),
                                                    building_id=other)} <= {home.number}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AccountNote)) == 0
        assert s.scalar(select(func.count()).select_from(Payment)) == 0

    glaz = login(db, "glaz", "пароль-1")
    table = turnover(db, glaz, ReportFilter(Period(2026, 11), Period(2026, 11)))
    everyone = turnover(db, admin, ReportFilter(Period(2026, 11), Period(2026, 11)))
    assert home.number in str(table.rows) and away.number not in str(table.rows)
    assert away.number in str(everyone.rows)
