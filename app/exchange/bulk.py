"""Bulk inserts inside the import's transaction, at the driver's speed.

Values are prepared once per column the way SQLAlchemy would bind them (quantities scaled,
timestamps naive UTC, JSON as text, on SQLite dates and timestamps as ISO text), then go to
`executemany` of one prepared INSERT (SQLite) or `COPY … FROM STDIN` (PostgreSQL) on the
session's own connection — the same transaction as everything else the import writes.

Rows others refer to get their ids here, before insertion (`reserve_ids`), so natural keys map
to ids without RETURNING: on PostgreSQL from the table's sequence, on SQLite above the current
maximum once the transaction holds the write lock (SQLite has one writer at a time).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import chain, islice
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, Table, text

from app.models.base import Quantity, UtcDateTime, quantity_to_db

_CHUNK = 50_000
Prepare = Callable[[Any], Any] | None


@lru_cache(maxsize=256)  # an import stamps every row with the same moment
def _stamp_sqlite(v: datetime) -> str:
    return v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@lru_cache(maxsize=256)
def _stamp_pg(v: datetime) -> datetime:
    return v.astimezone(UTC).replace(tzinfo=None)


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def _preparer(col_type: Any, sqlite: bool) -> Prepare:
    if isinstance(col_type, Quantity):
        return quantity_to_db
    if isinstance(col_type, UtcDateTime):
        return _stamp_sqlite if sqlite else _stamp_pg
    if isinstance(col_type, JSON):
        return _json
    if sqlite and isinstance(col_type, Date):
        return date.isoformat
    if sqlite and isinstance(col_type, Boolean):
        return int
    return None


def _prepared(prepare: Prepare, value: Any) -> Any:
    return value if prepare is None or value is None else prepare(value)


def begin_write(conn: Connection) -> None:
    """SQLite: take the write lock now, so ids read next cannot be taken by another writer."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DELETE FROM app_meta WHERE 1 = 0"))


def reserve_ids(conn: Connection, table: Table, n: int) -> list[int]:
    if n == 0:
        return []
    if conn.dialect.name == "postgresql":
        seq = f"pg_get_serial_sequence('{table.name}', 'id')"
        return list(conn.execute(text(
            f"SELECT nextval({seq}) FROM generate_series(1, :n)"), {"n": n}).scalars())
    top = conn.execute(text(f'SELECT COALESCE(MAX(id), 0) FROM "{table.name}"')).scalar_one()
    return list(range(top + 1, top + 1 + n))


def insert_rows(conn: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert dict rows (all with the same keys); column defaults fill the missing columns."""
    it = iter(rows)
    first = next(it, None)
    if first is None:
        return 0
    names = list(first)
    getter = itemgetter(*names)
    values = (getter(row) for row in chain((first,), it))
    if len(names) == 1:
        values = ((v,) for v in values)
    return insert_tuples(conn, table, names, values)


def insert_tuples(conn: Connection, table: Table, names: list[str],
                  rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert rows given as tuples in the order of `names`; values are prepared here."""
    sqlite = conn.dialect.name == "sqlite"
    consts: dict[str, Any] = {
        c.name: getattr(c.default, "arg", None) for c in table.columns
        if c.name not in names and c.default is not None and c.default.is_scalar}
    prep = [(i, p) for i, n in enumerate(names)
            if (p := _preparer(table.c[n].type, sqlite)) is not None]
    tail = tuple(_prepared(_preparer(table.c[n].type, sqlite), v) for n, v in consts.items())
    columns = names + list(consts)

    def tuples() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            if prep:
                vals = list(row)
                for i, p in prep:
                    v = vals[i]
                    if v is not None:
                        vals[i] = p(v)
                row = tuple(vals)
            yield row + tail if tail else row

    raw: Any = conn.connection.driver_connection
    quoted = ", ".join(f'"{c}"' for c in columns)
    count = 0
    if sqlite:
        sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" for _ in columns)})'
        cur = raw.cursor()
        try:
            source = tuples()
            while chunk := list(islice(source, _CHUNK)):
                cur.executemany(sql, chunk)
                count += len(chunk)
        finally:
            cur.close()
        return count
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for values in tuples():
            copy.write_row(values)
            count += 1
    return count
