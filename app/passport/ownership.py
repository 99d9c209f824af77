"""Change of ownership and change of payer.

Ownership: from a day, the flat (in a communal flat, the account's room) belongs to the owners
given, with shares that make exactly one whole and a document (выписка ЕГРН, договор). The
previous owners' rows end the day before — history is kept, nothing is deleted. Where nobody is
registered the owners drive per-person charges (ПП 354 п. 56(2)), so a change dated in a closed
period is recalculated like an arrival (`app.recalc.trigger`). The payer is the account's
holder named on the bills and in the lookup. Both refresh the accounts' search index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from sqlalchemy import or_, select

from app.accounts.search_index import index_account
from app.db import Database
from app.errors import Conflict, InvalidInput, NotFound, Problem
from app.models import Ownership, Person
from app.passport.billing_effect import affected_accounts
from app.passport.flat import owners_in
from app.passport.registration import _person_audit, account_place
from app.passport.rules import clean, identity_fields
from app.passport.views import IdentityInput, OwnerLine
from app.recalc.outcome import Triggered
from app.recalc.trigger import queue_recalculation, run_queued
from app.rights import Actor, Right
from app.usecase import Tx, transaction


@dataclass(frozen=True)
class NewOwner:
    share_num: int
    share_den: int
    person_id: int | None = None  # a person on record
    identity: IdentityInput | None = None  # or a new one


@dataclass(frozen=True)
class OwnershipInput:
    account_number: str
    date_from: date  # the first day of the new owners
    owners: tuple[NewOwner, ...]
    document: str  # the ownership document


@dataclass(frozen=True)
class OwnershipResult:
    owners: tuple[OwnerLine, ...]  # the flat's owners after the change, history included
    recalculation: Triggered


def change_ownership(db: Database, actor: Actor, data: OwnershipInput,
                     today: date | None = None) -> OwnershipResult:
    """End the current ownership on the day before `data.date_from` and record the new owners;
    all of it or nothing."""
    today = today or date.today()
    with transaction(db, actor, Right.PASSPORT_EDIT) as tx:
        s = tx.session
        account, premise, communal = account_place(s, actor, data.account_number)
        room = account.id if communal else None
        current = list(s.scalars(select(Ownership).where(
            Ownership.premise_id == premise.id,
            Ownership.account_id.is_(None) if room is None else Ownership.account_id == room,
            or_(Ownership.date_to.is_(None), Ownership.date_to >= data.date_from))))
        problems = _problems(data, current, today)
        people = _owners(tx, data, problems, today)
        if problems:
            raise InvalidInput(problems, "Смена собственников не оформлена")
        document = clean(data.document)
        for row in current:
            row.date_to = data.date_from - timedelta(days=1)
        added = [Ownership(premise_id=premise.id, person_id=p.id, share_num=o.share_num,
                           share_den=o.share_den, date_from=data.date_from,
                           document=document, account_id=room)
                 for o, p in zip(data.owners, people, strict=True)]
        s.add_all(added)
        s.flush()
        tx.audit("ownership.change", "premise", premise.id, before={
            "owners": [_line(o) for o in current]}, after={
            "account": account.number, "date_from": data.date_from, "document": document,
            "owners": [_line(o) for o in added]})
        accounts = affected_accounts(s, premise.id, room)
        for acc in accounts:
            index_account(s, acc, today)
        names = ", ".join(p.full_name for p in people)
        queued = queue_recalculation(tx, accounts, data.date_from, (
            f"Смена собственников с {data.date_from:%d.%m.%Y}: {names}"))
        numbers = {account.id: account.number}
        owners = tuple(owners_in(s, premise.id, room, numbers))
    return OwnershipResult(owners, run_queued(db, actor, queued, Right.PASSPORT_EDIT))


def _problems(data: OwnershipInput, current: list[Ownership], today: date) -> list[Problem]:
    problems: list[Problem] = []
    if data.date_from > today:
        problems.append(Problem("С какого числа", f"{data.date_from:%d.%m.%Y} — позже "
                                                  "сегодняшнего дня"))
    for row in current:
        if row.date_from >= data.date_from:
            problems.append(Problem("С какого числа", (
                f"текущий собственник владеет с {row.date_from:%d.%m.%Y}: новые собственники — "
                "с более поздней даты")))
            break
    if not clean(data.document):
        problems.append(Problem("Документ", "укажите документ о праве собственности"))
    elif len(clean(data.document) or "") > 200:
        problems.append(Problem("Документ", "не длиннее 200 знаков"))
    if not data.owners:
        problems.append(Problem("Собственники", "не указан ни один собственник"))
    shares = [(o.share_num, o.share_den) for o in data.owners]
    bad = [f"{n}/{d}" for n, d in shares if not 1 <= n <= d]
    if bad:
        problems.append(Problem("Доля", f"доля {', '.join(bad)} — не часть целого"))
    elif data.owners and sum(Fraction(n, d) for n, d in shares) != 1:
        total = sum(Fraction(n, d) for n, d in shares)
        problems.append(Problem("Доля", f"доли в сумме дают {total}, а должны — 1"))
    return problems


def _owners(tx: Tx, data: OwnershipInput, problems: list[Problem], today: date
            ) -> list[Person]:
    """The persons of the new owners (new ones written, when nothing else is wrong)."""
    s = tx.session
    out: list[Person] = []
    for i, o in enumerate(data.owners, 1):
        who = f"Собственник {i}"
        if o.person_id is not None:
            person = s.get(Person, o.person_id)
            if person is None:
                problems.append(Problem(who, f"человек №{o.person_id} не найден"))
                continue
            out.append(person)
        elif o.identity is not None:
            try:
                fields = identity_fields(o.identity, today)
            except InvalidInput as exc:
                problems.extend(Problem(f"{who}, {p.where}", p.message) for p in exc.problems)
                continue
            if problems:
                continue
            person = Person(**fields)
            s.add(person)
            s.flush()
            tx.audit("person.add", "person", person.id, after=_person_audit(person))
            out.append(person)
        else:
            problems.append(Problem(who, "не указан человек"))
    return out


def _line(o: Ownership) -> dict[str, object]:
    return {"ownership_id": o.id, "person_id": o.person_id, "share": f"{o.share_num}/"
            f"{o.share_den}", "date_from": o.date_from, "date_to": o.date_to,
            "document": o.document}


@dataclass(frozen=True)
class PayerResult:
    account_number: str
    payer_name: str
    version: int


def change_payer(db: Database, actor: Actor, account_number: str, person_id: int,
                 expected_version: int | None = None, today: date | None = None
                 ) -> PayerResult:
    """The account's payer becomes the person (the account's holder named on the bills)."""
    today = today or date.today()
    with transaction(db, actor, Right.PASSPORT_EDIT) as tx:
        s = tx.session
        account, _premise, _communal = account_place(s, actor, account_number)
        if expected_version is not None and account.version != expected_version:
            raise Conflict("Лицевой счёт изменил другой пользователь, пока вы его "
                           "редактировали. Откройте его заново и повторите изменение")
        person = s.get(Person, person_id)
        if person is None:
            raise NotFound(f"Человек №{person_id} не найден")
        before = {"payer_person_id": account.payer_person_id, "payer_name": account.payer_name}
        account.payer_person_id, account.payer_name = person.id, person.full_name[:200]
        s.flush()
        tx.audit("account.payer", "account", account.id, before=before, after={
            "payer_person_id": person.id, "payer_name": account.payer_name})
        index_account(s, account.id, today)
        return PayerResult(account.number, account.payer_name, account.version)
