"""Tariffs and norms differ only in their «slot» — what must not overlap in time — and in the
scope they may have. These two adapters let one set of use cases serve both.

Tariff slot: service + scope (everywhere / supplier / building / account list) + zone.
Norm slot: service + scope (everywhere / building) + kind (individual / common needs).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calc.explain import num
from app.errors import Problem
from app.models import AccountList, Building, Norm, Organization, Service, Tariff
from app.models.enums import OrgKind
from app.tariffs.queries import tariff_scope
from app.tariffs.rules import span_text, spans_overlap
from app.tariffs.views import NormInput, Scope, TariffInput
from app.titles import NORM_KIND, TARIFF_SCOPE, TARIFF_ZONE


class Kind(Protocol):
    model: Any
    title: str
    what: str
    entity: str
    slot_words: str

    def input_problems(self, s: Session, svc: Service, inp: Any) -> list[Problem]: ...
    def apply(self, row: Any, service_id: int, inp: Any) -> None: ...
    def snapshot(self, s: Session, row: Any) -> dict[str, Any]: ...
    def copy(self, row: Any) -> Any: ...
    def overlapping(self, s: Session, row: Any) -> list[Any]: ...
    def describe(self, row: Any) -> str: ...


def _scope_problems(s: Session, scope: Scope, sid: int | None, allowed: tuple[Scope, ...]
                    ) -> list[Problem]:
    if scope not in allowed:
        return [Problem("Область действия", "для норматива — только «везде» или дом")]
    if scope == Scope.EVERYWHERE:
        return []
    if sid is None:
        return [Problem("Область действия", "Выберите, к чему относится запись")]
    found: Any
    if scope == Scope.SUPPLIER:
        found = s.get(Organization, sid)
        found = found if found is not None and found.kind == OrgKind.SUPPLIER else None
    elif scope == Scope.BUILDING:
        found = s.get(Building, sid)
    else:
        found = s.get(AccountList, sid)
    return [] if found is not None else [
        Problem("Область действия", f"Не найден(а) {scope_name(scope)} №{sid}")]


def plain(value: Decimal) -> str:
    """'47.1' whether typed as 47.10 or read back: audit before/after compare cleanly."""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def scope_name(scope: Scope) -> str:
    return TARIFF_SCOPE[scope] if scope != Scope.EVERYWHERE else "область"


def _overlapping(s: Session, model: Any, conditions: list[Any], row: Any) -> list[Any]:
    q = select(model).where(*conditions)
    if row.id is not None:
        q = q.where(model.id != row.id)
    return [c for c in s.scalars(q.order_by(model.date_from))
            if spans_overlap(c.date_from, c.date_to, row.date_from, row.date_to)]


def _is(column: Any, value: int | None) -> Any:
    return column.is_(None) if value is None else column == value


class _Tariffs:
    model = Tariff
    title = "Тариф"
    what = "тариф"
    entity = "tariff"
    slot_words = "области действия и зоны"
    ALLOWED: ClassVar[tuple[Scope, ...]] = tuple(Scope)

    def input_problems(self, s: Session, svc: Service, inp: TariffInput) -> list[Problem]:
        problems = _scope_problems(s, inp.scope, inp.scope_id, self.ALLOWED)
        top = svc.zones if svc.zones > 1 else 0
        if not 0 <= inp.zone <= top:
            allowed = "только одноставочный" if top == 0 else f"зоны 0–{top}"
            problems.append(Problem("Зона", f"У услуги «{svc.name}» {allowed}"))
        return problems

    def apply(self, row: Tariff, service_id: int, inp: TariffInput) -> None:
        row.service_id = service_id
        row.supplier_id = inp.scope_id if inp.scope == Scope.SUPPLIER else None
        row.building_id = inp.scope_id if inp.scope == Scope.BUILDING else None
        row.account_list_id = inp.scope_id if inp.scope == Scope.ACCOUNT_LIST else None
        row.zone = inp.zone
        row.value = Decimal(inp.value)
        row.date_from = inp.date_from
        row.date_to = inp.date_to

    def snapshot(self, s: Session, row: Tariff) -> dict[str, Any]:
        scope, sid = tariff_scope(row)
        return {"service": s.get(Service, row.service_id).code,  # type: ignore[union-attr]
                "scope": scope.value, "scope_id": sid, "zone": row.zone, "value": plain(row.value),
                "date_from": row.date_from, "date_to": row.date_to}

    def copy(self, row: Tariff) -> Tariff:
        return Tariff(service_id=row.service_id, supplier_id=row.supplier_id,
                      building_id=row.building_id, account_list_id=row.account_list_id,
                      zone=row.zone)

    def overlapping(self, s: Session, row: Tariff) -> list[Tariff]:
        return _overlapping(s, Tariff, [
            Tariff.service_id == row.service_id, Tariff.zone == row.zone,
            _is(Tariff.supplier_id, row.supplier_id), _is(Tariff.building_id, row.building_id),
            _is(Tariff.account_list_id, row.account_list_id)], row)

    def describe(self, row: Tariff) -> str:
        zone = f", {TARIFF_ZONE.get(row.zone, row.zone)}" if row.zone else ""
        return f"{num(row.value, 2, 6)} ₽{zone} {span_text(row.date_from, row.date_to)}"


class _Norms:
    model = Norm
    title = "Норматив"
    what = "норматив"
    entity = "norm"
    slot_words = "области действия и вида"
    ALLOWED: ClassVar[tuple[Scope, ...]] = (Scope.EVERYWHERE, Scope.BUILDING)

    def input_problems(self, s: Session, svc: Service, inp: NormInput) -> list[Problem]:
        problems = _scope_problems(s, inp.scope, inp.scope_id, self.ALLOWED)
        if inp.kind not in NORM_KIND:
            problems.append(Problem("Вид", f"Неизвестный вид норматива «{inp.kind}»"))
        if svc.norm_base is None and inp.kind == "individual":
            problems.append(Problem("Услуга", f"Услуга «{svc.name}» начисляется без норматива"))
        return problems

    def apply(self, row: Norm, service_id: int, inp: NormInput) -> None:
        row.service_id = service_id
        row.building_id = inp.scope_id if inp.scope == Scope.BUILDING else None
        row.kind = inp.kind
        row.value = Decimal(inp.value)
        row.date_from = inp.date_from
        row.date_to = inp.date_to

    def snapshot(self, s: Session, row: Norm) -> dict[str, Any]:
        return {"service": s.get(Service, row.service_id).code,  # type: ignore[union-attr]
                "building_id": row.building_id, "kind": row.kind, "value": plain(row.value),
                "date_from": row.date_from, "date_to": row.date_to}

    def copy(self, row: Norm) -> Norm:
        return Norm(service_id=row.service_id, building_id=row.building_id, kind=row.kind)

    def overlapping(self, s: Session, row: Norm) -> list[Norm]:
        return _overlapping(s, Norm, [
            Norm.service_id == row.service_id, Norm.kind == row.kind,
            _is(Norm.building_id, row.building_id)], row)

    def describe(self, row: Norm) -> str:
        return f"{num(row.value)} {span_text(row.date_from, row.date_to)}"


TARIFFS: Kind = _Tariffs()
NORMS: Kind = _Norms()
