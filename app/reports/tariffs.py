"""Тарифы и нормативы, действующие в периоде: every tariff and norm whose dates meet the range,
by service (in the payment document's order) and supplier — the tariff's own supplier when it
is bound to one, else the suppliers that deliver the service to accounts in that time."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import or_, select

from app.db import Database
from app.models import AccountService, Organization, Service
from app.reports.filters import ReportFilter, check_filter, refuse_filters
from app.reports.table import Cell, Column, ReportTable
from app.rights import Actor, Right
from app.tariffs.queries import list_norms, list_services, list_tariffs
from app.tariffs.rules import spans_overlap
from app.tariffs.views import Scope

TITLE = "Тарифы и нормативы, действующие в периоде"


def tariffs_in_force(db: Database, actor: Actor, f: ReportFilter) -> ReportTable:
    actor.require(Right.REPORTS)
    first, last = f.period_from.first_day, f.period_to.last_day
    with db.session() as s:
        check_filter(s, f)
        refuse_filters(f, TITLE, "company_id", "account_number")
        supplied = s.execute(
            select(Service.code, Organization.id, Organization.short_name).distinct()
            .select_from(AccountService)
            .join(Service, Service.id == AccountService.service_id)
            .join(Organization, Organization.id == AccountService.supplier_id)
            .where(AccountService.date_from <= last,
                   or_(AccountService.date_to.is_(None), AccountService.date_to >= first))
            .order_by(Organization.short_name)).all()
        names = {i: str(n) for i, n in s.execute(select(Organization.id,
                                                              Organization.short_name))}
    suppliers: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for code, sid, name in supplied:
        suppliers[code].append((sid, name))
    services = list_services(db)  # in the payment document's order
    units = {svc.code: svc.unit for svc in services}
    order = {svc.name: i for i, svc in enumerate(services)}

    def in_range(d_from: date, d_to: date | None) -> bool:
        return spans_overlap(d_from, d_to, first, last)

    def keep(code: str, scope: Scope, scope_id: int | None) -> tuple[str, ...] | None:
        """The suppliers the row is shown for; None when the filter leaves it out."""
        if f.service_code is not None and code != f.service_code:
            return None
        if f.building_id is not None and scope == Scope.BUILDING and scope_id != f.building_id:
            return None
        if scope == Scope.SUPPLIER and scope_id is not None:
            own = [(scope_id, names.get(scope_id, f"№{scope_id}"))]
        else:
            own = suppliers.get(code, [])
        if f.supplier_id is not None:
            own = [o for o in own if o[0] == f.supplier_id]
            if not own:
                return None
        return tuple(n for _i, n in own)

    rows: list[tuple[Cell, ...]] = []
    for t in list_tariffs(db):
        who = keep(t.service_code, t.scope, t.scope_id)
        if who is None or not in_range(t.date_from, t.date_to):
            continue
        rows.append((t.service_name, ", ".join(who) or "—", "Тариф", t.scope_title,
                     t.zone_title, t.value, f"₽/{units.get(t.service_code, '')}",
                     f"{t.date_from:%d.%m.%Y}", f"{t.date_to:%d.%m.%Y}" if t.date_to else ""))
    for n in list_norms(db):
        who = keep(n.service_code, n.scope, n.scope_id)
        if who is None or not in_range(n.date_from, n.date_to):
            continue
        rows.append((n.service_name, ", ".join(who) or "—", f"Норматив: {n.kind_title}",
                     n.scope_title, "", n.value, n.unit, f"{n.date_from:%d.%m.%Y}",
                     f"{n.date_to:%d.%m.%Y}" if n.date_to else ""))
    rows.sort(key=lambda r: (order.get(str(r[0]), 0), str(r[1]), str(r[2]) != "Тариф"))
    columns = (Column("service", "Услуга", width=30), Column("supplier", "Поставщик", width=26),
               Column("what", "Вид", width=26), Column("scope", "Где действует", width=30),
               Column("zone", "Зона", width=14), Column("value", "Значение", "number", 12),
               Column("unit", "Ед. изм.", width=10), Column("from", "Действует с", width=12),
               Column("to", "по", width=12))
    tariffs = sum(1 for r in rows if r[2] == "Тариф")
    return ReportTable(
        title=TITLE, subtitle=f"{f.describe()} (с {first:%d.%m.%Y} по {last:%d.%m.%Y})",
        columns=columns, rows=rows,
        totals=(f"Тарифов: {tariffs}, нормативов: {len(rows) - tariffs}", *([""] * 8)),
        sheet="Тарифы")
