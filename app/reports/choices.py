"""What the report screen offers to choose from: the periods there are, and the companies,
suppliers, services and buildings a filter can name (buildings within the user's scope)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.accounts.scope import scope_condition
from app.accounts.text import street_key
from app.calc.period import Period
from app.db import Database
from app.models import BillingPeriod, Building, Organization, Service
from app.models.enums import OrgKind
from app.rights import Actor, Right


@dataclass(frozen=True)
class ReportChoices:
    periods: list[Period]  # newest first
    companies: list[tuple[int, str]]
    suppliers: list[tuple[int, str]]
    services: list[tuple[str, str]]  # code, name
    buildings: list[tuple[int, str]]


def report_choices(db: Database, actor: Actor) -> ReportChoices:
    actor.require(Right.REPORTS)
    with db.session() as s:
        periods = [Period.from_code(c) for c in
                   s.scalars(select(BillingPeriod.code).order_by(BillingPeriod.code.desc()))]
        orgs = s.execute(select(Organization.id, Organization.short_name, Organization.kind)
                         .order_by(Organization.short_name)).all()
        services = s.execute(select(Service.code, Service.name)
                             .order_by(Service.sort_order, Service.name)).all()
        q = select(Building.id, Building.street, Building.house)
        if (in_scope := scope_condition(actor)) is not None:
            q = q.where(in_scope)
        buildings = s.execute(q).all()
    return ReportChoices(
        periods=periods,
        companies=[(i, n) for i, n, k in orgs if k == OrgKind.MANAGEMENT_COMPANY],
        suppliers=[(i, n) for i, n, k in orgs if k == OrgKind.SUPPLIER],
        services=[(c, n) for c, n in services],
        buildings=[(i, f"{street}, д. {house}") for i, street, house in
                   sorted(buildings, key=lambda b: (street_key(b[1]), len(b[2]), b[2]))],
    )
