"""Mass tariff change: a list of the filtered accounts gets its own tariff from a date."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import InvalidInput, PeriodClosed
from app.models import AuditEntry, Tariff
from app.rights import Actor, Role
from app.tariffs.mass_change import list_members, mass_tariff_change
from app.tariffs.queries import list_tariffs
from app.tariffs.views import AccountFilter, Scope
from tests.factories import TestTown
from tests.tariffs.conftest import SPECIALIST

D = Decimal


def test_mass_change_for_named_accounts(db: Database, town: TestTown) -> None:
    a = town.account(flat="1")
    b = town.account(flat="2")
    c = town.account(flat="3", services=("maintenance",))  # no cold water
    town.account(flat="4")  # not named: keeps the common tariff
    result = mass_tariff_change(db, SPECIALIST, "cold_water", D("41.00"), date(2026, 12, 1),
                                AccountFilter(numbers=(a.number, b.number, c.number)))
    assert result.accounts == 2
    assert result.skipped == (c.number,)
    assert not result.list_reused
    assert sorted(list_members(db, result.list_id)) == sorted([a.number, b.number])
    with db.session() as s:
        t = s.get(Tariff, result.tariff_id)
        assert t is not None
        assert (t.account_list_id, t.building_id, t.supplier_id) == (result.list_id, None, None)
        assert (t.value, t.date_from, t.date_to, t.zone) == (D("41"), date(2026, 12, 1), None, 0)
        audit = s.scalars(select(AuditEntry)
                          .where(AuditEntry.action == "tariff.mass_change")).one()
        assert audit.after["accounts"] == 2
        assert audit.after["filter"]["numbers"] == [a.number, b.number, c.number]
    rows = list_tariffs(db, "cold_water")
    assert [r.scope for r in rows] == [Scope.EVERYWHERE, Scope.ACCOUNT_LIST]
    assert rows[1].scope_title.endswith("(2 сч.)")
    assert rows[0].date_to is None  # the common tariff is untouched


def test_a_second_change_reuses_the_list_and_ends_its_previous_tariff(
        db: Database, town: TestTown) -> None:
    a, b = town.account(flat="1"), town.account(flat="2")
    first = mass_tariff_change(db, SPECIALIST, "cold_water", D("41"), date(2026, 12, 1),
                               AccountFilter(building_id=town.building_id))
    second = mass_tariff_change(db, SPECIALIST, "cold_water", D("43"), date(2027, 1, 1),
                                AccountFilter(numbers=(b.number, a.number)))
    assert second.list_reused and second.list_id == first.list_id
    assert second.closed_tariff_ids == (first.tariff_id,)
    with db.session() as s:
        old = s.get(Tariff, first.tariff_id)
        assert old is not None and old.date_to == date(2026, 12, 31)
    with pytest.raises(InvalidInput, match=re.escape("43,00 ₽ с 01.01.2027 бессрочно")):
        # an earlier date for the same list would cut into the newer tariff
        mass_tariff_change(db, SPECIALIST, "cold_water", D("42"), date(2026, 12, 15),
                           AccountFilter(company_id=town.company_id))


def test_bad_filters_are_refused_with_a_list(db: Database, town: TestTown) -> None:
    a = town.account(flat="1")
    with pytest.raises(InvalidInput) as err:
        mass_tariff_change(db, SPECIALIST, "cold_water", D("41"), date(2026, 12, 1),
                           AccountFilter(numbers=(a.number, "0000000000", "1234567890")))
    assert [p.where for p in err.value.problems] == ["0000000000", "1234567890"]
    with pytest.raises(InvalidInput, match="Укажите управляющую компанию"):
        mass_tariff_change(db, SPECIALIST, "cold_water", D("41"), date(2026, 12, 1),
                           AccountFilter())
    with pytest.raises(InvalidInput, match="ни один лицевой счёт"):
        mass_tariff_change(db, SPECIALIST, "heating", D("41"), date(2026, 12, 1),
                           AccountFilter(building_id=town.building_id))
    with db.session() as s:
        assert s.scalars(select(Tariff).where(Tariff.account_list_id.is_not(None))).all() == []


def test_the_actor_scope_limits_the_accounts(db: Database, town: TestTown) -> None:
    a = town.account(flat="1")
    outsider = Actor(user_id=None, login="other", full_name="Чужая УК",
                     roles=frozenset({Role.ACCRUAL}), company_ids=frozenset({town.company_id + 99}))
    with pytest.raises(InvalidInput, match="вне вашей области доступа"):
        mass_tariff_change(db, outsider, "cold_water", D("41"), date(2026, 12, 1),
                           AccountFilter(numbers=(a.number,)))


def test_mass_change_into_a_closed_period_is_refused(db: Database, town: TestTown) -> None:
    town.account(flat="1")
    town.period(202611, closed=True)
    with pytest.raises(PeriodClosed, match="ноябрь 2026 уже закрыт"):
        mass_tariff_change(db, SPECIALIST, "cold_water", D("41"), date(2026, 11, 1),
                           AccountFilter(building_id=town.building_id))


def test_a_wider_change_ends_the_tariff_of_a_list_inside_it(db: Database, town: TestTown) -> None:
    a, b = town.account(flat="1"), town.account(flat="2")
    town.account(flat="3")
    small = mass_tariff_change(db, SPECIALIST, "cold_water", D("41"), date(2026, 12, 1),
                               AccountFilter(numbers=(a.number,)))
    wide = mass_tariff_change(db, SPECIALIST, "cold_water", D("44"), date(2027, 2, 1),
                              AccountFilter(building_id=town.building_id))
    assert wide.accounts == 3 and wide.closed_tariff_ids == (small.tariff_id,)
    with pytest.raises(InvalidInput) as err:  # a part of the wide list: it would have two
        mass_tariff_change(db, SPECIALIST, "cold_water", D("45"), date(2027, 3, 1),
                           AccountFilter(numbers=(a.number, b.number)))
    [problem] = err.value.problems
    assert problem.where == f"Список «{wide.list_name}»"
    assert "2 из отобранных счетов и ещё 1 других" in problem.message
    assert "44,00 ₽ с 01.02.2027 бессрочно" in problem.message


def test_the_billing_run_picks_the_list_tariff_for_its_accounts_only(
        db: Database, town: TestTown) -> None:
    from app.billing.prices import Prices
    from app.calc.period import Period

    a, b = town.account(flat="1"), town.account(flat="2")
    result = mass_tariff_change(db, SPECIALIST, "cold_water", D("41"), date(2026, 12, 16),
                                AccountFilter(numbers=(a.number,)))
    with db.session() as s:
        prices = Prices(s, Period(2026, 12))
        lists = prices.account_lists(s, [a.id, b.id])
        assert lists == {a.id: frozenset({result.list_id})}
        svc = town.services["cold_water"]
        mine = prices.tariffs(svc, town.supplier_id, town.building_id, lists[a.id])[0]
        theirs = prices.tariffs(svc, town.supplier_id, town.building_id, frozenset())[0]
    assert mine.at(date(2026, 12, 15)) == D("45.2") and mine.at(date(2026, 12, 16)) == D("41")
    assert theirs.at(date(2026, 12, 31)) == D("45.2")


def test_the_calculation_charges_the_list_tariff_from_its_date(
        db: Database, town: TestTown) -> None:
    from app.billing.results import account_charges
    from app.billing.run import calculate

    a, b = town.account(flat="1"), town.account(flat="2")
    mass_tariff_change(db, SPECIALIST, "cold_water", D("41.00"), date(2026, 11, 16),
                       AccountFilter(numbers=(a.number,)))
    calculate(db, SPECIALIST)
    [mine] = [r for r in account_charges(db, SPECIALIST, a.number, 202611)
              if r.service_code == "cold_water"]
    [theirs] = [r for r in account_charges(db, SPECIALIST, b.number, 202611)
                if r.service_code == "cold_water"]
    assert theirs.amount == 21447  # 4.745 × 45.20
    # 4.745 × (45.20 × 15 + 41.00 × 15) / 30 = 204.5095 → 204.51
    assert mine.amount == 20451
    assert "16.11" in mine.explanation and "41" in mine.explanation
