"""The reports checked against the ledger's balances (`kvartal verify`).

The balances of every period that has operations (the closed periods from the stored snapshots
of the month before, the open one likewise — `period_balances`) are followed account by
account: each month opens with what the month before closed. Over the whole range the turnover
statement by account must open with each account's first balance, close with its last and
show the months' charges, payments and corrections summed; by building, service and supplier
its totals must be the same; each month's charges summary and payments journal must agree with
that month's balances. One pass of the statement per grouping, not one per month: the check
stays affordable on a large town."""

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
MOVES = ("charged", "recalculated", "penalty", "paid", "corrected")
Line = dict[str, int]


def _totals(table: ReportTable) -> Line:
    return {key: table.total_of(key) for key in COLUMNS}


def _differ(what: str, got: Line, want: Line, against: str) -> list[str]:
    return [f"{what}: {TITLES[k]} {format_rub(got.get(k, 0))}, {against} "
            f"{format_rub(want.get(k, 0))}" for k in COLUMNS if got.get(k, 0) != want.get(k, 0)]


def _new_line() -> Line:
    return dict.fromkeys(COLUMNS, 0)


def reconcile_reports(db: Database) -> list[str]:
    """Every disagreement between the reports and the ledger, in words; empty when all agree."""
    with db.session() as s:
        codes = list(s.scalars(select(Operation.period).distinct().order_by(Operation.period)))
        numbers = {i: str(n) for i, n in s.execute(select(Account.id, Account.number))}
    if not codes:
        return []
    periods = [Period.from_code(c) for c in codes]
    problems: list[str] = []
    whole: dict[str, Line] = defaultdict(_new_line)  # the range, account by account
    closed_before: dict[str, int] = {}
    for p in periods:
        with db.session() as s:
            balances = period_balances(s, p)
        month: dict[str, Line] = defaultdict(_new_line)
        for b in balances:
            line = month[numbers[b.account_id]]
            for k in COLUMNS:
                line[k] += getattr(b, k)
        for number, line in month.items():
            before = closed_before.get(number, 0)
            if number in closed_before and line["opening"] != before:
                problems.append(f"Остатки за {p.title()}, ЛС {number}: входящее сальдо "
                                f"{format_rub(line['opening'])}, а за {p.prev().title()} "
                                f"исходящее {format_rub(before)}")
            acc = whole[number]
            if number not in closed_before:
                acc["opening"] = line["opening"]
            for k in MOVES:
                acc[k] += line[k]
            acc["closing"] = closed_before[number] = line["closing"]
        totals = {k: sum(line[k] for line in month.values()) for k in COLUMNS}
        f = ReportFilter(p, p)
        try:
            summary = charges_summary(db, SYSTEM, f)
            journal = payments_journal(db, SYSTEM, f)
        except DomainError as exc:
            problems.append(f"{p.title()}: {exc.message}")
            continue
        for key in ("charged", "recalculated", "penalty"):
            if summary.total_of(key) != totals[key]:
                problems.append(f"Сводная ведомость начислений за {p.title()}: "
                                f"{TITLES[key]} {format_rub(summary.total_of(key))}, "
                                f"по остаткам {format_rub(totals[key])}")
        if journal.total_of("amount") != totals["paid"]:
            problems.append(f"Журнал платежей за {p.title()}: "
                            f"{format_rub(journal.total_of('amount'))}, "
                            f"по остаткам {format_rub(totals['paid'])}")
    span = ReportFilter(periods[0], periods[-1])
    try:
        by_account = turnover(db, SYSTEM, span, "account")
        groups = [turnover(db, SYSTEM, span, by) for by in ("building", "service", "supplier")]
        supplier_money(db, SYSTEM, span)  # checks itself against the payment operations
    except DomainError as exc:
        return [*problems, exc.message]
    where = f"{by_account.title} за {span.describe()}"
    keys = [c.key for c in by_account.columns]
    for row in by_account.rows:
        number = str(row[0])
        got = {k: int(row[keys.index(k)] or 0) for k in COLUMNS}
        problems += _differ(f"{where}, ЛС {number}", got, whole.pop(number, {}), "по остаткам")
    problems += [f"{where}: ЛС {n} есть в остатках, но нет в ведомости"
                 for n, line in whole.items() if any(line.values())]
    expected = _totals(by_account)
    for table in groups:
        problems += _differ(f"{table.title} за {span.describe()}", _totals(table), expected,
                            "по лицевым счетам")
    return problems
