"""Bulk writing of ledger operations inside the caller's transaction.

ORM-free on purpose: a billing run writes ~8 rows per account. SQLite gets `executemany` of one
prepared INSERT on the session's own DBAPI connection; PostgreSQL gets `COPY … FROM STDIN` on the
session's connection — both inside the same transaction as the rest of the use case, so a
rollback (error, cancel) takes the rows away with everything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

COLUMNS = ("kind", "op_date", "period", "ref_period", "account_id", "service_id", "supplier_id",
           "company_id", "amount", "run_id", "payment_id", "cause", "basis", "user_id",
           "created_at")

# kind, op_date, period, ref_period, account, service, supplier, company, amount, run, payment,
# cause, basis (JSON text), user, created_at (naive UTC)
OperationRow = tuple[str, date | str, int, int | None, int, int, int | None, int | None, int,
                     int | None, int | None, str | None, str | None, int | None, datetime | str]


def sqlite_stamp(value: datetime) -> str:
    """SQLAlchemy's storage form of a DateTime on SQLite."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def stored_forms(session: Session, day: date, stamp: datetime) -> tuple[Any, Any]:
    """`op_date` and `created_at` as `insert_operations` wants them on this database (SQLite
    keeps them as text); computed once per run, not per row."""
    if session.get_bind().dialect.name == "sqlite":
        return day.isoformat(), sqlite_stamp(stamp)
    return day, stamp


def insert_operations(session: Session, rows: Sequence[OperationRow]) -> int:
    """Insert operation rows in bulk on the session's connection; returns the count.
    `op_date` and `created_at` must be in their `stored_forms`."""
    if not rows:
        return 0
    raw: Any = session.connection().connection.driver_connection
    if session.get_bind().dialect.name == "sqlite":
        sql = (f"INSERT INTO operation ({', '.join(COLUMNS)}) "
               f"VALUES ({', '.join('?' for _ in COLUMNS)})")
        cur = raw.cursor()
        try:
            cur.executemany(sql, rows)
        finally:
            cur.close()
    else:
        with raw.cursor() as cur, cur.copy(
            f"COPY operation ({', '.join(COLUMNS)}) FROM STDIN"
        ) as copy:
            for r in rows:
                copy.write_row(r)
    return len(rows)
