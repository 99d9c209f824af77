"""Write use cases for tariffs and norms: save (create or edit), «new value from a date», delete.

Every write checks Right.TARIFFS_EDIT, validates (problems reported together), refuses an
overlap naming the other record's dates, refuses a change of a closed period, keeps the
optimistic version (a stale edit → Conflict) and leaves an audit row with before/after.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.admin import versioned
from app.changes import Change, reports
from app.db import Database
from app.errors import InvalidInput, Problem
from app.models import Norm, Service, Tariff
from app.rights import Actor, Right
from app.tariffs.rules import first_affected_day, refuse_closed, span_text, value_problems
from app.tariffs.slots import NORMS, TARIFFS, Kind
from app.tariffs.views import NormInput, TariffInput
from app.usecase import transaction


@reports(Change.TARIFFS)
def save_tariff(db: Database, actor: Actor, inp: TariffInput,
                expected_version: int | None = None) -> int:
    """Create (`inp.id` None) or change a tariff; returns its id."""
    return _save(db, actor, TARIFFS, inp, expected_version)


@reports(Change.TARIFFS)
def save_norm(db: Database, actor: Actor, inp: NormInput,
              expected_version: int | None = None) -> int:
    return _save(db, actor, NORMS, inp, expected_version)


@reports(Change.TARIFFS)
def close_and_replace(db: Database, actor: Actor, tariff_id: int, value: Decimal,
                      date_from: date, expected_version: int | None = None) -> int:
    """«Новый тариф с даты»: end the tariff on date_from − 1 and add the new value from
    date_from up to the old end, in the same scope and zone. Returns the new tariff's id."""
    return _replace(db, actor, TARIFFS, tariff_id, value, date_from, expected_version)


@reports(Change.TARIFFS)
def close_and_replace_norm(db: Database, actor: Actor, norm_id: int, value: Decimal,
                           date_from: date, expected_version: int | None = None) -> int:
    return _replace(db, actor, NORMS, norm_id, value, date_from, expected_version)


@reports(Change.TARIFFS)
def delete_tariff(db: Database, actor: Actor, tariff_id: int,
                  expected_version: int | None = None) -> None:
    """Remove a tariff entered by mistake; refused when it was in force in a closed period."""
    _delete(db, actor, TARIFFS, tariff_id, expected_version)


@reports(Change.TARIFFS)
def delete_norm(db: Database, actor: Actor, norm_id: int,
                expected_version: int | None = None) -> None:
    _delete(db, actor, NORMS, norm_id, expected_version)


def _save(db: Database, actor: Actor, kind: Kind, inp: Any, expected: int | None) -> int:
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
        refuse_closed(s, first_affected_day(before, after), kind.what)
        if inp.id is None:
            s.add(row)
        s.flush()
        tx.audit(f"{kind.entity}.{'create' if before is None else 'update'}", kind.entity,
                 row.id, before=before, after=after)
        return int(row.id)


def _replace(db: Database, actor: Actor, kind: Kind, row_id: int, value: Decimal,
             date_from: date, expected: int | None) -> int:
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
        refuse_closed(s, date_from, kind.what)
        before = kind.snapshot(s, old)
        new = kind.copy(old)
        new.value, new.date_from, new.date_to = Decimal(value), date_from, old.date_to
        old.date_to = date_from - timedelta(days=1)
        s.add(new)
        s.flush()
        refuse_overlap(s, kind, new)
        tx.audit(f"{kind.entity}.replace", kind.entity, old.id, before=before,
                 after={"closed": kind.snapshot(s, old), "new": kind.snapshot(s, new),
                        "new_id": new.id})
        return int(new.id)


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
