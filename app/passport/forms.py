"""The clerk's printed forms: №9, №10, the arrival and departure sheets, as PDF bytes.

They carry personal data (documents, birth dates): printing needs `Right.PERSONAL_DATA`, and
each print is an audit entry naming the form and every person on it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.scope import require_visible
from app.calc.snils import format_snils
from app.db import Database
from app.errors import NotFound
from app.models import Account, Building, Organization, Person, Premise, Registration
from app.passport.flat import owners_in
from app.passport.registration import KIND_TITLES, account_place, premise_address
from app.print.registration_forms import (
    AddressSheetData,
    Form9Data,
    Form10Data,
    FormHeader,
    FormPerson,
    FormRegistration,
    render_address_sheet,
    render_form9,
    render_form10,
)
from app.rights import Actor, Right
from app.usecase import Tx, transaction


def _person(p: Person) -> FormPerson:
    issued = ", ".join(x for x in (p.doc_issued_by or "",
                                   p.doc_issued_on.strftime("%d.%m.%Y") if p.doc_issued_on
                                   else "", f"код подразделения {p.doc_code}" if p.doc_code
                                   else "") if x)
    try:
        snils = format_snils(p.snils) if p.snils else ""
    except ValueError:
        snils = p.snils or ""
    return FormPerson(p.full_name, p.birth_date, p.birth_place, p.sex, p.citizenship,
                      _document(p), issued, snils)


def _document(p: Person) -> str:
    return " ".join(x for x in (p.doc_type or "", p.doc_series or "", p.doc_number or "") if x)


def _registration(r: Registration, p: Person) -> FormRegistration:
    basis = "; ".join(x for x in (r.reason or "", r.document or "") if x)
    if r.date_to is not None and (r.departure_reason or r.departure_document):
        basis += "; снятие: " + "; ".join(x for x in (r.departure_reason or "",
                                                     r.departure_document or "") if x)
    return FormRegistration(
        full_name=p.full_name, relation=r.relation, birth_date=p.birth_date,
        birth_place=p.birth_place, kind=KIND_TITLES.get(r.kind, r.kind),
        date_from=r.date_from, date_to=r.date_to, arrived_from=r.arrived_from,
        departed_to=r.departed_to, basis=basis, document=_document(p))


def _header(s: Session, tx: Tx, premise_id: int, today: date) -> FormHeader:
    company = s.scalar(select(Organization.name).join(Building, Building.company_id
                                                      == Organization.id)
                       .join(Premise, Premise.building_id == Building.id)
                       .where(Premise.id == premise_id))
    return FormHeader(organisation=company or "", address=premise_address(s, premise_id),
                      printed_on=today, clerk=tx.actor.full_name)


def _printed(tx: Tx, form: str, entity: str, entity_id: int, persons: list[int]) -> None:
    tx.audit("form.print", entity, entity_id, after={"form": form, "persons": sorted(persons)})


def form10(db: Database, actor: Actor, account_number: str, today: date | None = None
           ) -> bytes:
    """Поквартирная карточка: everyone ever registered in the flat (in a communal flat, in the
    account's room and the whole flat), oldest registration first."""
    today = today or date.today()
    with transaction(db, actor, Right.PERSONAL_DATA) as tx:
        s = tx.session
        account, premise, communal = account_place(s, actor, account_number)
        q = (select(Registration, Person).join(Person, Person.id == Registration.person_id)
             .where(Registration.premise_id == premise.id)
             .order_by(Registration.date_from, Registration.id))
        if communal:
            q = q.where((Registration.account_id.is_(None))
                        | (Registration.account_id == account.id))
        rows = s.execute(q).all()
        numbers = dict(s.execute(select(Account.id, Account.number)
                                 .where(Account.premise_id == premise.id)).all())
        owners = owners_in(s, premise.id, account.id if communal else None, numbers)
        data = Form10Data(
            header=_header(s, tx, premise.id, today), account_number=account.number,
            holder=account.payer_name, total_area=str(account.area or premise.total_area)
            .replace(".", ","),
            owners=[f"{o.name} — {o.share} с {o.date_from:%d.%m.%Y}"
                    + (f" по {o.date_to:%d.%m.%Y}" if o.date_to else "") for o in owners],
            residents=[_registration(r, p) for r, p in rows])
        _printed(tx, "Форма №10", "premise", premise.id, [p.id for _r, p in rows])
        return render_form10(data)


def form9(db: Database, actor: Actor, person_id: int, account_number: str,
          today: date | None = None) -> bytes:
    """Карточка регистрации of a person at the account's flat."""
    today = today or date.today()
    with transaction(db, actor, Right.PERSONAL_DATA) as tx:
        s = tx.session
        _account, premise, _communal = account_place(s, actor, account_number)
        person = s.get(Person, person_id)
        regs = s.scalars(select(Registration).where(Registration.person_id == person_id,
                                                    Registration.premise_id == premise.id)
                         .order_by(Registration.date_from)).all()
        if person is None or not regs:
            raise NotFound(f"Человек №{person_id} не был зарегистрирован по этому адресу")
        data = Form9Data(_header(s, tx, premise.id, today), _person(person),
                         [_registration(r, person) for r in regs])
        _printed(tx, "Форма №9", "person", person_id, [person_id])
        return render_form9(data)


def address_sheet(db: Database, actor: Actor, registration_id: int, *, arrival: bool,
                  today: date | None = None) -> bytes:
    """The arrival sheet of a registration, or the departure sheet of its end."""
    today = today or date.today()
    with transaction(db, actor, Right.PERSONAL_DATA) as tx:
        s = tx.session
        reg = s.get(Registration, registration_id)
        if reg is None:
            raise NotFound(f"Регистрация №{registration_id} не найдена")
        if not arrival and reg.date_to is None:
            raise NotFound("Листок убытия печатается после снятия с регистрации")
        building = s.execute(select(Building).join(Premise, Premise.building_id == Building.id)
                             .where(Premise.id == reg.premise_id)).scalar_one()
        require_visible(actor, building.company_id, building.id, "этой квартиры")
        person = s.get_one(Person, reg.person_id)
        data = AddressSheetData(arrival, _header(s, tx, reg.premise_id, today), _person(person),
                                _registration(reg, person))
        form = "Листок прибытия" if arrival else "Листок убытия"
        _printed(tx, form, "person", person.id, [person.id])
        return render_address_sheet(data)
