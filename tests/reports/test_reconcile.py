"""`kvartal verify` reconciles the reports with the ledger's balances: on the demo town every
report agrees to the kopeck; a balance that drifted from the operations is named (issue #22)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.billing.history import calculate_history
from app.calc.period import Period
from app.cli import main
from app.db import Database
from app.demo import generate
from app.models import BalanceSnapshot
from app.reports.filters import ReportFilter
from app.reports.reconcile import reconcile_reports
from app.reports.turnover import turnover
from app.rights import SYSTEM


@pytest.fixture
def demo(db: Database) -> Database:
    for _ in generate(db, accounts=40, seed=5, history_calculator=calculate_history):
        pass
    return db


def test_on_the_demo_town_every_report_total_reconciles_with_the_ledger(
        demo: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert reconcile_reports(demo) == []
    osv = turnover(demo, SYSTEM, ReportFilter(Period(2025, 11), Period(2026, 9)), "account")
    assert osv.total_of("paid") > 0 and osv.total_of("charged") > osv.total_of("paid") // 2
    url = demo.engine.url.render_as_string(hide_password=False)
    assert main(["verify", "--db", url]) == 0
    assert "итоги отчётов сходятся" in capsys.readouterr().out


def test_a_balance_that_drifted_from_the_operations_is_named_by_verify(
        demo: Database, capsys: pytest.CaptureFixture[str]) -> None:
    with demo.sessions() as s, s.begin():
        snap = s.execute(select(BalanceSnapshot).where(BalanceSnapshot.period == 202601)
                         .limit(1)).scalar_one()
        key = (snap.account_id, snap.service_id, snap.supplier_id)
        s.execute(update(BalanceSnapshot).where(
            BalanceSnapshot.period == 202601, BalanceSnapshot.account_id == key[0],
            BalanceSnapshot.service_id == key[1], BalanceSnapshot.supplier_id == key[2])
            .values(closing=BalanceSnapshot.closing + 1))
    problems = reconcile_reports(demo)
    assert any("февраль 2026" in p and "входящее сальдо" in p for p in problems), problems
    url = demo.engine.url.render_as_string(hide_password=False)
    assert main(["verify", "--db", url]) == 1
    assert "Расхождений отчётов с остатками" in capsys.readouterr().out
