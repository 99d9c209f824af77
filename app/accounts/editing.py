"""An account's dates and areas changed — inputs of every period they cover.

The opening and closing dates prorate the first and last months; the area (a room's, or the
whole premise's total area) drives by-area charges and the building's shares of common-house
needs. A change reaching a closed period is recalculated at once (`app.recalc.trigger`), under
the right to edit accounts, from the first day it changes.

The model keeps one area, not its history: the new area is used for every period recomputed
from now on. A correction therefore names the day from which it is recalculated, and a later
recalculation of an earlier month (for another cause) uses the corrected area as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.accounts.scope import visible_account
from app.db import Database
from app.errors import InvalidInput, Problem
from app.models import Account, Premise
from app.recalc.outcome import Triggered
from app.recalc.trigger import queue_recalculation, run_queued
from app.rights import Actor, Right
from app.usecase import transaction


@dataclass(frozen=True)
class AccountChange:
    account_number: str
    recalculation: Triggered


def _reason(reason: str) -> str:
    why = reason.strip()
    if not why:
        raise InvalidInput([Problem("Причина", "укажите причину изменения")],
                           "Лицевой счёт не изменён")
    return why


def change_account_dates(db: Database, actor: Actor, number: str, opened_on: date,
                         closed_on: date | None, reason: str) -> AccountChange:
    """Correct when the account was opened or closed."""
    actor.require(Right.ACCOUNT_EDIT)
    why = _reason(reason)
    if closed_on is not None and closed_on < opened_on:
        raise InvalidInput([Problem("Закрыт", f"{closed_on:%d.%m.%Y} — раньше открытия "
                                              f"{opened_on:%d.%m.%Y}")],
                           "Лицевой счёт не изменён")
    with transaction(db, actor, Right.ACCOUNT_EDIT) as tx:
        account = visible_account(tx.session, actor, number)[0]
        before = {"opened_on": account.opened_on, "closed_on": account.closed_on}
        changed = [d for d in (
            min(account.opened_on, opened_on) if account.opened_on != opened_on else None,
            _first_different_end(account.closed_on, closed_on)) if d is not None]
        account.opened_on, account.closed_on = opened_on, closed_on
        tx.session.flush()
        tx.audit("account.dates", "account", account.id, before=before, after={
            "opened_on": opened_on, "closed_on": closed_on, "reason": why})
        queued = queue_recalculation(tx, [account.id], min(changed), (
            f"Л/с {account.number}: открыт {opened_on:%d.%m.%Y}"
            + (f", закрыт {closed_on:%d.%m.%Y}" if closed_on else "") + f". Причина: {why}")
        ) if changed else []
    return AccountChange(number, run_queued(db, actor, queued, Right.ACCOUNT_EDIT))


def _first_different_end(old: date | None, new: date | None) -> date | None:
    """The first day billed differently when the closing date moves from `old` to `new`."""
    if old == new:
        return None
    ends = [d for d in (old, new) if d is not None]
    return min(ends) + timedelta(days=1)


def change_area(db: Database, actor: Actor, number: str, area: Decimal, effective_from: date,
                reason: str, *, whole_premise: bool = False) -> AccountChange:
    """Correct the account's own area (a room), or with `whole_premise` the premise's total
    area; recalculated from `effective_from` for every account of the building (their shares
    of common-house needs depend on the building's Σ areas)."""
    actor.require(Right.ACCOUNT_EDIT)
    why = _reason(reason)
    if area <= 0:
        raise InvalidInput([Problem("Площадь", "площадь должна быть больше нуля")],
                           "Лицевой счёт не изменён")
    with transaction(db, actor, Right.ACCOUNT_EDIT) as tx:
        s = tx.session
        account, premise, _building = visible_account(s, actor, number)
        row: Account | Premise = premise if whole_premise else account
        attr = "total_area" if whole_premise else "area"
        before = getattr(row, attr)
        if before is not None and Decimal(before) == area:
            return AccountChange(number, Triggered())
        setattr(row, attr, area)
        s.flush()
        tx.audit("account.area", "premise" if whole_premise else "account", row.id,
                 before={attr: before}, after={attr: area, "from": effective_from,
                                               "reason": why})
        accounts = s.scalars(select(Account.id).join(Premise, Premise.id == Account.premise_id)
                             .where(Premise.building_id == premise.building_id)
                             .order_by(Account.id))
        queued = queue_recalculation(tx, accounts, effective_from, (
            f"Площадь л/с {account.number}: {area} м² с {effective_from:%d.%m.%Y}. "
            f"Причина: {why}"))
    return AccountChange(number, run_queued(db, actor, queued, Right.ACCOUNT_EDIT))
