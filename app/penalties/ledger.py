"""What penalties are charged on, read from the ledger: each period's debt per service and
supplier (charges, recalculations, corrections, transfers, opening balances) and the payments.

Payments are read generically by kind, whoever posted them (the cash desk, a bank registry, an
import): a payment operation naming a period and a service repays that debt first; the rest of
it, and payments naming a period only, are spread by the engine's rule (the named period, then
the oldest debt first, proportionally across a period's services).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import String, bindparam, select, type_coerce
from sqlalchemy.orm import Session

from app.calc.penalty import PenaltyPayment, PeriodDebt, allocate_payments
from app.calc.period import Period
from app.models import Operation
from app.models.enums import OperationKind as K

DebtKey = tuple[int, int, int | None]  # period code, service, supplier


def debt_order(key: DebtKey) -> tuple[int, int, int]:
    """Oldest period first; a debt with no supplier (a transfer, a correction) sorts first."""
    return key[0], key[1], key[2] or 0

_BY_REF = (K.CHARGE.value, K.OPENING_BALANCE.value)  # owed for the period they concern
_BY_POSTED = (K.RECALCULATION.value, K.CORRECTION.value, K.BALANCE_TRANSFER.value)
KINDS = (*_BY_REF, *_BY_POSTED, K.PAYMENT.value)


@dataclass
class AccountLedger:
    debts: dict[DebtKey, int] = field(default_factory=dict)
    payments: list[tuple[date, int | None, int, int | None, int]] = field(default_factory=list)
    # (paid on, named period, service, supplier, kopecks received)


def read_ledgers(s: Session, account_ids: list[int], up_to: Period) -> dict[int, AccountLedger]:
    """Debts and payments of the accounts, posted in periods up to `up_to`."""
    o = Operation
    # the date as stored (text on SQLite), parsed only for payments: most rows are charges
    q = (select(o.account_id, o.kind, o.period, o.ref_period, o.service_id, o.supplier_id,
                type_coerce(o.op_date, String), o.amount)
         .where(o.account_id.in_(bindparam("ids", expanding=True)), o.period <= up_to.code,
                o.kind.in_(KINDS)))
    out: dict[int, AccountLedger] = defaultdict(AccountLedger)
    conn = s.connection()  # Core rows: no ORM machinery per row
    payment, by_ref = K.PAYMENT.value, frozenset(_BY_REF)
    for i in range(0, len(account_ids), 2000):
        for acc, kind, period, ref, svc, sup, day, amount in conn.execute(
                q, {"ids": account_ids[i:i + 2000]}).all():
            led = out[acc]
            if kind == payment:
                paid_on = date.fromisoformat(day[:10]) if isinstance(day, str) else day
                led.payments.append((paid_on, ref, svc, sup, -amount))
            else:
                key = ((ref or period) if kind in by_ref else period, svc, sup)
                led.debts[key] = led.debts.get(key, 0) + amount
    return out


def repayments(led: AccountLedger, debts: list[DebtKey]) -> list[list[tuple[date, int]]]:
    """(date, kopecks) repaid on each debt, in the order of `debts`."""
    left = [max(led.debts[k], 0) for k in debts]
    out: list[list[tuple[date, int]]] = [[] for _ in debts]
    index = {k: i for i, k in enumerate(debts)}
    rest: list[PenaltyPayment] = []
    for day, ref, svc, sup, amount in sorted(led.payments, key=lambda p: p[0]):
        i = index.get((ref, svc, sup)) if ref is not None else None
        if i is not None and amount > 0:
            part = min(amount, left[i])
            if part:
                left[i] -= part
                out[i].append((day, part))
                amount -= part
        if amount > 0:
            rest.append(PenaltyPayment(day, amount, Period.from_code(ref) if ref else None))
    if rest:
        shares = allocate_payments(
            [PeriodDebt(Period.from_code(k[0]), str(k[1]), left[i]) for i, k in enumerate(debts)],
            rest)
        for i, parts in enumerate(shares):
            out[i].extend(parts)
    return out
