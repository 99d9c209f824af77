"""What an account owes, by period, service and supplier, read from the ledger.

A payment that named its period (`ref_period`) pays that period; an advance (a payment without
one) and any overpaid period cover the oldest debt of the same service and supplier first — the
rule of DOMAIN.md «Payment split». The folding is pure; `account_debts` reads the sums.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from app.calc.payment_split import Debt
from app.calc.period import Period
from app.models import AccountService, Operation, Service
from app.models.enums import OperationKind as K

# service, supplier (0 = none), kind, concerned period, is an advance (payment without period),
# Σ kopecks
LedgerSum = tuple[int, int, str, int, bool, int]


@dataclass(frozen=True)
class Outstanding:
    """An account's debts (positive, per period) and its charges of the latest charged period
    per key — the weights an advance is spread by."""

    debts: list[Debt]
    last_charges: dict[tuple[int, int], int]
    penalties: dict[tuple[int, int], int]  # Σ penalties posted, per key

    def by_key(self) -> dict[tuple[int, int], int]:
        out: dict[tuple[int, int], int] = defaultdict(int)
        for d in self.debts:
            out[(int(d.service_code), int(d.supplier_key or 0))] += d.amount
        return dict(out)

    @property
    def total(self) -> int:
        return sum(d.amount for d in self.debts)

    def after(self, paid: Iterable[tuple[Period, str, int, int]]) -> Outstanding:
        """The debts once `paid` (period, service, supplier, kopecks — parts of a split, never
        more than a debt) are paid: what the next payment of a batch sees."""
        left = {(d.period, d.service_code, d.supplier_key or 0): d.amount for d in self.debts}
        for period, service, supplier, amount in paid:
            key = (period, service, supplier or 0)
            if key in left:
                left[key] -= amount
        debts = [Debt(p, s, k, a) for (p, s, k), a in left.items() if a > 0]
        return Outstanding(debts, self.last_charges, self.penalties)

    def of_period(self, period: Period) -> list[Debt]:
        return [d for d in self.debts if d.period == period]


@lru_cache(maxsize=4096)
def period_of(code: int) -> Period:
    return Period.from_code(code)


def fold_outstanding(rows: Iterable[LedgerSum]) -> Outstanding:
    """Debts from ledger sums; `Debt.service_code` carries the service id as text and
    `supplier_key` the supplier id (0 = none), so the split can hand them back."""
    per: dict[tuple[int, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    credit: dict[tuple[int, int], int] = defaultdict(int)
    charges: dict[tuple[int, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    penalties: dict[tuple[int, int], int] = defaultdict(int)
    for service, supplier, kind, period, advance, amount in rows:
        key = (service, supplier or 0)
        if advance and amount < 0:
            credit[key] -= amount  # a payment is negative: credit grows
            continue
        # (an advance given back — a cancellation's reversal — is owed in its posting period)
        per[key][period] += amount
        if kind == K.CHARGE:
            charges[key][period] += amount
        elif kind == K.PENALTY:
            penalties[key] += amount
    debts: list[Debt] = []
    for key in sorted(set(per) | set(credit)):
        by_period = per.get(key, {})
        pool = credit.get(key, 0) + sum(-v for v in by_period.values() if v < 0)
        for period in sorted(by_period):
            owed = by_period[period]
            if owed <= 0:
                continue
            take = min(owed, max(pool, 0))
            pool -= take
            if owed - take:
                debts.append(Debt(period_of(period), str(key[0]), key[1], owed - take))
    last = max((p for c in charges.values() for p in c), default=None)
    last_charges = {k: c[last] for k, c in charges.items() if last in c and c[last] > 0}
    debts.sort(key=lambda d: (d.period.code, int(d.service_code), d.supplier_key or 0))
    return Outstanding(debts, last_charges, dict(penalties))


def account_debts(session: Session, account_id: int) -> Outstanding:
    concerned = func.coalesce(Operation.ref_period, Operation.period)
    advance = (Operation.kind == K.PAYMENT.value) & Operation.ref_period.is_(None)
    rows = session.execute(
        select(Operation.service_id, Operation.supplier_id, Operation.kind, concerned,
               advance, func.sum(Operation.amount))
        .where(Operation.account_id == account_id)
        .group_by(Operation.service_id, Operation.supplier_id, Operation.kind, concerned,
                  advance)
    )
    return fold_outstanding(
        (s, sup or 0, kind, int(p), bool(adv), int(total))
        for s, sup, kind, p, adv, total in rows
    )


# (connected from, connected to or None, service, supplier): an account's services in the order
# an advance looks for one (the service's order, then the connection's)
ServiceSpan = tuple[date, date | None, int, int | None]


def connected_services(conn: Connection | Session, account_ids: Iterable[int]
                       ) -> dict[int, list[ServiceSpan]]:
    """Each account's service connections, in the order `first_connected` reads them."""
    ids = sorted(set(account_ids))
    out: dict[int, list[ServiceSpan]] = defaultdict(list)
    for i in range(0, len(ids), 5000):
        for acc, since, until, service, supplier in conn.execute(
                select(AccountService.account_id, AccountService.date_from,
                       AccountService.date_to, AccountService.service_id,
                       AccountService.supplier_id)
                .join(Service, Service.id == AccountService.service_id)
                .where(AccountService.account_id.in_(ids[i:i + 5000]))
                .order_by(AccountService.account_id, Service.sort_order, AccountService.id)):
            out[acc].append((since, until, service, supplier))
    return out


def first_connected(connections: Iterable[ServiceSpan], day: date
                    ) -> tuple[int, int | None] | None:
    """Where an advance goes on an account never charged yet: the first service connected on
    `day` (not one connected later, nor one already disconnected), with its supplier."""
    for since, until, service, supplier in connections:
        if since <= day and (until is None or until >= day):
            return service, supplier
    return None
