"""Bulk writing at the driver's speed, inside the caller's transaction — the one place that knows
the stored form of a value and the two drivers' bulk paths.

    write_rows(conn, table, columns, rows, constants)   rows already in stored form
    insert_tuples(conn, table, names, rows)             plain values, stored per column type
    insert_rows(conn, table, dict rows)                 the same, rows as dicts
    BulkWriter(conn)                                    buffered per table, parents first, ids
                                                        assigned by the caller, indexes deferred
    reserve_ids / begin_write                           ids before insertion, without RETURNING

SQLite gets one prepared INSERT and `executemany` (columns equal on every row written into the
statement as literals, so fewer parameters are bound per row); PostgreSQL gets `COPY … FROM
STDIN`. Both on the caller's connection, so a rollback takes the rows with everything else; a
driver's error comes out as SQLAlchemy's (`IntegrityError` …), as from any statement.

Stored forms, as SQLAlchemy would bind them: quantities as scaled integers (`quantity_to_db`),
timestamps in UTC — on SQLite as SQLAlchemy's text ("2026-11-30 12:00:00.000000"), on PostgreSQL
naive —, dates on SQLite as ISO text, flags on SQLite as 0/1, JSON as text. Nothing is registered
with the sqlite3 module: conversions are explicit, so they are the same in every process.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import chain, islice
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import JSON, Boolean, Connection, Date, DateTime, FromClause, Index, Table, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateIndex, DropIndex
from sqlalchemy.types import TypeDecorator

from app.models import Base
from app.models.base import Quantity, quantity_to_db

CHUNK = 50_000  # rows per executemany: bounded memory for a streamed source
Row = tuple[Any, ...]
Convert = Callable[[Any], Any]

# ---- stored forms -------------------------------------------------------------------------


@lru_cache(maxsize=256)  # a bulk write stamps its rows with one or a few moments
def sqlite_stamp(value: datetime) -> str:
    """A timestamp as SQLAlchemy stores a DateTime on SQLite (UTC; a naive one is UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


@lru_cache(maxsize=256)
def postgresql_stamp(value: datetime) -> datetime:
    """A timestamp as stored in PostgreSQL's `timestamp` columns: naive UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


@lru_cache(maxsize=4096)  # few distinct days in a bulk write, many rows
def sqlite_date(value: date) -> str:
    return value.isoformat()


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _impl(col_type: Any) -> Any:
    return col_type.impl if isinstance(col_type, TypeDecorator) else col_type


def temporal_form(col_type: Any, sqlite: bool) -> Convert | None:
    """Dates and timestamps: the drivers take them natively, SQLite only as text."""
    impl = _impl(col_type)
    if isinstance(impl, type):
        impl = impl()
    if isinstance(impl, DateTime):
        return sqlite_stamp if sqlite else postgresql_stamp
    if isinstance(impl, Date):
        return sqlite_date if sqlite else None
    return None


def stored_form(col_type: Any, sqlite: bool) -> Convert | None:
    """What turns a plain value of the column's type into its stored form (None: as it is)."""
    if isinstance(col_type, Quantity):
        return quantity_to_db
    if isinstance(col_type, JSON):
        return json_text
    if sqlite and isinstance(col_type, Boolean):
        return int
    return temporal_form(col_type, sqlite)


def stored_value(table: Table, column: str, value: Any, sqlite: bool) -> Any:
    """One value in its stored form (for columns equal on every row: computed once)."""
    convert = stored_form(table.c[column].type, sqlite)
    return value if convert is None or value is None else convert(value)


def _converting(rows: Iterable[Sequence[Any]], converts: Sequence[tuple[int, Convert]]
                ) -> Iterator[Sequence[Any]]:
    for row in rows:
        vals = list(row)
        for i, convert in converts:
            v = vals[i]
            if v is not None:
                vals[i] = convert(v)
        yield vals


# ---- the drivers' bulk paths ----------------------------------------------------------------


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if type(value) is int:
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def write_rows(conn: Connection, table: str, columns: Sequence[str],
               rows: Iterable[Sequence[Any]], constants: Mapping[str, Any] | None = None) -> int:
    """Insert rows (values in the order of `columns`, in stored form) and, on every row, the
    `constants` (stored form too); returns the count."""
    consts = dict(constants or {})
    names = ", ".join(f'"{c}"' for c in (*columns, *consts))
    raw: Any = conn.connection.driver_connection
    dbapi: Any = conn.dialect.loaded_dbapi
    count = 0
    if conn.dialect.name == "sqlite":
        values = ["?"] * len(columns) + [_literal(v) for v in consts.values()]
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(values)})'
        source = iter(rows)
        cur = raw.cursor()
        try:
            while chunk := list(islice(source, CHUNK)):
                cur.executemany(sql, chunk)
                count += len(chunk)
        except dbapi.Error as exc:
            raise DBAPIError.instance(sql, None, exc, dbapi.Error, dialect=conn.dialect) from exc
        finally:
            cur.close()
        return count
    sql = f'COPY "{table}" ({names}) FROM STDIN'
    tail = tuple(consts.values())
    try:
        with raw.cursor() as cur, cur.copy(sql) as copy:
            write = copy.write_row
            if tail:
                for row in rows:
                    write((*row, *tail))
                    count += 1
            else:
                for row in rows:
                    write(row)
                    count += 1
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, None, exc, dbapi.Error, dialect=conn.dialect) from exc
    return count


