"""People: find a person, their card (documents masked, or shown in full and audited), a change
of their document data, their history of registrations and documents.

Personal data (152-ФЗ): identity documents and СНИЛС are shown only to roles with
`Right.PERSONAL_DATA`; each time they are shown or changed, an audit entry says who, when and
whose. Other roles see «45 ** ******» and «***-***-*** 12».
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.accounts.scope import visible
from app.calc.identity import mask_document, mask_number, mask_series, mask_snils
from app.calc.snils import format_snils
from app.db import Database
from app.errors import Conflict, NotFound
from app.models import (
    Account,
    AuditEntry,
    Building,
    Ownership,
    Person,
    Premise,
    Registration,
    User,
)
from app.passport.registration import KIND_TITLES, document_audit, premise_address
from app.passport.rules import document_fields
from app.passport.views import AuditLine, DocumentInput, HistoryLine, PersonCard, PersonHit
from app.rights import Actor, Right
from app.usecase import transaction

PERSONAL_ACTIONS = {
    "person.documents.view": "просмотр документов",
    "person.documents.change": "изменение документов",
    "person.add": "новый человек",
    "flat.documents.view": "просмотр документов жильцов",
    "form.print": "печать документа",
    "registration.arrival": "регистрация",
    "registration.departure": "снятие с регистрации",
}


def snils_text(snils: str | None, revealed: bool) -> str:
    if not snils:
        return ""
    if not revealed:
        return mask_snils(snils)
    try:
        return format_snils(snils)
    except ValueError:
        return snils


def document_text(p: Person, revealed: bool) -> str:
    numbers = (" ".join(x for x in (p.doc_series, p.doc_number) if x) if revealed
               else mask_document(p.doc_series, p.doc_number))
    return " ".join(x for x in (p.doc_type or "", numbers) if x)


def _person_scope_ok(s: Session, actor: Actor, person_id: int) -> bool:
    if actor.unrestricted:
        return True
    rows = s.execute(select(Building.company_id, Building.id)
                     .join(Premise, Premise.building_id == Building.id)
                     .join(Registration, Registration.premise_id == Premise.id)
                     .where(Registration.person_id == person_id)).all()
    return any(visible(actor, c, b) for c, b in rows)


def _load(s: Session, actor: Actor, person_id: int) -> Person:
    person = s.get(Person, person_id)
    if person is None or not _person_scope_ok(s, actor, person_id):
        raise NotFound(f"Человек №{person_id} не найден в вашей зоне обслуживания")
    return person


def _card(p: Person, revealed: bool) -> PersonCard:
    return PersonCard(
        person_id=p.id, version=p.version, full_name=p.full_name, last_name=p.last_name,
        first_name=p.first_name, middle_name=p.middle_name,
        birth_date=p.birth_date if revealed else None,
        birth_place=p.birth_place if revealed else None, sex=p.sex,
        citizenship=p.citizenship, snils=snils_text(p.snils, revealed), doc_type=p.doc_type,
        doc_series=(p.doc_series or "") if revealed else mask_series(p.doc_series),
        doc_number=(p.doc_number or "") if revealed else mask_number(p.doc_number),
        doc_issued_by=p.doc_issued_by if revealed else None,
        doc_issued_on=p.doc_issued_on if revealed else None,
        doc_code=p.doc_code if revealed else None, revealed=revealed)


def person_card(db: Database, actor: Actor, person_id: int) -> PersonCard:
    """The person's card. With the personal-data right: documents in full, and the view is in
    the audit log; without it: masked, nothing personal shown."""
    actor.require(Right.ACCOUNT_VIEW)
    if not actor.can(Right.PERSONAL_DATA):
        with db.session() as s:
            return _card(_load(s, actor, person_id), revealed=False)
    with transaction(db, actor, Right.PERSONAL_DATA) as tx:
        person = _load(tx.session, actor, person_id)
        tx.audit("person.documents.view", "person", person_id,
                 after={"fields": ["birth_date", "birth_place", "snils", "document"]})
        return _card(person, revealed=True)


def change_documents(db: Database, actor: Actor, person_id: int, data: DocumentInput,
                     version: int | None = None, today: date | None = None) -> PersonCard:
    """New identity document data (and СНИЛС, citizenship) of a person; the old values stay in
    the audit entry's «before». `version`: the card's version the clerk edited (someone else's
    change in between is refused)."""
    today = today or date.today()
    with transaction(db, actor, Right.PASSPORT_EDIT) as tx:
        actor.require(Right.PERSONAL_DATA)
        person = _load(tx.session, actor, person_id)
        if version is not None and version != person.version:
            raise Conflict("Данные человека изменил другой пользователь. Откройте карточку "
                           "заново и повторите изменение")
        fields = document_fields(data, person.birth_date, today)
        before = {**document_audit(person), "citizenship": person.citizenship}
        for key, value in fields.items():
            setattr(person, key, value)
        tx.session.flush()
        tx.audit("person.documents.change", "person", person_id, before=before,
                 after={**document_audit(person), "citizenship": person.citizenship})
        return _card(person, revealed=True)


def find_persons(db: Database, actor: Actor, text: str, limit: int = 50) -> list[PersonHit]:
    """People by name as typed («Иванова Мария», «иван»), registered or departed, in scope."""
    actor.require(Right.ACCOUNT_VIEW)
    words = [w for w in text.replace("ё", "е").replace("Ё", "Е").split() if w]
    if not words:
        return []
    first = words[0].capitalize()
    rest = [w.casefold() for w in words[1:]]
    with db.session() as s:
        # names are stored capitalised: a key range on the surname walks its index
        people = s.scalars(select(Person).where(Person.last_name >= first,
                                                Person.last_name < first + "\uffff")
                           .order_by(Person.last_name, Person.first_name, Person.id)
                           .limit(limit * 20)).all()
        hits: list[PersonHit] = []
        for p in people:
            others = [x.casefold() for x in (p.first_name, p.middle_name or "")]
            if not all(any(o.startswith(w) for o in others) for w in rest):
                continue
            hit = _hit(s, actor, p)
            if hit is not None:
                hits.append(hit)
            if len(hits) >= limit:
                break
        return hits


def _hit(s: Session, actor: Actor, p: Person) -> PersonHit | None:
    rows = s.execute(
        select(Registration, Account.number, Building.company_id, Building.id)
        .join(Premise, Premise.id == Registration.premise_id)
        .join(Building, Building.id == Premise.building_id)
        .outerjoin(Account, and_(Account.premise_id == Premise.id,
                                 (Registration.account_id.is_(None))
                                 | (Account.id == Registration.account_id)))
        .where(Registration.person_id == p.id)
        .order_by(Registration.date_to.is_(None).desc(), Registration.date_from.desc())
    ).all()
    rows = [r for r in rows if visible(actor, r[2], r[3])]
    if not rows and not actor.unrestricted:
        return None
    if not rows:
        return PersonHit(p.id, p.full_name, _birth(actor, p), "", None, False)
    reg, number = rows[0][0], rows[0][1]
    return PersonHit(p.id, p.full_name, _birth(actor, p), premise_address(s, reg.premise_id),
                     number, reg.date_to is None)


def _birth(actor: Actor, p: Person) -> date | None:
    return p.birth_date if actor.can(Right.PERSONAL_DATA) else None


def person_history(db: Database, actor: Actor, person_id: int) -> list[HistoryLine]:
    """Registrations at every address and changes of documents, oldest first."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        p = _load(s, actor, person_id)
        lines = registration_lines(s, [p.id])
        if actor.can(Right.PERSONAL_DATA):
            for entry in s.scalars(select(AuditEntry).where(
                    AuditEntry.entity == "person", AuditEntry.entity_id == str(p.id),
                    AuditEntry.action == "person.documents.change")):
                after: dict[str, Any] = entry.after or {}
                lines.append(HistoryLine(entry.at.date(), "Изменены данные документа", p.id,
                                         p.full_name, "",
                                         " ".join(str(after.get(k) or "") for k in
                                                  ("doc_type", "doc_series",
                                                   "doc_number")).strip()))
        return sorted(lines, key=lambda h: (h.day, h.event))


