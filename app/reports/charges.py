"""Сводная ведомость начислений: per period and service, how many accounts were charged and
how much — charged, recalculated, penalties and their sum."""

from __future__ import annotations

from sqlalchemy import and_, case, func

from app.calc.period import Period
from app.db import Database
from app.models import Operation, Service
from app.models.enums import OperationKind as K
from app.reports.filters import ReportFilter, apply_filter, check_filter, joined_operations
from app.reports.table import Cell, Column, ReportTable
from app.rights import Actor, Right


def charges_summary(db: Database, actor: Actor, f: ReportFilter) -> ReportTable:
    actor.require(Right.REPORTS)

    def of(kind: K) -> object:
        return func.coalesce(func.sum(case((Operation.kind == kind.value, Operation.amount),
                                           else_=0)), 0)

    kinds = [K.CHARGE.value, K.RECALCULATION.value, K.PENALTY.value]
    with db.session() as s:
        check_filter(s, f)
        q = (joined_operations(Operation.period, Service.sort_order, Service.name,
                               func.count(func.distinct(case(
                                   (Operation.kind == K.CHARGE.value, Operation.account_id)))),
                               of(K.CHARGE), of(K.RECALCULATION), of(K.PENALTY))
             .join(Service, Service.id == Operation.service_id))
        q = apply_filter(q, f, actor).where(and_(
            Operation.period.between(f.period_from.code, f.period_to.code),
            Operation.kind.in_(kinds)))
        raw = s.execute(q.group_by(Operation.period, Service.sort_order, Service.name)
                        .order_by(Operation.period, Service.sort_order)).all()
    rows = [(Period.from_code(int(p)).title(), str(name), int(n), int(c), int(r), int(pen),
             int(c) + int(r) + int(pen)) for p, _o, name, n, c, r, pen in raw]
    columns = (Column("period", "Период", width=16), Column("service", "Услуга", width=34),
               Column("accounts", "Счетов", "int", width=9),
               Column("charged", "Начислено", "money"),
               Column("recalculated", "Перерасчёт", "money"),
               Column("penalty", "Пени", "money"), Column("total", "Всего", "money"))
    totals: list[Cell] = ["Итого", "", "", *(sum(int(r[i] or 0) for r in rows)
                                             for i in range(3, 7))]
    return ReportTable(title="Сводная ведомость начислений", subtitle=f.describe(),
                       columns=columns, rows=rows, totals=totals, sheet="Начисления")