def insert_tuples(conn: Connection, table: Table, names: list[str],
                  rows: Iterable[Sequence[Any]], constants: Mapping[str, Any] | None = None
                  ) -> int:
    """Insert rows given as tuples of plain values in the order of `names`, and the same
    `constants` on every row, all stored per column type here; scalar column defaults fill the
    columns named in neither."""
    sqlite = conn.dialect.name == "sqlite"
    given = dict(constants or {})
    given.update({c.name: getattr(c.default, "arg", None) for c in table.columns
                  if c.name not in names and c.name not in given
                  and c.default is not None and c.default.is_scalar})
    consts = {name: stored_value(table, name, v, sqlite) for name, v in given.items()}
    converts = [(i, f) for i, n in enumerate(names)
                if (f := stored_form(table.c[n].type, sqlite)) is not None]
    source = _converting(rows, converts) if converts else rows
    return write_rows(conn, table.name, names, source, consts)


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


def begin_write(conn: Connection) -> None:
    """SQLite: take the write lock now, so ids read next cannot be taken by another writer."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DELETE FROM app_meta WHERE 1 = 0"))


def reserve_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """Ids for `n` rows about to be inserted: from the table's sequence on PostgreSQL, above the
    current maximum on SQLite (call `begin_write` first: one writer at a time)."""
    if n == 0:
        return []
    if conn.dialect.name == "postgresql":
        seq = f"pg_get_serial_sequence('{table.name}', 'id')"
        return list(conn.execute(text(
            f"SELECT nextval({seq}) FROM generate_series(1, :n)"), {"n": n}).scalars())
    top = conn.execute(text(f'SELECT COALESCE(MAX(id), 0) FROM "{table.name}"')).scalar_one()
    return list(range(top + 1, top + 1 + n))


# ---- buffered loading of generated data -----------------------------------------------------


class _Target:
    def __init__(self, table: Table, columns: Sequence[str], sqlite: bool) -> None:
        self.table = table
        self.columns = tuple(columns)
        for c in self.columns:
            if c not in table.c:
                raise KeyError(f"{table.name}.{c}")
        self.converts = tuple((i, f) for i, c in enumerate(self.columns)
                              if (f := temporal_form(table.c[c].type, sqlite)) is not None)
        self.rows: list[Row] = []
        self.ids = itertools.count(1)


class BulkWriter:
    """Collects rows per table and writes them in chunks inside the caller's transaction; ids
    are assigned by the caller (`id_source`), so a million accounts need no RETURNING.

    Rows are given in stored form (`quantity_to_db`, naive UTC timestamps) but for dates and
    timestamps, which are converted here where the database keeps them as text. Hot loops take
    `appender(table)` and `id_source(table)` once and call them per row; the caller calls
    `maybe_flush()` between units of work (a building), `finish()` at the end. Buffers are
    flushed parents-first (the metadata's dependency order), so foreign keys hold at every
    statement.
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
        self._targets[t.name] = _Target(t, columns, self.sqlite)

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
                rows: Iterable[Sequence[Any]] = target.rows
                if target.converts:
                    rows = _converting(rows, target.converts)
                write_rows(self.conn, name, target.columns, rows)
                self.written[name] = self.written.get(name, 0) + len(target.rows)
                target.rows.clear()  # in place: appenders handed out stay valid

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
