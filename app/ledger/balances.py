"""Balances per account/service/supplier/period, derived from the ledger.

opening(P)   = Σ every operation posted before P + opening-balance operations posted in P
closing(P)   = opening + charged + recalculated + penalty − paid + corrected
Debt is positive, an advance negative; `paid` is money received (positive).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Operation
from app.models.enums import OperationKind as K

_COLUMN = {
    K.CHARGE: "charged",
    K.RECALCULATION: "recalculated",
    K.PENALTY: "penalty",
    K.PAYMENT: "paid",
    K.CORRECTION: "corrected",
    K.BALANCE_TRANSFER: "corrected",
    K.OPENING_BALANCE: "opening",
}


class _Turnover(Protocol):
    @property
    def opening(self) -> int: ...
    @property
    def charged(self) -> int: ...
    @property
    def recalculated(self) -> int: ...
    @property
    def penalty(self) -> int: ...
    @property
    def paid(self) -> int: ...
    @property
    def corrected(self) -> int: ...


def closing_of(t: _Turnover) -> int:
    """The one closing-balance rule, for an account's line and for a period's totals alike."""
    return t.opening + t.charged + t.recalculated + t.penalty - t.paid + t.corrected


@dataclass(frozen=True)
class Balance:
    period: int
    account_id: int
    service_id: int
    supplier_id: int  # 0 = none
    opening: int = 0
    charged: int = 0
    recalculated: int = 0
    penalty: int = 0
    paid: int = 0
    corrected: int = 0

    @property
    def closing(self) -> int:
        return closing_of(self)


Key = tuple[int, int, int]  # account, service, supplier


def fold(rows: Iterable[tuple[int, int, int, int, str, int]],
         through: int | None = None) -> list[Balance]:
    """Turn (account, service, supplier, period, kind, Σamount) rows into per-period balances.

    Every key gets a row for each period from its first operation up to the last period seen
    (or `through`), so a quiet month still shows its opening and closing.
    """
    moves: dict[Key, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    periods: set[int] = set()
    for account, service, supplier, period, kind, amount in rows:
        col = _COLUMN[K(kind)]
        value = -int(amount) if col == "paid" else int(amount)
        cell = moves[(account, service, supplier or 0)][period]
        cell[col] = cell.get(col, 0) + value
        periods.add(period)
    if through is not None:
        periods.add(through)
    ordered = sorted(periods)
    out: list[Balance] = []
    for key, by_period in moves.items():
        carried = 0
        first = min(by_period)
        for p in ordered:
            if p < first:
                continue
            cols = by_period.get(p, {})
            b = Balance(p, key[0], key[1], key[2], **cols)
            b = replace(b, opening=b.opening + carried)
            carried = b.closing
            out.append(b)
    out.sort(key=lambda b: (b.account_id, b.period, b.service_id, b.supplier_id))
    return out


def account_balances(session: Session, account_id: int, through: int | None = None
                     ) -> list[Balance]:
    """All periods' balances of one account by service and supplier."""
    q = (
        select(
            Operation.account_id, Operation.service_id, Operation.supplier_id,
            Operation.period, Operation.kind, func.sum(Operation.amount),
        )
        .where(Operation.account_id == account_id)
        .group_by(Operation.account_id, Operation.service_id, Operation.supplier_id,
                  Operation.period, Operation.kind)
    )
    return fold(session.execute(q), through)
