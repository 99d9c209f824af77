"""Closing periods, snapshots rebuilt from the ledger and `kvartal verify`, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, update

from app.billing.run import calculate
from app.calc.period import Period
from app.cli import main
from app.db import Database
from app.errors import DomainError, PeriodClosed
from app.ledger.balances import account_balances
from app.ledger.periods import close_period, ensure_open, open_period, period_totals
from app.ledger.snapshots import describe, period_balances, rebuild_snapshots, verify
from app.models import BalanceSnapshot, BillingPeriod, Operation
from app.models.enums import OperationKind
from app.rights import SYSTEM
from tests.factories import TestTown, TownFactory

NOV, DEC = Period(2026, 11), Period(2026, 12)


@pytest.fixture
def town(db: Database) -> TestTown:
    return TownFactory(db).build()


def pay(db: Database, town: TestTown, account_id: int, period: Period, amount: int) -> None:
    with db.sessions() as s, s.begin():
        ensure_open(s, period)
        s.add(Operation(kind=OperationKind.PAYMENT, op_date=period.first_day + (
            date(2026, 1, 20) - date(2026, 1, 1)), period=period.code, ref_period=period.code,
            account_id=account_id, service_id=town.services["maintenance"],
            supplier_id=town.supplier_id, amount=-amount, created_at=datetime.now(UTC)))


def test_close_then_calc_and_totals(db: Database, town: TestTown) -> None:
    a = town.account(flat="1", area="50", residents=2)
    nov = calculate(db, SYSTEM)
    pay(db, town, a.id, NOV, 100_00)
    totals = period_totals(db)
    assert (totals.opening, totals.charged, totals.paid) == (0, nov.total, 100_00)
    assert totals.closing == nov.total - 100_00

    summary = close_period(db, SYSTEM)
    assert (summary.period, summary.next_period, summary.warnings) == (NOV, DEC, [])
    assert summary.totals == totals and summary.snapshot_rows == 2
    with db.session() as s:
        assert open_period(s) == DEC
        with pytest.raises(PeriodClosed, match="Период 2026-11 закрыт"):
            ensure_open(s, NOV)
    with pytest.raises(PeriodClosed):
        calculate(db, SYSTEM, period=NOV)
    with pytest.raises(PeriodClosed):
        pay(db, town, a.id, NOV, 1)
    with pytest.raises(DomainError, match=r"по порядку|закрыт"):
        close_period(db, SYSTEM, NOV)

    dec = calculate(db, SYSTEM)
    assert period_totals(db).opening == totals.closing
    empty = close_period(db, SYSTEM)  # no payments in December: still closes
    assert empty.period == DEC and empty.totals.charged == dec.total
    jan = close_period(db, SYSTEM)
    assert jan.warnings == ["За 2027-01 не было ни одного расчёта начислений"]
    assert verify(db) == []


def test_snapshots_equal_the_ledger_fold(db: Database, town: TestTown) -> None:
    a = town.account(flat="1", area="50", residents=2)
    town.account(flat="2", area="70", residents=1)
    calculate(db, SYSTEM)
    pay(db, town, a.id, NOV, 500_00)
    close_period(db, SYSTEM)
    calculate(db, SYSTEM)
    close_period(db, SYSTEM)
    with db.session() as s:
        stored = {(b.period, b.service_id): (b.opening, b.charged, b.paid, b.closing)
                  for b in s.scalars(select(BalanceSnapshot).where(
                      BalanceSnapshot.account_id == a.id))}
        folded = {(b.period, b.service_id): (b.opening, b.charged, b.paid, b.closing)
                  for b in account_balances(s, a.id)}
    assert stored == folded and len(stored) == 4
    assert stored[(DEC.code, town.services["maintenance"])][0] == \
        stored[(NOV.code, town.services["maintenance"])][3]

    calculate(db, SYSTEM)  # January, open: the last snapshots plus its own operations
    pay(db, town, a.id, Period(2027, 1), 10_00)
    with db.session() as s:
        folded_all = [b for b in account_balances(s, a.id) if b.period == 202701]
        assert period_balances(s, Period(2027, 1), [a.id]) == folded_all
        assert len(period_balances(s, Period(2027, 1))) == 4
        assert [b for b in period_balances(s, DEC) if b.account_id == a.id] == \
            [b for b in account_balances(s, a.id) if b.period == DEC.code]


def test_verify_finds_an_injected_difference(db: Database, town: TestTown,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    a = town.account(flat="1")
    calculate(db, SYSTEM)
    close_period(db, SYSTEM)
    url = db.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "verify"]) == 0
    assert "Расхождений нет" in capsys.readouterr().out

    with db.sessions() as s, s.begin():
        s.execute(update(BalanceSnapshot).where(
            BalanceSnapshot.account_id == a.id,
            BalanceSnapshot.service_id == town.services["cold_water"])
            .values(charged=BalanceSnapshot.charged + 1))
    diffs = verify(db)
    assert [(d.account_id, d.column, d.stored - d.expected) for d in diffs  # type: ignore[operator]
            ] == [(a.id, "charged", 1)]
    assert a.number in describe(db, diffs)[0]
    assert main(["--db", url, "verify"]) == 1
    assert "начислено в снимке" in capsys.readouterr().out

    with db.sessions() as s, s.begin():  # a snapshot row with no operations behind it
        s.execute(update(BalanceSnapshot).where(
            BalanceSnapshot.service_id == town.services["cold_water"])
            .values(service_id=town.services["gas"]))
    assert {d.column for d in verify(db)} == {"missing", "extra"}
    rebuild_snapshots(db, SYSTEM)
    assert verify(db) == []


def test_close_period_cli_prints_the_period(db: Database, town: TestTown,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    town.account()
    url = db.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "calc", "--quiet"]) == 0
    assert "Начислено:" in capsys.readouterr().out
    assert main(["--db", url, "close-period"]) == 0
    assert capsys.readouterr().out.strip() == "2026-11"
    assert main(["--db", url, "close-period", "2026-11"]) == 2
    with db.session() as s:
        statuses = dict(s.execute(select(BillingPeriod.code, BillingPeriod.status)).all())
        assert statuses == {202611: "closed", 202612: "open"}
        assert s.scalar(select(func.count()).select_from(BalanceSnapshot)) == 2
