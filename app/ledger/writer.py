"""Bulk writing of a run's charges inside the caller's transaction.

ORM-free on purpose: a billing run writes ~8 rows per account, and all of them share the run's
columns (kind, dates, period, run, user, time). SQLite gets one prepared INSERT with those
shared values written into the statement and only the six that vary bound per row —
`executemany` binds 60 % fewer parameters, a third less time than binding all fifteen;
PostgreSQL gets `COPY … FROM STDIN`. Both on the session's own connection, inside the same
transaction as the rest of the use case, so a rollback (error, cancel) takes the rows away with
everything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

COLUMNS = ("kind", "op_date", "period", "ref_period", "account_id", "service_id", "supplier_id",
           "company_id", "amount", "run_id", "payment_id", "cause", "basis", "user_id",
           "created_at")

# account, service, supplier, company, amount (kopecks), basis (JSON text)
ChargeRow = tuple[int, int, int | None, int | None, int, str | None]


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


def sqlite_stamp(value: datetime) -> str:
    """SQLAlchemy's storage form of a DateTime on SQLite."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def stored_forms(session: Session, day: date, stamp: datetime) -> tuple[Any, Any]:
    """`op_date` and `created_at` as `insert_charges` wants them on this database (SQLite
    keeps them as text); computed once per run, not per row."""
    if session.get_bind().dialect.name == "sqlite":
        return day.isoformat(), sqlite_stamp(stamp)
    return day, stamp


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if type(value) is int:
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def insert_charges(session: Session, shared: SharedColumns, rows: Sequence[ChargeRow]) -> int:
    """Insert the rows in bulk on the session's connection; returns the count."""
    if not rows:
        return 0
    raw: Any = session.connection().connection.driver_connection
    if session.get_bind().dialect.name == "sqlite":
        k, day, period, ref, run, user, stamp = (_literal(v) for v in astuple(shared))
        sql = (f"INSERT INTO operation ({', '.join(COLUMNS)}) VALUES "
               f"({k}, {day}, {period}, {ref}, ?, ?, ?, ?, ?, {run}, NULL, NULL, ?, {user}, "
               f"{stamp})")
        cur = raw.cursor()
        try:
            cur.executemany(sql, rows)
        finally:
            cur.close()
    else:
        kind, day, period, ref, run, user, stamp = astuple(shared)
        with raw.cursor() as cur, cur.copy(
            f"COPY operation ({', '.join(COLUMNS)}) FROM STDIN"
        ) as copy:
            write = copy.write_row
            for account, service, supplier, company, amount, basis in rows:
                write((kind, day, period, ref, account, service, supplier, company, amount, run,
                       None, None, basis, user, stamp))
    return len(rows)
