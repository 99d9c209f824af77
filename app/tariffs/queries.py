"""Reads: services, tariffs and norms with their scopes, the choices an editor offers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.calc.period import Period
from app.db import Database
from app.errors import Problem
from app.models import (
    AccountList,
    AccountListMember,
    BillingPeriod,
    Building,
    Norm,
    Organization,
    Service,
    Tariff,
)
from app.models.enums import OrgKind, PeriodStatus
from app.tariffs.views import (
    NormRow,
    Scope,
    ScopeChoice,
    ServiceChoice,
    TariffRow,
)


def list_services(db: Database) -> list[ServiceChoice]:
    with db.session() as s:
        rows = s.scalars(select(Service).order_by(Service.sort_order, Service.id))
        return [ServiceChoice(r.id, r.code, r.name, r.unit, r.zones, r.norm_base) for r in rows]


def list_tariffs(db: Database, service_code: str | None = None) -> list[TariffRow]:
    """Tariffs by service order, then scope, zone and start date."""
    with db.session() as s:
        q = select(Tariff, Service).join(Service, Service.id == Tariff.service_id)
        if service_code:
            q = q.where(Service.code == service_code)
        titles = _ScopeTitles(s)
        order = _service_order(s)
        out = [tariff_row(t, svc, titles) for t, svc in s.execute(q)]
    out.sort(key=lambda r: (order[r.service_code], list(Scope).index(r.scope), r.scope_title,
                            r.zone, r.date_from))
    return out


def list_norms(db: Database, service_code: str | None = None) -> list[NormRow]:
    with db.session() as s:
        q = select(Norm, Service).join(Service, Service.id == Norm.service_id)
        if service_code:
            q = q.where(Service.code == service_code)
        titles = _ScopeTitles(s)
        order = _service_order(s)
        out = [norm_row(n, svc, titles) for n, svc in s.execute(q)]
    out.sort(key=lambda r: (order[r.service_code], r.kind, list(Scope).index(r.scope),
                            r.scope_title, r.date_from))
    return out


def _service_order(s: Session) -> dict[str, tuple[int, int]]:
    """Services in their fixed order (the order of the payment document)."""
    return {code: (order, sid) for code, order, sid in
            s.execute(select(Service.code, Service.sort_order, Service.id))}


def scope_choices(db: Database) -> list[ScopeChoice]:
    """Everything a tariff may be bound to: suppliers, buildings, account lists."""
    with db.session() as s:
        titles = _ScopeTitles(s)
        out = [ScopeChoice(Scope.EVERYWHERE, 0, "везде")]
        for oid in s.scalars(select(Organization.id).where(Organization.kind == OrgKind.SUPPLIER)
                             .order_by(Organization.short_name)):
            out.append(ScopeChoice(Scope.SUPPLIER, oid, titles.title(Scope.SUPPLIER, oid)))
        for bid in s.scalars(select(Building.id).order_by(Building.street, Building.house)):
            out.append(ScopeChoice(Scope.BUILDING, bid, titles.title(Scope.BUILDING, bid)))
        for lid in s.scalars(select(AccountList.id).order_by(AccountList.name)):
            out.append(ScopeChoice(Scope.ACCOUNT_LIST, lid, titles.title(Scope.ACCOUNT_LIST, lid)))
        return out


def companies(db: Database) -> list[ScopeChoice]:
    """Management companies, for the mass change filter (as supplier-like choices)."""
    with db.session() as s:
        rows = s.execute(select(Organization.id, Organization.short_name)
                         .where(Organization.kind == OrgKind.MANAGEMENT_COMPANY)
                         .order_by(Organization.short_name))
        return [ScopeChoice(Scope.SUPPLIER, oid, name) for oid, name in rows]


def closed_through(session: Session) -> tuple[date, int] | None:
    """The last day of the latest closed period and its code, or None if none is closed."""
    code = session.scalar(select(func.max(BillingPeriod.code))
                          .where(BillingPeriod.status == PeriodStatus.CLOSED))
    if code is None:
        return None
    return Period.from_code(code).last_day, code


def tariff_scope(t: Tariff) -> tuple[Scope, int | None]:
    if t.account_list_id is not None:
        return Scope.ACCOUNT_LIST, t.account_list_id
    if t.building_id is not None:
        return Scope.BUILDING, t.building_id
    if t.supplier_id is not None:
        return Scope.SUPPLIER, t.supplier_id
    return Scope.EVERYWHERE, None


def tariff_row(t: Tariff, svc: Service, titles: _ScopeTitles) -> TariffRow:
    scope, sid = tariff_scope(t)
    return TariffRow(t.id, t.version, svc.code, svc.name, svc.unit, scope, sid,
                     titles.title(scope, sid), t.zone, t.value, t.date_from, t.date_to)


def norm_row(n: Norm, svc: Service, titles: _ScopeTitles) -> NormRow:
    scope, sid = (Scope.BUILDING, n.building_id) if n.building_id else (Scope.EVERYWHERE, None)
    per = "м²" if svc.norm_base == "per_m2" or n.kind == "common_needs" else "чел"
    return NormRow(n.id, n.version, svc.code, svc.name, f"{svc.unit}/{per}", scope, sid,
                   titles.title(scope, sid), n.kind, n.value, n.date_from, n.date_to)


class _ScopeTitles:
    """Readable names of scopes, loaded lazily once per session."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self._cache: dict[tuple[Scope, int], str] = {}

    def title(self, scope: Scope, sid: int | None) -> str:
        if scope == Scope.EVERYWHERE or sid is None:
            return "везде"
        key = (scope, sid)
        if key not in self._cache:
            self._cache[key] = self._load(scope, sid)
        return self._cache[key]

    def _load(self, scope: Scope, sid: int) -> str:
        if scope == Scope.SUPPLIER:
            org = self.s.get(Organization, sid)
            return f"поставщик {org.short_name}" if org else f"поставщик №{sid}"
        if scope == Scope.BUILDING:
            b = self.s.get(Building, sid)
            return f"дом {b.street}, д. {b.house}" if b else f"дом №{sid}"
        lst = self.s.get(AccountList, sid)
        count = self.s.scalar(select(func.count()).select_from(AccountListMember)
                              .where(AccountListMember.list_id == sid))
        return f"список «{lst.name}» ({count} сч.)" if lst else f"список №{sid}"


