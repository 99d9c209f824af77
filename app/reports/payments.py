"""Журнал платежей: money received per day, channel (desk, bank registry…) and cashier, from
the payment operations of the ledger (so it reconciles with the turnover statement's «Оплачено»).
"""

from __future__ import annotations

from sqlalchemy import func

from app.db import Database
from app.models import Operation, Payment, User
from app.models.enums import OperationKind as K
from app.reports.filters import ReportFilter, apply_filter, check_filter, joined_operations
from app.reports.table import Column, ReportTable
from app.rights import Actor, Right

CHANNEL_TITLES = {"cash": "Касса, наличные", "card": "Касса, карта", "bank": "Банк, агент"}


def payments_journal(db: Database, actor: Actor, f: ReportFilter) -> ReportTable:
    actor.require(Right.REPORTS)
    with db.session() as s:
        check_filter(s, f)
        q = (joined_operations(Operation.op_date, Payment.channel, User.full_name,
                               func.count(func.distinct(Operation.payment_id)),
                               -func.sum(Operation.amount))
             .outerjoin(Payment, Payment.id == Operation.payment_id)
             .outerjoin(User, User.id == Payment.created_by_id))
        q = apply_filter(q, f, actor).where(
            Operation.kind == K.PAYMENT.value,
            Operation.period.between(f.period_from.code, f.period_to.code))
        raw = s.execute(q.group_by(Operation.op_date, Payment.channel, User.full_name)
                        .order_by(Operation.op_date, Payment.channel, User.full_name)).all()
    rows = [(day.strftime("%d.%m.%Y"), CHANNEL_TITLES.get(channel, channel) if channel else "—",
             cashier or "—", int(n), int(total)) for day, channel, cashier, n, total in raw]
    columns = (Column("day", "Дата", width=12), Column("channel", "Источник", width=22),
               Column("cashier", "Кассир", width=30), Column("count", "Платежей", "int", width=10),
               Column("amount", "Сумма", "money"))
    totals = ("Итого", "", "", sum(int(r[3] or 0) for r in rows), sum(int(r[4] or 0) for r in rows))
    return ReportTable(title="Журнал платежей", subtitle=f.describe(), columns=columns, rows=rows,
                       totals=totals, sheet="Платежи")
