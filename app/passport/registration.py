"""Arrival and departure: registration at the place of residence or of stay, and its end.

Rules (DOMAIN.md «Passport office», Приказ МВД России №984): one permanent registration per
person at a time — a second is refused until the first is ended; a stay (temporary) has an end
date and ends by it; dates go in order (birth ≤ arrival ≤ departure, nothing in the future);
a departure ends a registration (sets its last day) and never deletes it. A refusal lists every
problem in Russian and writes nothing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.accounts.scope import require_visible, visible_account
from app.accounts.text import address_line
from app.db import Database
from app.errors import InvalidInput, NotFound, Problem
from app.models import Account, Building, Person, Premise, Registration
from app.models.enums import PremiseKind, RegistrationKind
from app.passport.billing_effect import finish, request_rows, residents_changed
from app.passport.rules import check_length, clean, identity_fields
from app.passport.views import ArrivalInput, ChangeResult, DepartureInput, Newcomer
from app.rights import Actor, Right
from app.titles import REGISTRATION_KIND
from app.usecase import Tx, transaction

KIND_TITLES = REGISTRATION_KIND  # the catalogue's, under the name this package uses


def _short(p: Person) -> str:
    initials = "".join(f"{n[0]}." for n in (p.first_name, p.middle_name) if n)
    return f"{p.last_name} {initials}".strip()


def premise_address(s: Session, premise_id: int) -> str:
    row = s.execute(select(Building.city, Building.street, Building.house, Premise.number,
                           Premise.kind)
                    .join(Premise, Premise.building_id == Building.id)
                    .where(Premise.id == premise_id)).one()
    return f"{row[0]}, {address_line(row[1], row[2], row[3], row[4])}"


def account_place(s: Session, actor: Actor, number: str) -> tuple[Account, Premise, bool]:
    """The account, its premise, and whether the premise has several accounts (rooms)."""
    account, premise, _building = visible_account(s, actor, number)
    accounts = s.scalars(select(Account.id).where(Account.premise_id == premise.id)).all()
    return account, premise, len(accounts) > 1


def _registration_problems(s: Session, person_id: int | None, birth: date | None,
                           data: ArrivalInput, premise_id: int, who: str, today: date
                           ) -> list[Problem]:
    problems: list[Problem] = []
    if data.date_from > today:
        problems.append(Problem(who, f"дата регистрации {data.date_from:%d.%m.%Y} — позже "
                                     "сегодняшнего дня"))
    if birth is not None and data.date_from < birth:
        problems.append(Problem(who, f"дата регистрации {data.date_from:%d.%m.%Y} — раньше "
                                     f"даты рождения {birth:%d.%m.%Y}"))
    if person_id is None:
        return problems
    existing = s.execute(
        select(Registration, Premise.id).join(Premise, Premise.id == Registration.premise_id)
        .where(Registration.person_id == person_id,
               or_(Registration.date_to.is_(None), Registration.date_to >= data.date_from))
    ).all()
    for reg, other_premise in existing:
        where = premise_address(s, other_premise)
        if reg.kind == RegistrationKind.PERMANENT and data.kind == RegistrationKind.PERMANENT:
            problems.append(Problem(who, (
                f"уже зарегистрирован по месту жительства: {where}, с "
                f"{reg.date_from:%d.%m.%Y}. Сначала оформите снятие с регистрации (убытие)")))
        elif other_premise == premise_id:
            problems.append(Problem(who, (
                f"уже зарегистрирован {KIND_TITLES.get(RegistrationKind(reg.kind), reg.kind)} "
                f"в этой квартире с {reg.date_from:%d.%m.%Y}")))
    return problems


def _arrival_problems(data: ArrivalInput) -> list[Problem]:
    problems: list[Problem] = []
    if not data.newcomers:
        problems.append(Problem("", "Не указан ни один прибывающий"))
    if data.kind == RegistrationKind.TEMPORARY:
        if data.date_to is None:
            problems.append(Problem("Срок пребывания", "укажите дату окончания регистрации "
                                                       "по месту пребывания"))
        elif data.date_to < data.date_from:
            problems.append(Problem("Срок пребывания", (
                f"окончание {data.date_to:%d.%m.%Y} раньше начала {data.date_from:%d.%m.%Y}")))
    elif data.kind == RegistrationKind.PERMANENT:
        if data.date_to is not None:
            problems.append(Problem("Срок", "регистрация по месту жительства — без срока"))
    else:
        problems.append(Problem("Вид регистрации", f"неизвестный вид «{data.kind}»"))
    for name in ("arrived_from", "document"):
        check_length(problems, name, clean(getattr(data, name)), 300)
    check_length(problems, "reason", clean(data.reason), 200)
    for n in data.newcomers:
        check_length(problems, "relation", clean(n.relation), 60)
    return problems


def register_arrival(db: Database, actor: Actor, data: ArrivalInput,
                     today: date | None = None) -> ChangeResult:
    """Register everyone in `data.newcomers` at the account's flat (in a communal flat, at the
    account's room) from `data.date_from`, in one transaction: all of them or none."""
    today = today or date.today()
    with transaction(db, actor, Right.PASSPORT_EDIT) as tx:
        s = tx.session
        account, premise, communal = account_place(s, actor, data.account_number)
        problems = _arrival_problems(data)
        if premise.kind != PremiseKind.FLAT:
            problems.append(Problem("", "Зарегистрировать можно только в жилом помещении, "
                                        f"а помещение {premise.number} — нежилое"))
        people: list[tuple[Newcomer, Person | None, dict[str, object] | None]] = []
        for i, n in enumerate(data.newcomers, 1):
            who = f"Прибывающий {i}"
            if n.person_id is not None:
                person = s.get(Person, n.person_id)
                if person is None:
                    problems.append(Problem(who, f"человек №{n.person_id} не найден"))
                    continue
                who = person.full_name
                problems += _registration_problems(s, person.id, person.birth_date, data,
                                                   premise.id, who, today)
                people.append((n, person, None))
            elif n.identity is not None:
                problems += _registration_problems(s, None, n.identity.birth_date, data,
                                                   premise.id, who, today)
                try:
                    fields = identity_fields(n.identity, today)
                except InvalidInput as exc:
                    problems += [Problem(f"{who}, {p.where}", p.message) for p in exc.problems]
                    continue
                people.append((n, None, fields))
            else:
                problems.append(Problem(who, "не указан человек"))
        if problems:
            raise InvalidInput(problems, "Регистрация не оформлена")
        result = _write_arrival(tx, data, account, premise.id, communal, people, today)
    return finish(db, actor, result)