def overlap_problems(db: Database) -> list[Problem]:
    """Tariffs or norms of one slot whose dates overlap (possible only after an import or a
    direct database edit: the editor refuses them), each named with both spans."""
    from app.tariffs.rules import span_text

    problems: list[Problem] = []
    tariffs = list_tariffs(db)
    slots: dict[tuple[object, ...], list[TariffRow | NormRow]] = {}
    for t in tariffs:
        slots.setdefault(("t", t.service_code, t.scope, t.scope_id, t.zone), []).append(t)
    for n in list_norms(db):
        slots.setdefault(("n", n.service_code, n.scope, n.scope_id, n.kind), []).append(n)
    for rows in slots.values():
        rows.sort(key=lambda r: r.date_from)
        reach = rows[0]  # of the rows so far, the one in force the longest
        for cur in rows[1:]:
            if reach.date_to is None or reach.date_to >= cur.date_from:
                what = "Норматив" if isinstance(cur, NormRow) else "Тариф"
                problems.append(Problem(
                    f"{what} «{cur.service_name}», {cur.scope_title}",
                    f"{span_text(reach.date_from, reach.date_to)} пересекается с записью "
                    f"{span_text(cur.date_from, cur.date_to)}"))
            if reach.date_to is not None and (cur.date_to is None or cur.date_to > reach.date_to):
                reach = cur
    return problems
