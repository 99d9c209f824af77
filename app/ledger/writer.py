"""Bulk writing of a run's charges inside the caller's transaction.

ORM-free on purpose: a billing run writes ~8 rows per account, and all of them share the run's
columns (kind, dates, period, run, user, time). They go to `app.bulk.write_rows` as constants —
on SQLite written into the one prepared INSERT, so only the six columns that vary are bound per
row (`executemany` binds 60 % fewer parameters, a third less time than binding all fifteen); on
PostgreSQL `COPY … FROM STDIN`. On the session's own connection, inside the same transaction as
the rest of the use case, so a rollback (error, cancel) takes the rows away with everything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from app.bulk import stored_value, write_rows
from app.models import Operation

# account, service, supplier, company, amount (kopecks), basis (JSON text)
ChargeRow = tuple[int, int, int | None, int | None, int, str | None]
ROW_COLUMNS = ("account_id", "service_id", "supplier_id", "company_id", "amount", "basis")
_TABLE: Table = Operation.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class SharedColumns:
    """What every row of one insert has in common; `op_date` and `created_at` in the
    database's `stored_forms`."""

    kind: str
    op_date: date | str
    period: int
    ref_period: int | None
    run_id: int | None
    user_id: int | None
    created_at: datetime | str


def stored_forms(session: Session, day: date, stamp: datetime) -> tuple[Any, Any]:
    """`op_date` and `created_at` as `insert_charges` wants them on this database (SQLite
    keeps them as text); computed once per run, not per row."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    return (stored_value(_TABLE, "op_date", day, sqlite),
            stored_value(_TABLE, "created_at", stamp, sqlite))


def insert_charges(session: Session, shared: SharedColumns, rows: Sequence[ChargeRow]) -> int:
    """Insert the rows in bulk on the session's connection; returns the count."""
    if not rows:
        return 0
    constants = dict(zip([f.name for f in fields(shared)], astuple(shared), strict=True))
    constants.update(payment_id=None, cause=None)
    return write_rows(session.connection(), _TABLE.name, ROW_COLUMNS, rows, constants)
