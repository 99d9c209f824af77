"""The account card: everything about one account in one read, for the window and for `--json`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from app.accounts.scope import require_visible
from app.accounts.text import address_line
from app.accounts.views import (
    AccountCard,
    BalanceRow,
    CardGeneral,
    MeterRow,
    NoteRow,
    OperationRow,
    OwnerRow,
    ResidentRow,
    ServiceRow,
)
from app.calc.account_number import check_account_number
from app.calc.basis import explain_stored
from app.calc.inputs import Key
from app.db import Database
from app.errors import DomainError, NotFound
from app.ledger.balances import account_balances
from app.meters.names import meter_names
from app.models import (
    Account,
    AccountNote,
    AccountService,
    Building,
    Meter,
    Operation,
    Organization,
    Ownership,
    Person,
    Premise,
    Reading,
    Registration,
    Service,
    User,
)
from app.rights import Actor, Right
from app.usecase import jsonable

SYSTEM_AUTHOR = "Система"


def load_card(db: Database, actor: Actor, number: str, today: date | None = None
              ) -> AccountCard:
    """The card of account `number`; a mistyped, unknown or foreign number says so in Russian."""
    actor.require(Right.ACCOUNT_VIEW)
    try:
        check_account_number(number)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    number = number.strip()
    today = today or date.today()
    with db.session() as s:
        row = s.execute(
            select(Account, Premise, Building)
            .join(Premise, Premise.id == Account.premise_id)
            .join(Building, Building.id == Premise.building_id)
            .where(Account.number == number)
        ).one_or_none()
        if row is None:
            raise NotFound(f"Лицевой счёт {number} не найден")
        account, premise, building = row
        require_visible(actor, building.company_id, building.id, number)
        residents = _residents(s, premise.id, account.id, today,
                               actor.can(Right.PERSONAL_DATA))
        balances = _balances(s, account.id)
        last = max((b.period for b in balances), default=None)
        return AccountCard(
            general=_general(s, account, premise, building, residents, today),
            residents=residents,
            owners=_owners(s, premise.id, account.id, today),
            services=_services(s, account.id),
            meters=_meters(s, account.id, premise.id),
            balances=balances,
            operations=_operations(s, account.id),
            notes=notes_of(s, account.id),
            debt=sum(b.closing for b in balances if b.period == last),
        )


def _is_current(date_from: date, date_to: date | None, today: date) -> bool:
    return date_from <= today and (date_to is None or date_to >= today)


def _general(s: Session, a: Account, p: Premise, b: Building, residents: list[ResidentRow],
             today: date) -> CardGeneral:
    company = None
    if b.company_id is not None:
        company = s.scalar(select(Organization.short_name).where(Organization.id == b.company_id))
    return CardGeneral(
        account_id=a.id, number=a.number, status=a.status, opened_on=a.opened_on,
        closed_on=a.closed_on, payer_name=a.payer_name,
        address=address_line(b.street, b.house, p.number, p.kind),
        city=b.city, street=b.street, house=b.house, premise_number=p.number,
        premise_kind=p.kind, total_area=p.total_area, living_area=p.living_area,
        account_area=a.area if a.area is not None else p.total_area, rooms=p.rooms,
        company_name=company,
        residents_count=sum(1 for r in residents if _is_current(r.date_from, r.date_to, today)),
    )


def _residents(s: Session, premise_id: int, account_id: int, today: date, personal: bool
               ) -> list[ResidentRow]:
    """Who is registered in the premise — in a communal flat, in this account's room (and
    anyone registered in the whole flat), as the billing counts them."""
    rows = s.execute(
        select(Registration, Person).join(Person, Person.id == Registration.person_id)
        .where(Registration.premise_id == premise_id,
               or_(Registration.account_id.is_(None), Registration.account_id == account_id))
    ).all()
    out = [
        ResidentRow(person_id=p.id, full_name=p.full_name,
                    birth_date=p.birth_date if personal else None, kind=r.kind,
                    date_from=r.date_from, date_to=r.date_to, relation=r.relation)
        for r, p in rows
    ]
    # current residents first, then the departed, most recent first within each
    out.sort(key=lambda r: (not _is_current(r.date_from, r.date_to, today),
                            -(r.date_to or date.max).toordinal(), r.full_name))
    return out


def _owners(s: Session, premise_id: int, account_id: int, today: date) -> list[OwnerRow]:
    """The premise's owners — in a communal flat, of this account's room (and of the whole)."""
    rows = s.execute(
        select(Ownership, Person, Organization.short_name)
        .outerjoin(Person, Person.id == Ownership.person_id)
        .outerjoin(Organization, Organization.id == Ownership.organization_id)
        .where(Ownership.premise_id == premise_id,
               or_(Ownership.account_id.is_(None), Ownership.account_id == account_id))
    ).all()
    out = [
        OwnerRow(name=person.full_name if person else (org or "—"),
                 share=f"{o.share_num}/{o.share_den}", date_from=o.date_from, date_to=o.date_to)
        for o, person, org in rows
    ]
    out.sort(key=lambda r: (not _is_current(r.date_from, r.date_to, today), r.name))
    return out


def _services(s: Session, account_id: int) -> list[ServiceRow]:
    rows = s.execute(
        select(AccountService, Service, Organization.short_name)
        .join(Service, Service.id == AccountService.service_id)
        .join(Organization, Organization.id == AccountService.supplier_id)
        .where(AccountService.account_id == account_id)
        .order_by(Service.sort_order, AccountService.date_from)
    ).all()
    return [
        ServiceRow(service_id=svc.id, code=svc.code, name=svc.name, supplier_name=supplier,
                   method=a.method or svc.method, date_from=a.date_from, date_to=a.date_to)
        for a, svc, supplier in rows
    ]


def _meters(s: Session, account_id: int, premise_id: int) -> list[MeterRow]:
    svc = aliased(Service)
    meters = s.execute(
        select(Meter, svc.name).outerjoin(svc, svc.id == Meter.service_id)
        .where(or_(Meter.account_id == account_id,
                   (Meter.premise_id == premise_id) & Meter.account_id.is_(None)))
        .order_by(Meter.resource, Meter.installed_on, Meter.id)
    ).all()
    if not meters:
        return []
    readings: dict[int, list[Reading]] = {}
    for r in s.scalars(select(Reading).where(Reading.meter_id.in_([m.id for m, _ in meters]))):
        readings.setdefault(r.meter_id, []).append(r)
    out = []
    for m, service_name in meters:
        own = readings.get(m.id, [])
        last_period = max((r.period for r in own), default=None)
        latest = {}  # zone → the last reading of the last period
        for r in sorted((r for r in own if r.period == last_period),
                        key=lambda r: (r.taken_on, r.id)):
            latest[r.zone] = r
        out.append(MeterRow(
            meter_id=m.id, resource=m.resource, service_name=service_name, serial=m.serial,
            zones=m.zones, next_verification=m.next_verification, status=m.status,
            last_period=last_period,
            last_taken_on=max((r.taken_on for r in latest.values()), default=None),
            last_values=tuple(latest[z].value for z in sorted(latest)),
        ))
    return out


def _balances(s: Session, account_id: int) -> list[BalanceRow]:
    balances = account_balances(s, account_id)
    services = {i: (c, n) for i, c, n in s.execute(select(Service.id, Service.code, Service.name))}
    supplier_ids = {b.supplier_id for b in balances if b.supplier_id}
    suppliers: dict[int, str] = {
        i: n for i, n in s.execute(select(Organization.id, Organization.short_name)
                                   .where(Organization.id.in_(supplier_ids)))
    } if supplier_ids else {}
    return [
        BalanceRow(period=b.period, service_id=b.service_id,
                   service_code=services[b.service_id][0], service_name=services[b.service_id][1],
                   supplier_id=b.supplier_id, supplier_name=suppliers.get(b.supplier_id, ""),
                   opening=b.opening, charged=b.charged, recalculated=b.recalculated,
                   penalty=b.penalty, paid=b.paid, corrected=b.corrected, closing=b.closing)
        for b in sorted(balances, key=lambda b: (-b.period, services[b.service_id][0]))
    ]


def _operations(s: Session, account_id: int) -> list[OperationRow]:
    supplier = aliased(Organization)
    rows = s.execute(
        select(Operation, Service.name, supplier.short_name)
        .join(Service, Service.id == Operation.service_id)
        .outerjoin(supplier, supplier.id == Operation.supplier_id)
        .where(Operation.account_id == account_id)
        .order_by(Operation.op_date.desc(), Operation.id.desc())
    ).all()
    bases = {o.id: _basis_dict(o.basis) for o, _name, _sup in rows}
    names = meter_names(s, bases.values())
    return [
        OperationRow(operation_id=o.id, op_date=o.op_date, period=o.period,
                     ref_period=o.ref_period, kind=o.kind, service_name=name,
                     supplier_name=sup, amount=o.amount, cause=o.cause,
                     explanation=explain_stored(bases[o.id], names))
        for o, name, sup in rows
    ]


def explanation(basis: Any, names: dict[Key, str] | None = None) -> str | None:
    """«Почему столько» from an operation's basis (a dict, or JSON text on some drivers)."""
    return explain_stored(_basis_dict(basis), names)


def _basis_dict(basis: Any) -> Any:
    if isinstance(basis, str):
        try:
            return json.loads(basis)
        except ValueError:
            return None
    return basis


def notes_of(s: Session, account_id: int) -> list[NoteRow]:
    rows = s.execute(
        select(AccountNote, User.full_name).outerjoin(User, User.id == AccountNote.author_id)
        .where(AccountNote.account_id == account_id)
        .order_by(AccountNote.created_at.desc(), AccountNote.id.desc())
    ).all()
    return [NoteRow(note_id=n.id, created_at=n.created_at, author=author or SYSTEM_AUTHOR,
                    text=n.text) for n, author in rows]


# --- JSON ----------------------------------------------------------------------------------

def card_to_json(card: AccountCard) -> dict[str, Any]:
    """The card as JSON-safe data: dates ISO, quantities as exact strings, money int kopecks."""
    out = jsonable(card)
    assert isinstance(out, dict)
    return out

