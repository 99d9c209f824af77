"""A flat as the passport office sees it: who is and was registered there, and its owners."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.text import address_line
from app.calc.identity import mask_document
from app.db import Database
from app.models import Account, Building, Organization, Ownership, Person, Registration
from app.passport.people import registration_lines, snils_text
from app.passport.registration import account_place
from app.passport.views import FlatView, HistoryLine, OwnerLine, ResidentLine
from app.rights import Actor, Right
from app.usecase import transaction


def _current(date_from: date, date_to: date | None, today: date) -> bool:
    return date_from <= today and (date_to is None or date_to >= today)


def _doc(p: Person, revealed: bool) -> str:
    numbers = (" ".join(x for x in (p.doc_series, p.doc_number) if x) if revealed
               else mask_document(p.doc_series, p.doc_number))
    return " ".join(x for x in (p.doc_type or "", numbers) if x)


def flat_view(db: Database, actor: Actor, account_number: str, today: date | None = None,
              *, reveal: bool = False) -> FlatView:
    """The flat of an account: residents (current first, then the history), owners with shares.

    Documents are masked; `reveal=True` by a user with the personal-data right shows them in
    full and writes one audit entry naming every person shown."""
    actor.require(Right.ACCOUNT_VIEW)
    today = today or date.today()
    revealed = reveal and actor.can(Right.PERSONAL_DATA)
    if not revealed:
        with db.session() as s:
            return _view(s, actor, account_number, today, False)
    with transaction(db, actor, Right.PERSONAL_DATA) as tx:
        view = _view(tx.session, actor, account_number, today, True)
        tx.audit("flat.documents.view", "premise", view.premise_id,
                 after={"account": view.account_number,
                        "persons": sorted({r.person_id for r in view.residents})})
        return view


def _view(s: Session, actor: Actor, number: str, today: date, revealed: bool) -> FlatView:
    account, premise, communal = account_place(s, actor, number)
    building = s.get_one(Building, premise.building_id)
    numbers = dict(s.execute(select(Account.id, Account.number)
                             .where(Account.premise_id == premise.id)).all())
    q = (select(Registration, Person).join(Person, Person.id == Registration.person_id)
         .where(Registration.premise_id == premise.id))
    if communal:  # this room's residents and anyone registered in the whole flat
        q = q.where((Registration.account_id.is_(None))
                    | (Registration.account_id == account.id))
    personal = revealed or actor.can(Right.PERSONAL_DATA)
    residents = [
        ResidentLine(
            registration_id=r.id, person_id=p.id, full_name=p.full_name,
            birth_date=p.birth_date if personal else None, kind=r.kind,
            date_from=r.date_from, date_to=r.date_to, relation=r.relation,
            arrived_from=r.arrived_from, departed_to=r.departed_to, reason=r.reason,
            document=r.document, account_number=numbers.get(r.account_id or -1),
            doc_text=_doc(p, revealed), snils_text=snils_text(p.snils, revealed),
            current=_current(r.date_from, r.date_to, today))
        for r, p in s.execute(q)
    ]
    residents.sort(key=lambda r: (not r.current, -(r.date_to or date.max).toordinal(),
                                  r.date_from, r.full_name))
    return FlatView(
        premise_id=premise.id, account_id=account.id, account_number=account.number,
        payer_name=account.payer_name, city=building.city,
        address=address_line(building.street, building.house, premise.number, premise.kind),
        communal=communal, total_area=str(account.area or premise.total_area),
        residents=residents, owners=owners_in(s, premise.id, account.id if communal else None,
                                              numbers),
        revealed=revealed)


def owners_in(s: Session, premise_id: int, account_id: int | None,
              numbers: dict[int, str]) -> list[OwnerLine]:
    q = (select(Ownership, Person, Organization.short_name)
         .outerjoin(Person, Person.id == Ownership.person_id)
         .outerjoin(Organization, Organization.id == Ownership.organization_id)
         .where(Ownership.premise_id == premise_id))
    if account_id is not None:
        q = q.where((Ownership.account_id.is_(None)) | (Ownership.account_id == account_id))
    out = [OwnerLine(o.id, person.full_name if person else (org or "—"), o.share_num,
                     o.share_den, o.date_from, o.date_to, o.document,
                     numbers.get(o.account_id or -1))
           for o, person, org in s.execute(q)]
    out.sort(key=lambda o: (o.date_to is not None, o.date_from, o.name))
    return out


def owners_of(db: Database, actor: Actor, account_number: str) -> list[OwnerLine]:
    """The owners of the account's flat (of its room, in a communal flat) with their shares."""
    return flat_view(db, actor, account_number).owners


def flat_history(db: Database, actor: Actor, account_number: str) -> list[HistoryLine]:
    """Every arrival and departure at the flat, oldest first."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        _account, premise, _communal = account_place(s, actor, account_number)
        return sorted(registration_lines(s, premise_id=premise.id),
                      key=lambda h: (h.day, h.event, h.full_name))
