"""Fast bulk loading for generated data: rows as tuples, ids assigned here, one transaction.

Rows go to the driver directly — `executemany` of a prepared INSERT on SQLite, `COPY … FROM STDIN`
on PostgreSQL — because a million accounts means ~15 million rows and the ORM (or even Core with
its per-row bind processing) would spend most of the time converting values. The caller gives
values already in their stored form: `Quantity` columns as scaled integers (`quantity_to_db`),
timestamps as naive UTC datetimes. Buffers are flushed parents-first (the metadata's dependency
order), so foreign keys hold at every statement.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, DateTime, FromClause, Index, Table, text
from sqlalchemy.schema import CreateIndex, DropIndex
from sqlalchemy.types import TypeDecorator

from app.models import Base

Row = tuple[Any, ...]

# sqlite3's own date adapter is deprecated from Python 3.12; this is the same ISO form
# SQLAlchemy's Date type stores, so rows read back identically through the ORM
sqlite3.register_adapter(date, date.isoformat)


def _is_datetime(col_type: Any) -> bool:
    impl = col_type.impl if isinstance(col_type, TypeDecorator) else col_type
    return isinstance(impl, DateTime) or (isinstance(impl, type) and issubclass(impl, DateTime))


def _sqlite_datetime(value: datetime | None) -> str | None:
    # SQLAlchemy's SQLite DATETIME storage format, so comparisons with bound values agree
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f")


class _Target:
    def __init__(self, table: Table, columns: Sequence[str]) -> None:
        self.table = table
        self.columns = tuple(columns)
        for c in self.columns:
            if c not in table.c:
                raise KeyError(f"{table.name}.{c}")
        self.datetime_positions = tuple(
            i for i, c in enumerate(self.columns) if _is_datetime(table.c[c].type)
        )
        self.rows: list[Row] = []
        self.ids = itertools.count(1)


class BulkWriter:
    """Collects rows per table and writes them in chunks inside the caller's transaction.

    Hot loops take `appender(table)` and `id_source(table)` once and call them per row; the
    caller calls `maybe_flush()` between units of work (a building), `flush()` at the end.
    """

    def __init__(self, conn: Connection, chunk: int = 50_000) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.chunk = chunk
        self._targets: dict[str, _Target] = {}
        self._order = [t.name for t in Base.metadata.sorted_tables]
        self.written: dict[str, int] = {}
        self._deferred: list[Index] = []

    # tables are taken as `Model.__table__`, which the ORM types as a FromClause
    def declare(self, table: FromClause, columns: Sequence[str]) -> None:
        t = cast(Table, table)
        self._targets[t.name] = _Target(t, columns)

    def _target(self, table: FromClause) -> _Target:
        return self._targets[cast(Table, table).name]

    def appender(self, table: FromClause) -> Callable[[Row], None]:
        return self._target(table).rows.append

    def id_source(self, table: FromClause) -> Callable[[], int]:
        return self._target(table).ids.__next__

    def next_id(self, table: FromClause) -> int:
        return next(self._target(table).ids)

    def add(self, table: FromClause, row: Row) -> None:
        self._target(table).rows.append(row)

    def maybe_flush(self) -> None:
        if sum(len(t.rows) for t in self._targets.values()) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        for name in self._order:
            target = self._targets.get(name)
            if target is not None and target.rows:
                self._write(target)
                self.written[name] = self.written.get(name, 0) + len(target.rows)
                target.rows.clear()  # in place: appenders handed out stay valid

    def _write(self, target: _Target) -> None:
        cols = ", ".join(f'"{c}"' for c in target.columns)
        name = f'"{target.table.name}"'
        raw = self.conn.connection.driver_connection
        assert raw is not None
        if self.sqlite:
            rows = target.rows
            if target.datetime_positions:
                rows = [self._sqlite_row(r, target.datetime_positions) for r in rows]
            marks = ", ".join("?" * len(target.columns))
            raw.executemany(f"INSERT INTO {name} ({cols}) VALUES ({marks})", rows)
            return
        with raw.cursor() as cur, cur.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:
            for row in target.rows:
                copy.write_row(row)

    @staticmethod
    def _sqlite_row(row: Row, positions: tuple[int, ...]) -> Row:
        out = list(row)
        for i in positions:
            out[i] = _sqlite_datetime(out[i])
        return tuple(out)

    def defer_indexes(self) -> None:
        """Drop the plain (non-unique) indexes of the declared tables until `finish()`: one
        sort per index at the end is several times faster than keeping them up to date row
        by row. Inside the transaction, so a failure leaves the schema as it was."""
        if self.sqlite:  # room for the b-trees being built: the load is one long transaction
            self.conn.exec_driver_sql("PRAGMA cache_size=-524288")
        for name in self._targets:
            for ix in sorted(Base.metadata.tables[name].indexes, key=lambda i: str(i.name)):
                if not ix.unique:
                    self.conn.execute(DropIndex(ix))
                    self._deferred.append(ix)

    def finish(self) -> None:
        """Write what is left, rebuild deferred indexes, move PostgreSQL sequences past the ids
        assigned here and refresh PostgreSQL's statistics of the tables written: until
        autovacuum gets to them its planner takes them for empty and joins a billing chunk's
        readings by scanning every reading of the town."""
        self.flush()
        for ix in self._deferred:
            self.conn.execute(CreateIndex(ix))
        self._deferred = []
        if self.sqlite:
            self.conn.exec_driver_sql("PRAGMA cache_size=-65536")
            return
        for name in self._targets:
            if "id" in Base.metadata.tables[name].c and self.written.get(name):
                self.conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                    f'(SELECT MAX(id) FROM "{name}"))'
                ))
        for name in self._targets:
            if self.written.get(name):
                self.conn.execute(text(f'ANALYZE "{name}"'))