def registration_lines(s: Session, person_ids: list[int] | None = None,
                       premise_id: int | None = None) -> list[HistoryLine]:
    q = select(Registration, Person).join(Person, Person.id == Registration.person_id)
    if person_ids is not None:
        q = q.where(Registration.person_id.in_(person_ids))
    if premise_id is not None:
        q = q.where(Registration.premise_id == premise_id)
    out: list[HistoryLine] = []
    addresses: dict[int, str] = {}
    for reg, person in s.execute(q):
        if reg.premise_id not in addresses:
            addresses[reg.premise_id] = premise_address(s, reg.premise_id)
        where = addresses[reg.premise_id]
        kind = KIND_TITLES.get(reg.kind, reg.kind)
        came = "; ".join(x for x in (f"откуда: {reg.arrived_from}" if reg.arrived_from else "",
                                     reg.reason or "", reg.document or "") if x)
        out.append(HistoryLine(reg.date_from, f"Зарегистрирован {kind}", person.id,
                               person.full_name, where,
                               "; ".join(x for x in (reg.relation or "", came) if x)))
        if reg.date_to is not None:
            left = reg.ended_at is not None
            went = "; ".join(x for x in (f"куда: {reg.departed_to}" if reg.departed_to else "",
                                         reg.departure_reason or "",
                                         reg.departure_document or "") if x)
            out.append(HistoryLine(reg.date_to, "Снят с регистрации" if left or
                                   reg.kind == "permanent" else "Окончание срока пребывания",
                                   person.id, person.full_name, where, went))
    return out


