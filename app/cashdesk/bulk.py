"""Many payments at once — a bank registry, the demo town's month — split exactly as the desk
splits one (`posting.split`), written with one multi-row insert for the payments and one for
their operations, on the caller's connection and inside its transaction.

Debts are read for all the accounts in one grouped query; a second payment of one account in
the same batch sees the first one's split, as it would at the desk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, func, insert, select

from app.bulk import insert_tuples
from app.calc.period import Period
from app.cashdesk.debts import (
    LedgerSum,
    Outstanding,
    ServiceSpan,
    first_connected,
    fold_outstanding,
    period_of,
)
from app.cashdesk.posting import PaymentRequest, advance_parts, split
from app.models import Operation, Payment
from app.models.enums import OperationKind as K
from app.models.enums import PaymentKind, PaymentStatus


@dataclass
class BulkPayment:
    key: str
    account_id: int
    account: str
    amount: int
    paid_on: date
    created_at: datetime
    channel: str
    period: Period | None = None  # of the payment document
    payer_name: str | None = None
    created_by_id: int | None = None
    shift_id: int | None = None
    registry_id: int | None = None
    receipt_number: int | None = None


def ledger_sums(conn: Connection, account_ids: Iterable[int] | None = None
                ) -> dict[int, list[LedgerSum]]:
    """Per account: the sums `fold_outstanding` reads (all accounts when `account_ids` is
    None; otherwise in chunks, so a registry's accounts never overflow a statement)."""
    concerned = func.coalesce(Operation.ref_period, Operation.period)
    advance = (Operation.kind == K.PAYMENT.value) & Operation.ref_period.is_(None)
    base = select(Operation.account_id, Operation.service_id, Operation.supplier_id,
                  Operation.kind, concerned, advance, func.sum(Operation.amount))
    group = (Operation.account_id, Operation.service_id, Operation.supplier_id,
             Operation.kind, concerned, advance)
    out: dict[int, list[LedgerSum]] = defaultdict(list)
    if account_ids is None:
        queries = [base.group_by(*group)]
    else:
        ids = sorted(set(account_ids))
        queries = [base.where(Operation.account_id.in_(ids[i:i + 5000])).group_by(*group)
                   for i in range(0, len(ids), 5000)]
    for q in queries:
        for acc, service, supplier, kind, p, adv, total in conn.execute(q):
            out[acc].append((service, supplier or 0, kind, int(p), bool(adv), int(total)))
    return out


SplitRows = list[tuple[int | None, int, int | None, int]]  # ref period, service, supplier, kop


def split_rows(item: BulkPayment, out: Outstanding,
               connections: Iterable[ServiceSpan] = ()) -> SplitRows | None:
    """The exact split of one payment against the account's debts; None when it cannot be
    placed (an advance on an account with no service connected on the payment's day)."""
    allocs = split(PaymentRequest(key=item.key, account=item.account, amount=item.amount,
                                  period=item.period), out, {})
    rows: SplitRows = [
        (a.period.code, int(a.service_code), int(a.supplier_key or 0) or None, a.amount)
        for a in allocs if a.period is not None and a.service_code is not None]
    spread = sum(a.amount for a in allocs if a.is_advance)
    if spread:
        parts = advance_parts(out, spread)
        if parts is None:
            first = first_connected(connections, item.paid_on)
            if first is None:
                return None
            parts = [(first[0], first[1], spread)]
        rows += [(None, service, supplier, part) for service, supplier, part in parts]
    return rows


def post_bulk(conn: Connection, items: Sequence[BulkPayment], posting: Period,
              company_of: dict[int, int | None], sums: dict[int, list[LedgerSum]],
              connections: dict[int, list[ServiceSpan]] | None = None
              ) -> tuple[list[int], list[BulkPayment]]:
    """Insert the payments and their split operations; returns the new payment ids (in the
    order of the placed items) and the items that could not be placed."""
    placed: list[BulkPayment] = []
    splits: list[SplitRows] = []
    unplaced: list[BulkPayment] = []
    outs: dict[int, Outstanding] = {}
    for item in items:
        out = outs.get(item.account_id)
        if out is None:
            out = fold_outstanding(sums.get(item.account_id, []))
        rows = split_rows(item, out, (connections or {}).get(item.account_id, ()))
        if rows is None:
            unplaced.append(item)
            continue
        # the next payment of this account in the batch sees this one
        outs[item.account_id] = out.after(
            (period_of(ref), str(service), supplier or 0, amount)
            for ref, service, supplier, amount in rows if ref is not None)
        placed.append(item)
        splits.append(rows)
    if not placed:
        return [], unplaced
    ids = list(conn.execute(
        insert(Payment).returning(Payment.id, sort_by_parameter_order=True),
        [{"idempotency_key": p.key, "account_id": p.account_id, "amount": p.amount,
          "penalty_amount": 0, "paid_on": p.paid_on,
          "period": p.period.code if p.period else None, "channel": p.channel,
          "status": PaymentStatus.POSTED.value, "kind": PaymentKind.PAYMENT.value,
          "shift_id": p.shift_id, "registry_id": p.registry_id,
          "receipt_number": p.receipt_number, "payer_name": p.payer_name,
          "created_by_id": p.created_by_id, "created_at": p.created_at} for p in placed],
    ).scalars())
    _insert_operations(conn, [
        (K.PAYMENT.value, p.paid_on, posting.code, ref, p.account_id, service, supplier,
         company_of.get(p.account_id), -amount, pid, f"payment:{pid}", p.created_by_id,
         p.created_at)
        for pid, p, rows in zip(ids, placed, splits, strict=True)
        for ref, service, supplier, amount in rows
    ])
    return ids, unplaced


OP_COLUMNS = ("kind", "op_date", "period", "ref_period", "account_id", "service_id",
              "supplier_id", "company_id", "amount", "payment_id", "cause", "user_id",
              "created_at")


def _insert_operations(conn: Connection, rows: list[tuple[Any, ...]]) -> None:
    """Through the one bulk writer (`app.bulk`): executemany on SQLite, COPY on PostgreSQL,
    on the transaction's own connection."""
    if rows:
        insert_tuples(conn, cast(Table, Operation.__table__), list(OP_COLUMNS), rows)
