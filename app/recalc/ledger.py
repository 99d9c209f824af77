"""What the recalculation use cases read from and write to the ledger: a period's charge per
service (with its stored basis) and recalculation operations with their cause and basis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from app.calc.basis import Basis, basis_from_json
from app.calc.inputs import ServiceKind
from app.calc.period import Period
from app.models import Operation, Service
from app.models.base import utcnow
from app.models.enums import OperationKind as K
from app.rights import Actor

RETRO = "recalc"  # cause of a retroactive recalculation: "recalc:<batch>"

_KIND_BY_CODE = {"waste": ServiceKind.SOLID_WASTE, "maintenance": ServiceKind.MAINTENANCE,
                 "capital_repair": ServiceKind.CAPITAL_REPAIR}
_KIND_BY_RESOURCE = {"cold_water": ServiceKind.COLD_WATER, "hot_water": ServiceKind.HOT_WATER,
                     "sewerage": ServiceKind.SEWERAGE, "electricity": ServiceKind.ELECTRICITY,
                     "gas": ServiceKind.GAS, "heat": ServiceKind.HEATING}


def num(value: Decimal) -> str:
    """A decimal as the operator reads it: «0,15», «2,5»."""
    return f"{value.normalize():f}".replace(".", ",")


def service_kind(code: str, resource: str | None) -> ServiceKind:
    """The engine's kind of a service, as the billing loader decides it."""
    return _KIND_BY_CODE.get(code) or _KIND_BY_RESOURCE.get(resource or "", ServiceKind.OTHER)


@dataclass(frozen=True)
class PeriodCharge:
    service_id: int
    supplier_id: int | None
    company_id: int | None
    amount: int  # the period's charge plus its retroactive recalculations, kopecks
    basis: Basis | None  # the engine's basis of the charge (None for imported history)


def period_charges(s: Session, account_id: int, period: Period) -> list[PeriodCharge]:
    return period_charges_of(s, [account_id], period).get(account_id, [])


def period_charges_of(s: Session, account_ids: list[int], period: Period,
                      service_id: int | None = None) -> dict[int, list[PeriodCharge]]:
    """`period_charges` of many accounts (of one service where given) in a query per 1,000."""
    o = Operation
    q = (select(o.account_id, o.service_id, o.supplier_id, o.company_id, o.amount, o.basis,
                o.kind)
         .where(o.account_id.in_(bindparam("ids", expanding=True)),
                ((o.kind == K.CHARGE.value) & (o.period == period.code))
                | ((o.kind == K.RECALCULATION.value)
                   & (o.ref_period == period.code) & o.cause.like(f"{RETRO}:%")))
         .order_by(o.id))
    if service_id is not None:
        q = q.where(o.service_id == service_id)
    cells: dict[int, dict[tuple[int, int | None], list[Any]]] = {}
    for i in range(0, len(account_ids), 1000):
        for acc, svc, sup, comp, amount, basis, kind in s.execute(
                q, {"ids": account_ids[i:i + 1000]}):
            cell = cells.setdefault(acc, {}).setdefault((svc, sup), [comp, 0, None])
            cell[1] += amount
            data = basis.get("new") if kind == K.RECALCULATION.value and basis else basis
            if isinstance(data, dict):
                cell[2] = data
    return {acc: [PeriodCharge(svc, sup, comp, amount, _basis(data))
                  for (svc, sup), (comp, amount, data) in by_key.items()]
            for acc, by_key in cells.items()}


def _basis(data: Any) -> Basis | None:
    if not isinstance(data, dict) or "method" not in data:
        return None
    try:
        return basis_from_json(data)
    except (KeyError, ValueError, TypeError):
        return None


def posted_by_cause(s: Session, account_id: int, cause: str) -> dict[tuple[int, int, int | None],
                                                                       int]:
    """Σ recalculations already posted for a cause per (corrected period, service, supplier)."""
    return posted_by_cause_of(s, [account_id], cause).get(account_id, {})


def posted_by_cause_of(s: Session, account_ids: list[int], cause: str
                       ) -> dict[int, dict[tuple[int, int, int | None], int]]:
    """`posted_by_cause` of many accounts, in a query per 1,000."""
    o = Operation
    q = (select(o.account_id, o.ref_period, o.service_id, o.supplier_id, func.sum(o.amount))
         .where(o.account_id.in_(bindparam("ids", expanding=True)),
                o.kind == K.RECALCULATION.value, o.cause == cause)
         .group_by(o.account_id, o.ref_period, o.service_id, o.supplier_id))
    out: dict[int, dict[tuple[int, int, int | None], int]] = {}
    for i in range(0, len(account_ids), 1000):
        for acc, ref, svc, sup, total in s.execute(q, {"ids": account_ids[i:i + 1000]}):
            out.setdefault(acc, {})[(ref or 0, svc, sup)] = int(total)
    return out


@dataclass(frozen=True)
class NewOperation:
    account_id: int
    service_id: int
    supplier_id: int | None
    company_id: int | None
    ref_period: int
    amount: int
    explanation: str
    extra: dict[str, Any] | None = None


def post(s: Session, actor: Actor, kind: K, target: Period, cause: str,
         ops: list[NewOperation], day: date | None = None) -> None:
    """Append operations to the open period `target` (the caller has called `ensure_open`)."""
    if not ops:
        return
    now = utcnow()
    s.execute(insert(Operation), [
        {"kind": kind.value, "op_date": day or target.last_day, "period": target.code,
         "ref_period": op.ref_period, "account_id": op.account_id, "service_id": op.service_id,
         "supplier_id": op.supplier_id, "company_id": op.company_id, "amount": op.amount,
         "cause": cause, "basis": {"explanation": op.explanation, **(op.extra or {})},
         "user_id": actor.user_id, "created_at": now} for op in ops])


def services_by_id(s: Session) -> dict[int, tuple[str, str, str | None]]:
    """id → (code, name, resource)."""
    return {i: (c, n, r) for i, c, n, r in s.execute(
        select(Service.id, Service.code, Service.name, Service.resource))}
