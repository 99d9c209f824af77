"""Write use cases for tariffs and norms: save (create or edit), «new value from a date», delete.

Every write checks Right.TARIFFS_EDIT, validates (problems reported together), refuses an
overlap naming the other record's dates, refuses a change of a closed period (the `correct_*`
and `*_retroactively` use cases make it for a stated reason and recalculate), keeps the
optimistic version (a stale edit → Conflict) and leaves an audit row with before/after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.admin import versioned
from app.changes import Change, reports
from app.db import Database
from app.errors import InvalidInput, Problem
from app.models import Account, AccountService, Norm, Premise, Service, Tariff
from app.recalc.outcome import Triggered
from app.recalc.trigger import queue_recalculation, run_queued
from app.rights import Actor, Right
from app.tariffs.rules import first_affected_day, refuse_closed, span_text, value_problems
from app.tariffs.slots import NORMS, TARIFFS, Kind
from app.tariffs.views import NormInput, TariffInput
from app.usecase import Tx, transaction


@reports(Change.TARIFFS)
def save_tariff(db: Database, actor: Actor, inp: TariffInput,
                expected_version: int | None = None) -> int:
    """Create (`inp.id` None) or change a tariff; returns its id."""
    return _save(db, actor, TARIFFS, inp, expected_version)[0]


@reports(Change.TARIFFS)
def save_norm(db: Database, actor: Actor, inp: NormInput,
              expected_version: int | None = None) -> int:
    return _save(db, actor, NORMS, inp, expected_version)[0]


@reports(Change.TARIFFS)
def close_and_replace(db: Database, actor: Actor, tariff_id: int, value: Decimal,
                      date_from: date, expected_version: int | None = None) -> int:
    """«Новый тариф с даты»: end the tariff on date_from − 1 and add the new value from
    date_from up to the old end, in the same scope and zone. Returns the new tariff's id."""
    return _replace(db, actor, TARIFFS, tariff_id, value, date_from, expected_version)[0]


@reports(Change.TARIFFS)
def close_and_replace_norm(db: Database, actor: Actor, norm_id: int, value: Decimal,
                           date_from: date, expected_version: int | None = None) -> int:
    return _replace(db, actor, NORMS, norm_id, value, date_from, expected_version)[0]


@reports(Change.TARIFFS)
def delete_tariff(db: Database, actor: Actor, tariff_id: int,
                  expected_version: int | None = None) -> None:
    """Remove a tariff entered by mistake; refused when it was in force in a closed period."""
    _delete(db, actor, TARIFFS, tariff_id, expected_version)


@reports(Change.TARIFFS)
def delete_norm(db: Database, actor: Actor, norm_id: int,
                expected_version: int | None = None) -> None:
    _delete(db, actor, NORMS, norm_id, expected_version)


@dataclass(frozen=True)
class Retroactive:
    """A tariff or norm change that reaches a closed period: the record saved and what the
    recalculation of the service's accounts posted in the open period."""

    row_id: int
    recalculation: Triggered


@reports(Change.TARIFFS)
def correct_tariff(db: Database, actor: Actor, inp: TariffInput, reason: str,
                   expected_version: int | None = None) -> Retroactive:
    """`save_tariff` allowed into closed periods for a stated reason (a decision that came late,
    a mistyped value): the service's accounts are recalculated from the first day that changed
    and the difference posted in the open period (`app.recalc.trigger`), under the right to
    edit tariffs."""
    return _retroactive(db, actor, reason, lambda why: _save(db, actor, TARIFFS, inp,
                                                             expected_version, why))


@reports(Change.TARIFFS)
def correct_norm(db: Database, actor: Actor, inp: NormInput, reason: str,
                 expected_version: int | None = None) -> Retroactive:
    return _retroactive(db, actor, reason, lambda why: _save(db, actor, NORMS, inp,
                                                             expected_version, why))


@reports(Change.TARIFFS)
def replace_retroactively(db: Database, actor: Actor, tariff_id: int, value: Decimal,
                          date_from: date, reason: str, expected_version: int | None = None
                          ) -> Retroactive:
    """«Новый тариф с даты» where the date falls in a closed period, for a stated reason."""
    return _retroactive(db, actor, reason, lambda why: _replace(
        db, actor, TARIFFS, tariff_id, value, date_from, expected_version, why))


@reports(Change.TARIFFS)
def replace_norm_retroactively(db: Database, actor: Actor, norm_id: int, value: Decimal,
                               date_from: date, reason: str,
                               expected_version: int | None = None) -> Retroactive:
    return _retroactive(db, actor, reason, lambda why: _replace(
        db, actor, NORMS, norm_id, value, date_from, expected_version, why))


def _retroactive(db: Database, actor: Actor, reason: str,
                 change: Callable[[str], tuple[int, list[int]]]) -> Retroactive:
    actor.require(Right.TARIFFS_EDIT)
    why = reason.strip()
    if not why:
        raise InvalidInput([Problem("Причина", "укажите причину изменения закрытого периода")],
                           "Запись не сохранена")
    row_id, queued = change(why)
    return Retroactive(row_id, run_queued(db, actor, queued, Right.TARIFFS_EDIT))


