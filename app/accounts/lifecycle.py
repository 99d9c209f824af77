"""A personal account's life: opened on a premise, closed, a premise split into several
accounts (a flat becoming a communal one, a share sold off), several accounts merged into one.

History is never rewritten. A split or a merge closes the old accounts the day before and opens
new ones from the day given; the old accounts keep their operations, balances and notes — a
debt stays on the account it arose on (its payer owes it) and a payment to it is still taken.
Each account involved gets a note naming the others, so the card shows where the history went.
Dates are in the open period or later: a closed period is never changed. Rights: editing
accounts (`Right.ACCOUNT_EDIT`), within the user's scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.scope import require_visible, visible_account
from app.accounts.search_index import index_account
from app.admin.versioned import clean_text
from app.calc.account_number import make_account_number
from app.calc.explain import num
from app.changes import Change, reports
from app.db import Database
from app.errors import STALE, Conflict, InvalidInput, NotFound, Problem
from app.ledger.periods import open_period
from app.models import Account, AccountNote, AccountService, Building, Premise
from app.models.enums import AccountStatus
from app.rights import Actor, Right
from app.usecase import Tx, transaction

MAX_PAYER = 200
AREA_STEP = Decimal("0.01")  # m², as a cadastral passport gives areas


@dataclass(frozen=True)
class Part:
    """One of the accounts a premise is split into: its payer and its share of the area."""

    payer_name: str
    area: Decimal


@dataclass(frozen=True)
class Seen:
    """An account number as the operator saw it, with its version (None: not checked)."""

    number: str
    version: int | None = None


def _first_open_day(s: Session) -> date:
    return open_period(s).first_day


def _refuse_closed_period(s: Session, day: date, what: str) -> None:
    first = _first_open_day(s)
    if day < first:
        raise InvalidInput([Problem("Дата", (
            f"{what} {day:%d.%m.%Y} — в закрытом периоде; самая ранняя дата — "
            f"{first:%d.%m.%Y}, первый день открытого периода"))], "Ничего не записано")


def _visible_premise(s: Session, actor: Actor, premise_id: int) -> Premise:
    found = s.execute(select(Premise, Building).join(Building, Building.id == Premise.building_id)
                      .where(Premise.id == premise_id)).one_or_none()
    if found is None:
        raise NotFound(f"Помещение №{premise_id} не найдено")
    premise, building = found
    require_visible(actor, building.company_id, building.id, f"в помещении {premise.number}")
    return premise


def _payer_problems(name: str | None, where: str = "Плательщик") -> list[Problem]:
    if not name:
        return [Problem(where, "не заполнено")]
    if len(name) > MAX_PAYER:
        return [Problem(where, f"не длиннее {MAX_PAYER} знаков")]
    return []


def _next_number(s: Session) -> str:
    """The next free serial after the highest number in use."""
    top = s.scalar(select(func.max(Account.number)))
    return make_account_number(int(top[:9]) + 1 if top else 1)


def _seen(s: Session, actor: Actor, seen: Seen) -> tuple[Account, Premise, Building]:
    acc, premise, building = visible_account(s, actor, seen.number)
    if seen.version is not None and acc.version != seen.version:
        raise Conflict(STALE)
    return acc, premise, building


def _note(tx: Tx, account_id: int, text: str) -> None:
    tx.session.add(AccountNote(account_id=account_id, created_at=tx.now,
                               author_id=tx.actor.user_id, text=text))


def _close(s: Session, acc: Account, last_day: date) -> None:
    if acc.status != AccountStatus.OPEN:
        raise InvalidInput([Problem("Лицевой счёт", f"счёт {acc.number} уже закрыт")],
                           "Ничего не записано")
    if last_day < acc.opened_on:
        raise InvalidInput([Problem("Дата", (
            f"счёт {acc.number} открыт {acc.opened_on:%d.%m.%Y} — закрыть его раньше нельзя"))],
            "Ничего не записано")
    acc.status, acc.closed_on = AccountStatus.CLOSED, last_day
    for link in list(s.scalars(select(AccountService)
                               .where(AccountService.account_id == acc.id))):
        if link.date_from > last_day:
            s.delete(link)  # connected only after the closing day: never in force
        elif link.date_to is None or link.date_to > last_day:
            link.date_to = last_day


def _open(s: Session, premise_id: int, payer: str, day: date, area: Decimal | None,
          services: Sequence[AccountService]) -> Account:
    acc = Account(number=_next_number(s), premise_id=premise_id, payer_name=payer,
                  status=AccountStatus.OPEN, opened_on=day, area=area)
    s.add(acc)
    s.flush()
    for link in services:
        s.add(AccountService(account_id=acc.id, service_id=link.service_id,
                             supplier_id=link.supplier_id, method=link.method, date_from=day,
                             fixed_amount=link.fixed_amount, meter_required=link.meter_required))
    return acc


def _services_in_force(s: Session, account_ids: Sequence[int], day: date) -> list[AccountService]:
    """The services of the accounts in force on `day`, one per (service, supplier)."""
    links = s.scalars(select(AccountService).where(
        AccountService.account_id.in_(account_ids), AccountService.date_from <= day,
        (AccountService.date_to.is_(None)) | (AccountService.date_to >= day))
        .order_by(AccountService.id))
    unique: dict[tuple[int, int], AccountService] = {}
    for link in links:
        unique.setdefault((link.service_id, link.supplier_id), link)
    return list(unique.values())


def _snapshot(acc: Account) -> dict[str, object]:
    return {"number": acc.number, "premise_id": acc.premise_id, "payer_name": acc.payer_name,
            "status": acc.status, "opened_on": acc.opened_on, "closed_on": acc.closed_on,
            "area": acc.area}


@reports(Change.ACCOUNTS)
def open_account(db: Database, actor: Actor, premise_id: int, payer_name: str, opened_on: date,
                 area: Decimal | None = None, like: str | None = None) -> str:
    """Open an account on a premise (for its whole area, or `area` m² of it); with `like`, the
    services of that account in force on the day are connected too. Returns the number."""
    actor.require(Right.ACCOUNT_EDIT)
    payer = clean_text(payer_name)
    problems = _payer_problems(payer)
    if area is not None and (area <= 0 or area != area.quantize(AREA_STEP)):
        problems.append(Problem("Площадь", "больше нуля, не больше двух знаков после запятой"))
    if problems:
        raise InvalidInput(problems, "Лицевой счёт не открыт")
    with transaction(db, actor, Right.ACCOUNT_EDIT) as tx:
        s = tx.session
        premise = _visible_premise(s, actor, premise_id)
        _refuse_closed_period(s, opened_on, "Дата открытия")
        if area is not None and area > premise.total_area:
            raise InvalidInput([Problem("Площадь", (
                f"больше площади помещения ({num(premise.total_area)} м²)"))],
                "Лицевой счёт не открыт")
        services = []
        if like is not None:
            model, _p, _b = visible_account(s, actor, like)
            services = _services_in_force(s, [model.id], opened_on)
        acc = _open(s, premise.id, payer or "", opened_on, area, services)
        index_account(s, acc.id)
        tx.audit("account.open", "account", acc.id, after=_snapshot(acc))
        return acc.number


@reports(Change.ACCOUNTS)
def close_account(db: Database, actor: Actor, seen: Seen, closed_on: date, reason: str) -> None:
    """Close an account on `closed_on` (its last day): its services end that day; its history
    and balance stay."""
    actor.require(Right.ACCOUNT_EDIT)
    if not reason.strip():
        raise InvalidInput([Problem("Основание", "укажите основание (причину)")],
                           "Лицевой счёт не закрыт")
    with transaction(db, actor, Right.ACCOUNT_EDIT) as tx:
        s = tx.session
        acc, _premise, _building = _seen(s, actor, seen)
        _refuse_closed_period(s, closed_on + timedelta(days=1), "День после закрытия")
        before = _snapshot(acc)
        _close(s, acc, closed_on)
        _note(tx, acc.id, f"Счёт закрыт {closed_on:%d.%m.%Y}: {reason.strip()}")
        tx.audit("account.close", "account", acc.id, before=before,
                 after={**_snapshot(acc), "reason": reason.strip()})


@reports(Change.ACCOUNTS)
def split_account(db: Database, actor: Actor, seen: Seen, parts: Sequence[Part], on: date
                  ) -> list[str]:
    """Split an account into `parts` from `on`: it closes on the day before, each part is a new
    account with its share of the area and the same services. The shares must add up to the
    area the account had. Returns the new numbers."""
    actor.require(Right.ACCOUNT_EDIT)
    problems: list[Problem] = []
    if len(parts) < 2:
        problems.append(Problem("Части", "нужно не меньше двух"))
    cleaned = []
    for i, part in enumerate(parts, start=1):
        payer = clean_text(part.payer_name)
        problems += _payer_problems(payer, f"Часть {i}: плательщик")
        if part.area <= 0 or part.area != part.area.quantize(AREA_STEP):
            problems.append(Problem(f"Часть {i}: площадь",
                                    "больше нуля, не больше двух знаков после запятой"))
        cleaned.append(Part(payer or "", part.area))
    if problems:
        raise InvalidInput(problems, "Счёт не разделён")
    with transaction(db, actor, Right.ACCOUNT_EDIT) as tx:
        s = tx.session
        acc, premise, _building = _seen(s, actor, seen)
        _refuse_closed_period(s, on, "Дата раздела")
        whole = acc.area if acc.area is not None else premise.total_area
        total = sum((p.area for p in cleaned), Decimal(0))
        if total != whole:
            raise InvalidInput([Problem("Части", (
                f"площади частей в сумме {num(total)} м², а у счёта {num(whole)} м² — должны "
                "совпасть"))],
                "Счёт не разделён")
        services = _services_in_force(s, [acc.id], on)
        before = _snapshot(acc)
        _close(s, acc, on - timedelta(days=1))
        new = [_open(s, premise.id, p.payer_name, on, p.area, services) for p in cleaned]
        numbers = [a.number for a in new]
        _note(tx, acc.id, f"Счёт разделён с {on:%d.%m.%Y} на счета {', '.join(numbers)}; "
                          "долг и история остаются на этом счёте")
        for a in new:
            _note(tx, a.id, f"Открыт с {on:%d.%m.%Y} при разделе счёта {acc.number}")
            index_account(s, a.id)
        tx.audit("account.split", "account", acc.id, before=before,
                 after={**_snapshot(acc), "into": [_snapshot(a) for a in new]})
        return numbers


@reports(Change.ACCOUNTS)
def merge_accounts(db: Database, actor: Actor, seen: Sequence[Seen], payer_name: str, on: date
                   ) -> str:
    """Merge accounts of one premise into a new one from `on`: each closes the day before and
    keeps its history; the new one has their area together and every service any of them had.
    Returns the new number."""
    actor.require(Right.ACCOUNT_EDIT)
    payer = clean_text(payer_name)
    problems = _payer_problems(payer)
    if len({x.number for x in seen}) < 2:
        problems.append(Problem("Счета", "нужно не меньше двух разных счетов"))
    if problems:
        raise InvalidInput(problems, "Счета не объединены")
    with transaction(db, actor, Right.ACCOUNT_EDIT) as tx:
        s = tx.session
        found = [_seen(s, actor, x) for x in seen]
        premises = {p.id for _a, p, _b in found}
        if len(premises) != 1:
            raise InvalidInput([Problem("Счета", "счета разных помещений не объединяются")],
                               "Счета не объединены")
        _refuse_closed_period(s, on, "Дата объединения")
        accounts = [a for a, _p, _b in found]
        premise = found[0][1]
        if any(a.area is None for a in accounts):
            area = None
        else:
            area = sum((a.area or Decimal(0) for a in accounts), Decimal(0))
            area = None if area == premise.total_area else area
        services = _services_in_force(s, [a.id for a in accounts], on)
        before = [_snapshot(a) for a in accounts]
        for a in accounts:
            _close(s, a, on - timedelta(days=1))
        new = _open(s, premise.id, payer or "", on, area, services)
        olds = ", ".join(a.number for a in accounts)
        for a in accounts:
            _note(tx, a.id, f"Счёт объединён с {on:%d.%m.%Y} в счёт {new.number}; долг и "
                            "история остаются на этом счёте")
        _note(tx, new.id, f"Открыт с {on:%d.%m.%Y} объединением счетов {olds}")
        index_account(s, new.id)
        tx.audit("account.merge", "account", new.id, before={"accounts": before},
                 after=_snapshot(new))
        return new.number


@dataclass(frozen=True)
class PremiseAccount:
    number: str
    payer_name: str
    area: Decimal | None  # None: the whole premise
    status: str
    opened_on: date
    closed_on: date | None
    version: int

    @property
    def seen(self) -> Seen:
        return Seen(self.number, self.version)


def premise_accounts(db: Database, actor: Actor, premise_id: int) -> list[PremiseAccount]:
    """The accounts of a premise, open first, each with the version the screen will send back."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        _visible_premise(s, actor, premise_id)
        rows = s.scalars(select(Account).where(Account.premise_id == premise_id)
                         .order_by(Account.status.desc(), Account.opened_on, Account.number))
        return [PremiseAccount(a.number, a.payer_name, a.area, a.status, a.opened_on,
                               a.closed_on, a.version) for a in rows]
