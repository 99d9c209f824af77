"""Monthly posting of penalties as their own operations per period of debt and service.

What a month posts is the penalty accrued up to its last day minus what earlier months posted
for the same debt: so the ledger always holds exactly the calculation of `account_penalty` on
the last day of the latest posted month (one rounding per period and service, as DOMAIN.md
asks), a late payment or a recalculated debt corrects itself the next month, and posting a
month again replaces its own penalty rows (the same inputs post the same amounts).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from app.billing.scope import Scope, scoped_accounts
from app.calc.money import format_rub
from app.calc.period import Period
from app.db import Database
from app.ledger.periods import ensure_open, open_period
from app.ledger.writer import ChargeRow, SharedColumns, insert_charges, stored_forms
from app.models import Account, Operation
from app.models.enums import OperationKind as K
from app.penalties.calculate import PenaltyDebtLine, companies_of, penalty_lines, services
from app.penalties.ledger import debt_order
from app.penalties.rules import load_rules
from app.rights import Actor, Right
from app.usecase import transaction

CHUNK = 2000


@dataclass(frozen=True)
class PenaltyRunResult:
    period: Period
    accounts: int
    lines: int
    total: int  # kopecks posted this month (may be negative after late payments)

    def summary(self) -> list[str]:
        return [f"Пени за {self.period}", f"Лицевых счетов с пенями: {self.accounts}",
                f"Операций: {self.lines}", f"Начислено пеней: {format_rub(self.total)}"]


def post_penalties(db: Database, actor: Actor, period: Period | None = None,
                   scope: Scope | None = None) -> PenaltyRunResult:
    scope = scope or Scope()
    with transaction(db, actor, Right.BILLING_RUN) as tx:
        s = tx.session
        period = ensure_open(s, period or open_period(s))
        ids = [a for (a,) in s.execute(scoped_accounts().where(scope.condition())
                                       .order_by(Account.id))]
        book, svc = load_rules(s), services(s)
        day, stamp = stored_forms(s, period.last_day, tx.now.astimezone(UTC).replace(tzinfo=None))
        accounts = lines = total = 0
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            _delete(s, period, chunk)
            skipped: dict[int, set[tuple[int, int, int | None]]] = {}
            computed = penalty_lines(s, book, chunk, period.last_day, svc,
                                     settled_before=period.first_day, skipped=skipped)
            before = _posted_before(s, period, chunk)
            company = companies_of(s, chunk)
            rows: dict[int, list[ChargeRow]] = defaultdict(list)
            for acc in chunk:
                kept = skipped.get(acc, set())
                found = _deltas(acc, computed.get(acc, []),
                                {k: v for k, v in before.get(acc, {}).items() if k not in kept},
                                company.get(acc), period)
                for ref, row in found:
                    rows[ref].append(row)
                accounts += bool(found)
            for ref, group in rows.items():
                shared = SharedColumns(K.PENALTY.value, day, period.code, ref, None,
                                       actor.user_id, stamp)
                lines += insert_charges(s, shared, group)
                total += sum(r[4] for r in group)
        tx.audit("penalties.post", "billing_period", period.code, after={
            "scope": scope.to_json(), "accounts": accounts, "lines": lines, "total": total})
    return PenaltyRunResult(period, accounts, lines, total)


def _deltas(acc: int, lines: list[PenaltyDebtLine], before: dict[tuple[int, int, int | None], int],
            company: int | None, period: Period) -> list[tuple[int, ChargeRow]]:
    out: list[tuple[int, ChargeRow]] = []
    now = {(line.period.code, line.service_id, line.supplier_id): line for line in lines}
    on = f"{period.last_day:%d.%m.%Y}"
    for key in sorted({*now, *before}, key=debt_order):
        line = now.get(key)
        was = before.get(key, 0)
        amount = (line.amount if line else 0) - was
        if amount:
            out.append((key[0], (acc, key[1], key[2], company, amount, _basis(line, was, on))))
    return out


def _basis(line: PenaltyDebtLine | None, before: int, on: str) -> str:
    """The stored basis as JSON text, written directly (tens of thousands of rows a month)."""
    if line is None:
        text = (f"Пени на {on} нет (долг погашен или пересчитан); начислено ранее "
                f"{format_rub(before)} сторнируется")
        return json.dumps({"penalty_total": 0, "posted_before": before, "explanation": text},
                          ensure_ascii=False)
    days = sum(p.days for p in line.pieces)
    text = (f"Пени за {line.period} на {on}: долг {format_rub(line.debt)}, срок оплаты "
            f"{line.due:%d.%m.%Y}, {days} дн. начисления; итого {format_rub(line.amount)}, "
            f"начислено ранее {format_rub(before)} (по дням — расчёт пеней по лицевому счёту)")
    return (f'{{"penalty_total":{line.amount},"posted_before":{before},"debt":{line.debt},'
            f'"due":"{line.due.isoformat()}","explanation":"{text}"}}')


def _posted_before(s: Session, period: Period, ids: list[int]
                   ) -> dict[int, dict[tuple[int, int, int | None], int]]:
    o = Operation
    q = (select(o.account_id, o.ref_period, o.service_id, o.supplier_id, func.sum(o.amount))
         .where(o.account_id.in_(ids), o.kind == K.PENALTY.value, o.period < period.code)
         .group_by(o.account_id, o.ref_period, o.service_id, o.supplier_id))
    out: dict[int, dict[tuple[int, int, int | None], int]] = defaultdict(dict)
    for acc, ref, svc, sup, amount in s.execute(q):
        out[acc][(ref or period.code, svc, sup)] = int(amount)
    return out


def _delete(s: Session, period: Period, ids: list[int]) -> None:
    s.execute(delete(Operation).where(
        Operation.account_id.in_(bindparam("ids", expanding=True)),
        Operation.period == period.code, Operation.kind == K.PENALTY.value)
        .execution_options(synchronize_session=False), {"ids": ids})
