"""Monthly posting of penalties as their own operations per service (DOMAIN.md «Penalties»).

What a month posts for a service is its penalty accrued up to the month's last day — the sum,
over the periods of debt, of each period's penalty rounded once — minus what earlier months
posted for that service: so the ledger always holds exactly the calculation of
`account_penalty` on the last day of the latest posted month, a late payment or a recalculated
debt corrects itself the next month, and posting a month again replaces its own penalty rows
(the same inputs post the same amounts). The basis lists each period's debt, due date and
penalty. A month reads only its own operations and what `kept` keeps from the closed periods.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from datetime import UTC, date

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from app.billing.compute import paused_gc
from app.billing.scope import Scope, scoped_accounts
from app.calc.money import format_rub
from app.calc.penalty_basis import penalty_basis
from app.calc.period import Period
from app.db import Database
from app.ledger.periods import ensure_open, one_run_at_a_time, open_period
from app.ledger.writer import ChargeRow, SharedColumns, insert_charges, stored_forms
from app.models import Account, BillingPeriod, Operation
from app.models.enums import OperationKind as K
from app.models.enums import PeriodStatus
from app.penalties.calculate import companies_of, penalty_lines
from app.penalties.kept import (
    ServiceKey,
    ServicePenalty,
    Stale,
    from_lines,
    posted_penalties,
)
from app.penalties.states import StateKeeper, advance
from app.rights import Actor, Right
from app.usecase import Tx, transaction

CHUNK = 2000
Penalties = dict[ServiceKey, ServicePenalty]


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
    with transaction(db, actor, Right.BILLING_RUN) as tx:
        period = ensure_open(tx.session, period or open_period(tx.session))
        one_run_at_a_time(tx.session, period, f"Пени за {period}")
        steps = penalty_steps(tx, period, scope or Scope())
        while True:
            try:
                next(steps)
            except StopIteration as done:
                result: PenaltyRunResult = done.value
                return result


def penalty_steps(tx: Tx, period: Period, scope: Scope
                  ) -> Generator[tuple[int, int, str], None, PenaltyRunResult]:
    """The posting inside a caller's transaction as a job (the billing run posts the month's
    penalties with its charges): yields (done, total, message) per chunk of accounts; a job
    closed before its end leaves the caller's transaction to roll back."""
    s = tx.session
    ids = [a for (a,) in s.execute(scoped_accounts().where(scope.condition())
                                   .order_by(Account.id))]
    month = _Month(s, period)
    day, stamp = stored_forms(s, period.last_day, tx.now.astimezone(UTC).replace(tzinfo=None))
    shared = SharedColumns(K.PENALTY.value, day, period.code, period.code, None,
                           tx.actor.user_id, stamp)
    accounts = lines = total = 0
    for i in range(0, len(ids), CHUNK):
        yield i, len(ids), f"Пени за {period.title()}: {i} из {len(ids)} лицевых счетов"
        chunk = ids[i:i + CHUNK]
        _delete(s, period, chunk)
        rows: list[ChargeRow] = []
        with paused_gc():
            for acc, (now, before, company) in month.penalties(chunk).items():
                found = _deltas(acc, now, before, company, period.last_day)
                rows.extend(found)
                accounts += bool(found)
        lines += insert_charges(s, shared, rows)
        total += sum(r[4] for r in rows)
    tx.audit("penalties.post", "billing_period", period.code, after={
        "scope": scope.to_json(), "accounts": accounts, "lines": lines, "total": total})
    yield len(ids), len(ids), f"Пени за {period.title()}: {format_rub(total, sign=True)}"
    return PenaltyRunResult(period, accounts, lines, total)


class _Month:
    """The penalties of a month on its last day, per account and service, with what earlier
    months posted: from the kept states (rebuilt where they cannot be used), or from the whole
    ledger for an account whose state cannot take the month."""

    def __init__(self, s: Session, period: Period) -> None:
        self.s, self.period, self.on = s, period, period.last_day
        self.keeper = StateKeeper(s, self.on)
        self.kept_through = s.scalar(select(func.max(BillingPeriod.code)).where(
            BillingPeriod.code < period.code, BillingPeriod.status == PeriodStatus.CLOSED))

    def penalties(self, ids: list[int]) -> dict[int, tuple[Penalties, dict[ServiceKey, int],
                                                          int | None]]:
        company = companies_of(self.s, ids)
        if self.kept_through is None:  # nothing closed yet: nothing to keep
            return self._full(ids, company)
        kept, rows = self.keeper.brought_up(ids, company, self.kept_through, self.period.code)
        out = {}
        full = []
        for acc, k in kept.items():
            try:
                advance(k, rows.get(acc, {}), self.period.code)
            except Stale:
                full.append(acc)
                continue
            if k.book.through is not None and k.book.through > self.on:
                full.append(acc)  # a payment dated after the month: the whole calculation
                continue
            out[acc] = (k.penalties(self.on), dict(k.posted), company.get(acc))
        out.update(self._full(full, company))
        return out

    def _full(self, ids: list[int], company: dict[int, int | None]
              ) -> dict[int, tuple[Penalties, dict[ServiceKey, int], int | None]]:
        if not ids:
            return {}
        lines = penalty_lines(self.s, self.keeper.book, ids, self.on, self.keeper.svc)
        posted = posted_penalties(self.s, ids, self.period.prev().code)
        return {acc: (from_lines(lines.get(acc, [])), posted.get(acc, {}), company.get(acc))
                for acc in ids}


def _deltas(acc: int, now: Penalties, before: dict[ServiceKey, int], company: int | None,
            on: date) -> list[ChargeRow]:
    out: list[ChargeRow] = []
    for key in sorted({*now, *before}, key=lambda k: (k[0], k[1] or 0)):
        line = now.get(key)
        was = before.get(key, 0)
        amount = (line.amount if line else 0) - was
        if amount:
            basis = (penalty_basis(line.amount, was, on, line.debts, line.repaid) if line
                     else penalty_basis(0, was, on, [], 0))
            out.append((acc, key[0], key[1], company, amount, basis))
    return out


def _delete(s: Session, period: Period, ids: list[int]) -> None:
    s.execute(delete(Operation).where(
        Operation.account_id.in_(bindparam("ids", expanding=True)),
        Operation.period == period.code, Operation.kind == K.PENALTY.value)
        .execution_options(synchronize_session=False), {"ids": ids})