def personal_data_log(db: Database, actor: Actor, person_id: int) -> list[AuditLine]:
    """Who saw or changed the person's personal data, and when (newest first)."""
    actor.require(Right.PERSONAL_DATA)
    with db.session() as s:
        _load(s, actor, person_id)
        # a flat's rows (form №10, a flat's documents shown) only of the flats the person was
        # ever registered in or owned: the (entity, entity_id) index, not every flat's rows
        premises = [str(p) for p in s.scalars(
            select(Registration.premise_id).where(Registration.person_id == person_id)
            .union(select(Ownership.premise_id).where(Ownership.person_id == person_id)))]
        rows = s.execute(
            select(AuditEntry, User.full_name, User.login)
            .outerjoin(User, User.id == AuditEntry.user_id)
            .where(AuditEntry.action.in_(list(PERSONAL_ACTIONS)),
                   or_(and_(AuditEntry.entity == "person",
                            AuditEntry.entity_id == str(person_id)),
                       and_(AuditEntry.entity == "premise",
                            AuditEntry.entity_id.in_(premises))))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        ).all()
        out = []
        for entry, name, login in rows:
            if not _concerns(entry, person_id):
                continue
            out.append(AuditLine(entry.at, f"{name} ({login})" if name else "Система",
                                 PERSONAL_ACTIONS[entry.action], entry.entity, entry.entity_id,
                                 _details(entry)))
        return out


def _concerns(entry: AuditEntry, person_id: int) -> bool:
    if entry.entity == "person":
        return entry.entity_id == str(person_id)
    persons = (entry.after or {}).get("persons") or []
    return person_id in persons


def _details(entry: AuditEntry) -> str:
    after: dict[str, Any] = entry.after or {}
    if entry.action == "form.print":
        return str(after.get("form", ""))
    if entry.action == "person.documents.change":
        return " ".join(str(after.get(k) or "") for k in ("doc_type", "doc_series",
                                                           "doc_number")).strip()
    return ""
