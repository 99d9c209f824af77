"""Расчёты с поставщиками: money collected for each supplier per day (desk and bank registries),
the bank's commission and what is to be transferred — `supplier_owed` of the cash desk (the one
computation `kvartal registry owed` prints), narrowed by the report's filter and the user's
scope, and checked against the ledger's payment operations of the same days — and what was
transferred (`app.cashdesk.transfers`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, literal, select

from app.calc.money import format_rub
from app.cashdesk.registries import supplier_owed
from app.cashdesk.transfers import transferred
from app.db import Database
from app.errors import DomainError
from app.models import Account, Building, Operation, Organization, Premise
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
    # a transfer is the supplier's as a whole: not shown for a part of the town
    whole = not (f.company_id or f.building_id or f.account_number or f.service_code
                 or actor.company_ids or actor.building_ids)
    with db.session() as s:
        sent = transferred(s, first, last) if whole else {}
        orgs = {inn: (oid, name) for oid, inn, name in s.execute(
            select(Organization.id, Organization.inn, Organization.short_name)
            .where(Organization.inn.in_({inn for _d, inn in sent})))}
    by_day: dict[tuple[date, str, str], list[int]] = {}
    for r in owed:
        by_day[(r.day, r.supplier, r.inn)] = [r.collected, r.commission, r.owed, 0]
    names = {inn: name for _d, name, inn in by_day}
    for (day, inn), amount in sent.items():
        oid, name = orgs[inn]
        if f.supplier_id is not None and oid != f.supplier_id:
            continue
        key = (day, names.get(inn, name), inn)
        by_day.setdefault(key, [0, 0, 0, 0])[3] += amount
    rows = [(d.strftime("%d.%m.%Y"), name, inn, c, k, o, t)
            for (d, name, inn), (c, k, o, t) in sorted(by_day.items())]
    collected = sum(r.collected for r in owed)
    with db.session() as s:
        q = apply_filter(joined_operations(func.coalesce(-func.sum(Operation.amount), literal(0))),
                         f, actor)
        ledger = int(s.scalar(q.where(Operation.kind == K.PAYMENT.value,
                                      Operation.op_date.between(first, last))) or 0)
    if collected != ledger:  # never expected: the same operations summed two ways
        raise DomainError(f"Расчёты с поставщиками не сходятся с журналом операций: "
                          f"{collected} ≠ {ledger} коп. — сообщите администратору")
    per_supplier: dict[str, list[int]] = {}
    for _d, name, _inn, _c, _k, o, t in rows:
        left = per_supplier.setdefault(name, [0, 0])
        left[0] += o
        left[1] += t
    columns = (Column("day", "Дата", width=12), Column("supplier", "Поставщик", width=34),
               Column("inn", "ИНН", width=13), Column("collected", "Собрано", "money"),
               Column("commission", "Комиссия банка", "money"),
               Column("owed", "К перечислению", "money"),
               Column("transferred", "Перечислено", "money"))
    totals = ("Итого", "", "", collected, sum(r.commission for r in owed),
              sum(r.owed for r in owed), sum(r[6] for r in rows))
    return ReportTable(
        title=TITLE, subtitle=f"{f.describe()} (платежи с {first:%d.%m.%Y} по {last:%d.%m.%Y})",
        columns=columns, rows=rows, totals=totals, sheet="Поставщики",
        notes=["Собрано сверено с платежами журнала операций до копейки.",
               *([] if whole else ["Перечисления поставщикам относятся к поставщику в целом "
                                   "и при отборе по УК, дому, услуге, счёту или по зоне "
                                   "обслуживания не показываются."]),
               *(f"{name}: к перечислению {format_rub(o)}, перечислено {format_rub(t)}, "
                 f"остаток {format_rub(o - t)}" for name, (o, t) in per_supplier.items())])