def _closed_change(tx: Tx, day: date | None, what: str, reason: str, service_id: int,
                   building_id: int | None) -> list[int]:
    """A change in force from `day`: in a closed period it is refused without a reason (as
    every plain edit is); with one, the service's accounts (of the building, for a building's
    record) are queued for recalculation from that day."""
    if not reason:
        refuse_closed(tx.session, day, what)
        return []
    if day is None:
        return []
    q = select(AccountService.account_id).where(AccountService.service_id == service_id)
    if building_id is not None:
        q = (q.join(Account, Account.id == AccountService.account_id)
             .join(Premise, Premise.id == Account.premise_id)
             .where(Premise.building_id == building_id))
    accounts = tx.session.scalars(q.distinct().order_by(AccountService.account_id))
    return queue_recalculation(tx, accounts, day, f"Изменение: {what} с {day:%d.%m.%Y}. "
                                                  f"Причина: {reason}")


def _save(db: Database, actor: Actor, kind: Kind, inp: Any, expected: int | None,
          reason: str = "") -> tuple[int, list[int]]:
    with transaction(db, actor, Right.TARIFFS_EDIT) as tx:
        s = tx.session
        svc = service_for_update(s, inp.service_code)
        problems = value_problems(inp.value, inp.date_from, inp.date_to, kind.title)
        problems += kind.input_problems(s, svc, inp)
        if problems:
            raise InvalidInput(problems, f"{kind.title} не сохранён")
        if inp.id is None:
            row, before = kind.model(), None
        else:
            row = load_versioned(s, kind, inp.id, expected)
            before = kind.snapshot(s, row)
        kind.apply(row, svc.id, inp)
        refuse_overlap(s, kind, row)
        after = kind.snapshot(s, row)
        queued = _closed_change(tx, first_affected_day(before, after), kind.what, reason,
                                svc.id, row.building_id)
        if inp.id is None:
            s.add(row)
        s.flush()
        if reason:
            after = {**after, "reason": reason}
        tx.audit(f"{kind.entity}.{'create' if before is None else 'update'}", kind.entity,
                 row.id, before=before, after=after)
        return int(row.id), queued


def _replace(db: Database, actor: Actor, kind: Kind, row_id: int, value: Decimal,
             date_from: date, expected: int | None, reason: str = "") -> tuple[int, list[int]]:
    with transaction(db, actor, Right.TARIFFS_EDIT) as tx:
        s = tx.session
        old = load_versioned(s, kind, row_id, expected)
        problems = value_problems(value, date_from, None, kind.title)
        if not problems and date_from <= old.date_from:
            problems.append(Problem("Действует с", (
                f"Новое значение должно начинаться позже {old.date_from:%d.%m.%Y} — даты начала "
                f"текущего; чтобы исправить само значение, измените запись")))
        if not problems and old.date_to is not None and date_from > old.date_to:
            problems.append(Problem("Действует с", (
                f"Текущая запись действует только {span_text(old.date_from, old.date_to)}; "
                f"добавьте новую запись")))
        if problems:
            raise InvalidInput(problems, f"{kind.title} не сохранён")
        queued = _closed_change(tx, date_from, kind.what, reason, old.service_id,
                                old.building_id)
        before = kind.snapshot(s, old)
        new = kind.copy(old)
        new.value, new.date_from, new.date_to = Decimal(value), date_from, old.date_to
        old.date_to = date_from - timedelta(days=1)
        s.add(new)
        s.flush()
        refuse_overlap(s, kind, new)
        tx.audit(f"{kind.entity}.replace", kind.entity, old.id, before=before,
                 after={"closed": kind.snapshot(s, old), "new": kind.snapshot(s, new),
                        "new_id": new.id, **({"reason": reason} if reason else {})})
        return int(new.id), queued


def _delete(db: Database, actor: Actor, kind: Kind, row_id: int, expected: int | None) -> None:
    with transaction(db, actor, Right.TARIFFS_EDIT) as tx:
        s = tx.session
        row = load_versioned(s, kind, row_id, expected)
        before = kind.snapshot(s, row)
        refuse_closed(s, row.date_from, kind.what)
        s.delete(row)
        tx.audit(f"{kind.entity}.delete", kind.entity, row_id, before=before)


def service_for_update(s: Session, code: str) -> Service:
    """The service row, locked: edits of one service's tariffs are serialised, so two
    operators cannot add overlapping spans at the same moment (PostgreSQL; SQLite has one
    writer anyway)."""
    svc = s.scalar(select(Service).where(Service.code == code).with_for_update())
    if svc is None:
        raise InvalidInput([Problem("Услуга", f"Нет услуги с кодом «{code}»")],
                           "Запись не сохранена")
    return svc


def load_versioned(s: Session, kind: Kind, row_id: int, expected: int | None) -> Any:
    """The row as the operator saw it: a newer version is a Conflict now, and the UPDATE is
    bound to `expected` so a change made meanwhile fails in the transaction helper too."""
    return versioned.load_versioned(
        s, kind.model, row_id, expected, f"{kind.title} №{row_id} не найден: возможно, его удалили")


def refuse_overlap(s: Session, kind: Kind, row: Tariff | Norm) -> None:
    clashes = kind.overlapping(s, row)
    if clashes:
        raise InvalidInput(
            [Problem("Даты действия",
                     f"пересекается с записью {kind.describe(c)} — той же услуги, "
                     f"{kind.slot_words}; закройте её раньше или используйте «Новое значение "
                     f"с даты»") for c in clashes],
            f"{kind.title} не сохранён")
