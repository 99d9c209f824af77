"""What penalties are charged on, read from the ledger: each period's debt per service and
supplier (charges, recalculations, corrections, transfers, opening balances) and the payments.

Payments are read generically by kind, whoever posted them (the cash desk, a bank registry, an
import), and taken in the order they were made: a payment operation naming a period and a
service repays that debt first; the rest of it, and payments naming a period only, are spread
by `DebtBook`'s rule (the named period, then the oldest debt first, proportionally across a
period's services).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import String, bindparam, case, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from app.calc.penalty_book import DebtBook, DebtKey
from app.calc.period import Period
from app.models import Operation
from app.models.enums import OperationKind as K


@cache
def period_of(code: int) -> Period:
    """The period of a code, one shared object per code (thousands of debts name a few dozen)."""
    return Period.from_code(code)



BY_REF = (K.CHARGE.value, K.OPENING_BALANCE.value)  # owed for the period they concern
_BY_POSTED = (K.RECALCULATION.value, K.CORRECTION.value, K.BALANCE_TRANSFER.value)
KINDS = (*BY_REF, *_BY_POSTED, K.PAYMENT.value)


@dataclass
class AccountLedger:
    debts: dict[DebtKey, int] = field(default_factory=dict)
    payments: list[tuple[date, int | None, int, int | None, int]] = field(default_factory=list)
    # (paid on, named period, service, supplier, kopecks received)


def read_ledgers(s: Session, account_ids: list[int], up_to: Period) -> dict[int, AccountLedger]:
    """Debts and payments of the accounts, posted in periods up to `up_to`.

    Debts are summed per period, service and supplier by the database (years of monthly charges
    become one row per debt); payments come one by one, in the order they were posted."""
    o = Operation
    ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
    owed_for = case((o.kind.in_(BY_REF), func.coalesce(o.ref_period, o.period)),
                    else_=o.period)
    debts = (select(o.account_id, owed_for, o.service_id, o.supplier_id, func.sum(o.amount))
             .where(o.account_id.in_(ids), o.period <= up_to.code,
                    o.kind.in_((*BY_REF, *_BY_POSTED)))
             .group_by(o.account_id, owed_for, o.service_id, o.supplier_id))
    # the date as stored (text on SQLite), parsed once per distinct day
    payments = (select(o.account_id, o.ref_period, o.service_id, o.supplier_id,
                       type_coerce(o.op_date, String), o.amount)
                .where(o.account_id.in_(ids), o.period <= up_to.code,
                       o.kind == K.PAYMENT.value)
                .order_by(o.account_id, o.period, o.id))
    out: dict[int, AccountLedger] = defaultdict(AccountLedger)
    conn = s.connection()  # Core rows: no ORM machinery per row
    days: dict[object, date] = {}
    for i in range(0, len(account_ids), 2000):
        batch = {"ids": account_ids[i:i + 2000]}
        for acc, key_period, svc, sup, amount in conn.execute(debts, batch).all():
            out[acc].debts[(key_period, svc, sup)] = int(amount)
        for acc, ref, svc, sup, day, amount in conn.execute(payments, batch).all():
            paid_on = days.get(day)
            if paid_on is None:
                paid_on = days[day] = (date.fromisoformat(day[:10]) if isinstance(day, str)
                                       else day)
            out[acc].payments.append((paid_on, ref, svc, sup, -amount))
    return out


def repayments(led: AccountLedger, debts: list[DebtKey]) -> list[list[tuple[date, int]]]:
    """(date, kopecks) repaid on each debt, in the order of `debts`: the payments taken by date,
    each by `DebtBook`'s rule (the named debt, the named period, then the oldest)."""
    book = DebtBook()
    for key in debts:
        book.add_debt(key, led.debts[key])
    parts: dict[DebtKey, list[tuple[date, int]]] = {key: [] for key in debts}

    def took(key: DebtKey, day: date, part: int, _settled: bool) -> None:
        parts[key].append((day, part))

    for day, ref, svc, sup, amount in sorted(led.payments, key=lambda p: p[0]):
        book.pay(day, ref, svc, sup, amount, took)
    return [parts[key] for key in debts]