def _write_arrival(tx: Tx, data: ArrivalInput, account: Account, premise_id: int,
                   communal: bool, people: list[tuple[Newcomer, Person | None,
                                                      dict[str, object] | None]],
                   today: date) -> ChangeResult:
    s = tx.session
    registrations, persons = [], []
    for n, person, fields in people:
        if person is None:
            assert fields is not None
            person = Person(**fields)
            s.add(person)
            s.flush()
            tx.audit("person.add", "person", person.id, after=_person_audit(person))
        reg = Registration(
            person_id=person.id, premise_id=premise_id, kind=data.kind,
            date_from=data.date_from, date_to=data.date_to, relation=clean(n.relation),
            arrived_from=clean(data.arrived_from), reason=clean(data.reason),
            document=clean(data.document), account_id=account.id if communal else None,
            created_at=tx.now, created_by_id=tx.actor.user_id)
        s.add(reg)
        s.flush()
        tx.audit("registration.arrival", "person", person.id, after=_registration_audit(reg))
        registrations.append(reg)
        persons.append(person)
    names = ", ".join(_short(p) for p in persons)
    cause = (f"Прибытие ({KIND_TITLES[RegistrationKind(data.kind)]}) с "
             f"{data.date_from:%d.%m.%Y}: {names}")
    queued = residents_changed(tx, premise_id, account.id if communal else None,
                               data.date_from, cause, today)
    return ChangeResult(tuple(r.id for r in registrations), tuple(p.id for p in persons),
                        tuple(row for row, _c, _b in request_rows(s, queued)) if queued else ())


