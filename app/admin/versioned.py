"""Optimistic locking of reference data: a record is changed only as the operator saw it.

A screen reads a record with its `version`; the save passes it back as `expected_version`. A
record changed meanwhile (its version moved on) is a `Conflict` — the operator is told in Russian
and nothing is written. The UPDATE is also bound to the version read (`version_id_col`), so a
change committed between this check and the flush fails in `app.usecase.transaction` too.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Table
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.errors import STALE, Conflict, NotFound, Problem
from app.usecase import Tx

T = TypeVar("T")



def load_versioned(s: Session, model: type[T], row_id: int, expected: int | None,
                   missing: str) -> T:
    """The row as the operator saw it; `missing` is the message when it is gone."""
    row = s.get(model, row_id)
    if row is None:
        raise NotFound(missing)
    if expected is not None:
        if row.version != expected:  # type: ignore[attr-defined]
            raise Conflict(STALE)
        set_committed_value(row, "version", expected)
    return row


def clean_text(value: str | None) -> str | None:
    """Spaces collapsed, an empty field None."""
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def length_problems(table: Any, values: dict[str, str | None], titles: dict[str, str]
                    ) -> list[Problem]:
    """Texts longer than their columns, named as the form names them."""
    columns: Table = table.__table__
    problems = []
    for name, value in values.items():
        limit = getattr(columns.c[name].type, "length", None)
        if value is not None and limit is not None and len(value) > limit:
            problems.append(Problem(titles.get(name, name), f"не длиннее {limit} знаков"))
    return problems


def store(tx: Tx, row: Any, data: Any, names: tuple[str, ...], entity: str) -> None:
    """Copy the fields `names` of `data` onto `row` (a new row is added), flush, and audit it as
    `<entity>.create` or `<entity>.update` with the values before and after."""
    new = row.id is None
    before = None if new else {n: getattr(row, n) for n in names}
    for name in names:
        setattr(row, name, getattr(data, name))
    if new:
        tx.session.add(row)
    tx.session.flush()
    tx.audit(f"{entity}.{'create' if new else 'update'}", entity, row.id, before=before,
             after={n: getattr(row, n) for n in names})
