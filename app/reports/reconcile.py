"""The reports checked against the ledger's balances (`kvartal verify`): for every period that
has operations, the turnover statement by account equals the balances of each account (the
closed periods' snapshots, the open one's computed), the charges summary and the payments
journal agree with it; over the whole range the statement by account, building, service and
supplier opens with the first period's opening, closes with the last one's closing and has
charged what the periods charged."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from app.calc.money import format_rub
from app.calc.period import Period
from app.db import Database
from app.errors import DomainError
from app.ledger.snapshots import TITLES, period_balances
from app.models import Account, Operation
from app.reports.charges import charges_summary
from app.reports.filters import ReportFilter
from app.reports.payments import payments_journal
from app.reports.suppliers import supplier_money
from app.reports.table import ReportTable
from app.reports.turnover import MONEY_COLUMNS, turnover
from app.rights import SYSTEM

COLUMNS = tuple(c.key for c in MONEY_COLUMNS)


def _totals(table: ReportTable) -> dict[str, int]:
    return {key: table.total_of(key) for key in COLUMNS}


def _differ(what: str, got: dict[str, int], want: dict[str, int], against: str) -> list[str]:
    return [f"{what}: {TITLES[k]} {format_rub(got[k])}, {against} {format_rub(want[k])}"
            for k in COLUMNS if got.get(k, 0) != want.get(k, 0)]


def reconcile_reports(db: Database) -> list[str]:
    """Every disagreement between the reports and the ledger, in words; empty when all agree."""
    with db.session() as s:
        codes = list(s.scalars(select(Operation.period).distinct().order_by(Operation.period)))
        numbers = {i: str(n) for i, n in s.execute(select(Account.id, Account.number))}
    problems: list[str] = []
    periods = [Period.from_code(c) for c in codes]
    first_opening = last_closing = 0
    charged = 0
    for i, p in enumerate(periods):
        with db.session() as s:
            balances = period_balances(s, p)
        by_account: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
        for b in balances:
            line = by_account[numbers[b.account_id]]
            for k in COLUMNS:
                line[k] += getattr(b, k)
        ledger = {k: sum(line[k] for line in by_account.values()) for k in COLUMNS}
        f = ReportFilter(p, p)
        try:
            osv = turnover(db, SYSTEM, f, "account")
            summary = charges_summary(db, SYSTEM, f)
            journal = payments_journal(db, SYSTEM, f)
        except DomainError as exc:
            problems.append(f"{p.title()}: {exc.message}")
            continue
        where = f"Ведомость за {p.title()}"
        problems += _differ(where, _totals(osv), ledger, "по остаткам")
        keys = [c.key for c in osv.columns]
        for row in osv.rows:
            number = str(row[0])
            got = {k: int(row[keys.index(k)] or 0) for k in COLUMNS}
            problems += _differ(f"{where}, ЛС {number}", got, by_account.pop(number, {}),
                                "по остаткам")
        problems += [f"{where}: ЛС {n} есть в остатках, но нет в ведомости"
                     for n, line in by_account.items() if any(line.values())]
        for key in ("charged", "recalculated", "penalty"):
            if summary.total_of(key) != ledger[key]:
                problems.append(f"Сводная ведомость начислений за {p.title()}: "
                                f"{TITLES[key]} {format_rub(summary.total_of(key))}, "
                                f"по остаткам {format_rub(ledger[key])}")
        if journal.total_of("amount") != ledger["paid"]:
            problems.append(f"Журнал платежей за {p.title()}: "
                            f"{format_rub(journal.total_of('amount'))}, "
                            f"по остаткам {format_rub(ledger['paid'])}")
        if i == 0:
            first_opening = ledger["opening"]
        last_closing = ledger["closing"]
        charged += ledger["charged"]
    if periods:
        whole = ReportFilter(periods[0], periods[-1])
        try:
            groups = [turnover(db, SYSTEM, whole, by)
                      for by in ("account", "building", "service", "supplier")]
            supplier_money(db, SYSTEM, whole)  # checks itself against the payment operations
        except DomainError as exc:
            return [*problems, exc.message]
        for table in groups:
            span = _totals(table)
            want = {**span, "opening": first_opening, "closing": last_closing,
                    "charged": charged}
            problems += _differ(f"{table.title} за {whole.describe()}", span, want,
                                "по остаткам периодов")
    return problems