def register_departure(db: Database, actor: Actor, data: DepartureInput,
                       today: date | None = None) -> ChangeResult:
    """End a registration on `data.date_to` (its last day); the row stays as history."""
    today = today or date.today()
    with transaction(db, actor, Right.PASSPORT_EDIT) as tx:
        s = tx.session
        reg = s.get(Registration, data.registration_id)
        if reg is None:
            raise NotFound(f"Регистрация №{data.registration_id} не найдена")
        person = s.get_one(Person, reg.person_id)
        building = s.execute(select(Building).join(Premise, Premise.building_id == Building.id)
                             .where(Premise.id == reg.premise_id)).scalar_one()
        require_visible(tx.actor, building.company_id, building.id, "этой квартиры")
        problems = _departure_problems(reg, data, today)
        if problems:
            raise InvalidInput(problems, f"Снятие с регистрации ({person.full_name}) не оформлено")
        before = _registration_audit(reg)
        reg.date_to = data.date_to
        reg.departed_to = clean(data.departed_to)
        reg.departure_reason = clean(data.reason)
        reg.departure_document = clean(data.document)
        reg.ended_at, reg.ended_by_id = tx.now, tx.actor.user_id
        s.flush()
        tx.audit("registration.departure", "person", person.id, before=before,
                 after=_registration_audit(reg))
        cause = f"Убытие с {data.date_to:%d.%m.%Y} (последний день): {_short(person)}"
        queued = residents_changed(tx, reg.premise_id, reg.account_id, data.date_to, cause,
                                   today)
        result = ChangeResult((reg.id,), (person.id,),
                              tuple(row for row, _c, _b in request_rows(s, queued)))
    return finish(db, actor, result)


def _departure_problems(reg: Registration, data: DepartureInput, today: date) -> list[Problem]:
    problems: list[Problem] = []
    ended = reg.ended_at is not None or (reg.kind == RegistrationKind.PERMANENT
                                         and reg.date_to is not None)
    if ended:
        problems.append(Problem("", f"Регистрация уже окончена {reg.date_to:%d.%m.%Y}"
                                if reg.date_to else "Регистрация уже окончена"))
    if data.date_to < reg.date_from:
        problems.append(Problem("Дата убытия", (
            f"{data.date_to:%d.%m.%Y} — раньше даты регистрации {reg.date_from:%d.%m.%Y}")))
    if data.date_to > today:
        problems.append(Problem("Дата убытия",
                                f"{data.date_to:%d.%m.%Y} — позже сегодняшнего дня"))
    if not ended and reg.date_to is not None and data.date_to > reg.date_to:
        problems.append(Problem("Дата убытия", (
            f"{data.date_to:%d.%m.%Y} — позже окончания срока пребывания "
            f"{reg.date_to:%d.%m.%Y}: пребывание закончилось само")))
    check_length(problems, "departed_to", clean(data.departed_to), 300)
    check_length(problems, "document", clean(data.document), 300)
    check_length(problems, "reason", clean(data.reason), 200)
    return problems


def _registration_audit(r: Registration) -> dict[str, object]:
    return {"registration_id": r.id, "premise_id": r.premise_id, "account_id": r.account_id,
            "kind": r.kind, "date_from": r.date_from, "date_to": r.date_to,
            "relation": r.relation, "arrived_from": r.arrived_from,
            "departed_to": r.departed_to, "reason": r.reason, "document": r.document,
            "departure_reason": r.departure_reason,
            "departure_document": r.departure_document}


def _person_audit(p: Person) -> dict[str, object]:
    return {"last_name": p.last_name, "first_name": p.first_name, "middle_name": p.middle_name,
            "birth_date": p.birth_date, "sex": p.sex, "birth_place": p.birth_place,
            "citizenship": p.citizenship, **document_audit(p)}


def document_audit(p: Person) -> dict[str, object]:
    return {"snils": p.snils, "doc_type": p.doc_type, "doc_series": p.doc_series,
            "doc_number": p.doc_number, "doc_issued_by": p.doc_issued_by,
            "doc_issued_on": p.doc_issued_on, "doc_code": p.doc_code}
