"""The dashboard's figures: charged and collected by month agree with the turnover statement,
the debt by age adds up to the accounts' debts, the buildings ranked by what they owe."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.calc.period import Period
from app.db import Database
from app.errors import DomainError
from app.models import Operation
from app.reports.analytics import dashboard
from app.reports.filters import ReportFilter
from app.reports.turnover import turnover
from app.rights import SYSTEM
from tests.factories import TestTown
from tests.reports.conftest import DEC, NOV


def test_charged_and_collected_by_month_agree_with_the_turnover(db: Database,
                                                                town: TestTown) -> None:
    board = dashboard(db, SYSTEM, ReportFilter(NOV, DEC))
    assert [m.period for m in board.months] == [NOV, DEC]
    for month in board.months:
        osv = turnover(db, SYSTEM, ReportFilter(month.period, month.period), "service")
        assert month.charged == osv.total_of("charged") + osv.total_of("recalculated") > 0
        assert month.collected == osv.total_of("paid")
    assert board.months[0].collected == 0 and board.months[1].collected == 62_345
    dec = board.months[1]
    assert dec.rate == (Decimal(62_345 * 100) / dec.charged).quantize(Decimal("0.1"))
    assert board.rate is not None and board.rate < dec.rate


def test_debt_by_age_adds_up_to_the_accounts_debts_and_ages_each_unpaid_month(
        db: Database, town: TestTown) -> None:
    board = dashboard(db, SYSTEM, ReportFilter(DEC, DEC))
    with db.session() as s:
        balances = [int(v) for v in s.scalars(
            select(func.sum(Operation.amount)).group_by(Operation.account_id))]
    assert board.debt == sum(b for b in balances if b > 0)
    assert board.debtors == sum(1 for b in balances if b > 0) == 3
    assert [t for t, _v in board.ages] == ["до 1 месяца", "1–3 месяца", "3–6 месяцев",
                                          "6–12 месяцев", "больше 12 месяцев"]
    ages = dict(board.ages)
    assert sum(ages.values()) == board.debt
    assert ages["до 1 месяца"] > 0 and ages["1–3 месяца"] > 0  # December's and November's
    assert ages["больше 12 месяцев"] == 0
    assert board.buildings == [("ул. Ленина, д. 5", board.debt)]
    later = dashboard(db, SYSTEM, ReportFilter(Period(2027, 6), Period(2027, 6)))
    assert dict(later.ages)["6–12 месяцев"] == board.debt  # nothing charged or paid since


def test_the_buildings_that_owe_most_come_first_and_bad_filters_are_refused(
        db: Database, town: TestTown) -> None:
    from app.billing.run import calculate

    other = town.add_building("9")
    town.account(flat="1", building_id=other, area="400", residents=6)
    calculate(db, SYSTEM)
    board = dashboard(db, SYSTEM, ReportFilter(DEC, DEC))
    assert [a for a, _v in board.buildings] == ["ул. Ленина, д. 9", "ул. Ленина, д. 5"]
    assert sum(v for _a, v in board.buildings) == board.debt
    only = dashboard(db, SYSTEM, ReportFilter(DEC, DEC, building_id=other))
    assert [a for a, _v in only.buildings] == ["ул. Ленина, д. 9"]
    with pytest.raises(DomainError, match="раньше начала"):
        dashboard(db, SYSTEM, ReportFilter(DEC, NOV))
    with pytest.raises(DomainError, match="Нет дома"):
        dashboard(db, SYSTEM, ReportFilter(DEC, DEC, building_id=other + 100))
