"""Расчёты с поставщиками: money collected for each supplier per day (desk and bank registries),
the bank's commission and what is to be transferred — `supplier_owed` of the cash desk (the one
computation `kvartal registry owed` prints), narrowed by the report's filter and the user's
scope, and checked against the ledger's payment operations of the same days."""

from __future__ import annotations

from sqlalchemy import Select, func, literal

from app.calc.money import format_rub
from app.cashdesk.registries import supplier_owed
from app.db import Database
from app.errors import DomainError
from app.models import Account, Building, Operation, Premise
from app.models.enums import OperationKind as K
from app.reports.filters import ReportFilter, apply_filter, check_filter, joined_operations
from app.reports.table import Column, ReportTable
from app.rights import Actor, Right

TITLE = "Расчёты с поставщиками"


def supplier_money(db: Database, actor: Actor, f: ReportFilter) -> ReportTable:
    actor.require(Right.REPORTS)
    first, last = f.period_from.first_day, f.period_to.last_day
    with db.session() as s:
        check_filter(s, f)

    def narrow(q: Select) -> Select:
        q = (q.join(Account, Account.id == Operation.account_id)
             .join(Premise, Premise.id == Account.premise_id)
             .join(Building, Building.id == Premise.building_id))
        return apply_filter(q, f, actor)

    owed = supplier_owed(db, actor, first, last, narrow)
    rows = [(r.day.strftime("%d.%m.%Y"), r.supplier, r.inn, r.collected, r.commission, r.owed)
            for r in owed]
    collected = sum(r.collected for r in owed)
    with db.session() as s:
        q = apply_filter(joined_operations(func.coalesce(-func.sum(Operation.amount), literal(0))),
                         f, actor)
        ledger = int(s.scalar(q.where(Operation.kind == K.PAYMENT.value,
                                      Operation.op_date.between(first, last))) or 0)
    if collected != ledger:  # never expected: the same operations summed two ways
        raise DomainError(f"Расчёты с поставщиками не сходятся с журналом операций: "
                          f"{collected} ≠ {ledger} коп. — сообщите администратору")
    per_supplier: dict[str, int] = {}
    for r in owed:
        per_supplier[r.supplier] = per_supplier.get(r.supplier, 0) + r.owed
    columns = (Column("day", "Дата", width=12), Column("supplier", "Поставщик", width=34),
               Column("inn", "ИНН", width=13), Column("collected", "Собрано", "money"),
               Column("commission", "Комиссия банка", "money"),
               Column("owed", "К перечислению", "money"))
    totals = ("Итого", "", "", collected, sum(r.commission for r in owed),
              sum(r.owed for r in owed))
    return ReportTable(
        title=TITLE, subtitle=f"{f.describe()} (платежи с {first:%d.%m.%Y} по {last:%d.%m.%Y})",
        columns=columns, rows=rows, totals=totals, sheet="Поставщики",
        notes=["Собрано сверено с платежами журнала операций до копейки.",
               *(f"{name}: к перечислению {format_rub(v)}" for name, v in per_supplier.items())])
