"""Importing readings from XLSX and CSV (controllers, management companies, consumers).

Two steps as in beancount: `parse_file` turns the file into rows and per-row problems without
touching the database; `import_readings` checks every row against the stored readings with the
same rules as the entry grid and posts all accepted rows in one transaction (or, with
`dry_run`, only reports). A row equal to a stored reading is «уже загружено», so importing the
same file twice changes nothing; each posted row carries `import_key` = hash(meter, period, zone,
value), which the database keeps unique.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.exc import IntegrityError

from app.calc.period import Period
from app.changes import Change, reports
from app.db import Database
from app.errors import Conflict
from app.meters.rules import parse_value, qty
from app.meters.state import MeterInfo, load_states, meters_by_id, meters_by_serial
from app.meters.tabular import (
    HEADER_SCAN_ROWS,
    YES_WORDS,
    cell_picker,
    date_cell,
    header_map,
    period_cell,
    problem_text,
    read_rows,
    zone_cell,
)
from app.meters.validation import EntryCheck, ReadingEntry, check_entries, context
from app.models import Reading
from app.models.enums import ReadingKind, ReadingSource
from app.rights import Actor, Right
from app.usecase import Tx, transaction


class RowStatus(StrEnum):
    ACCEPTED = "принято"
    WARNING = "предупреждение"
    DUPLICATE = "уже загружено"
    REJECTED = "отклонено"


@dataclass(slots=True)
class ParsedRow:
    where: str
    period: Period
    value: Decimal
    zone: int = 1
    meter_id: int | None = None
    account: str = ""
    serial: str = ""
    taken_on: date | None = None
    rollover: bool = False
    order: int = 0  # the row's place in the file: the report lists rows as the file has them


@dataclass(slots=True)
class RowResult:
    where: str
    status: RowStatus
    message: str = ""
    meter_id: int | None = None
    period: int | None = None
    zone: int = 1
    value: Decimal | None = None
    order: int = field(default=0, repr=False, compare=False)

    def __str__(self) -> str:
        what = f"прибор {self.meter_id}, {qty(self.value)}" \
            if self.meter_id and self.value is not None else ""
        tail = f": {self.message}" if self.message else ""
        return f"{self.where} — {self.status}{' (' + what + ')' if what else ''}{tail}"


@dataclass
class ParsedFile:
    name: str
    rows: list[ParsedRow] = field(default_factory=list)
    rejected: list[RowResult] = field(default_factory=list)
    empty: int = 0
    digest: str = ""  # SHA-256 of the file, for the audit trail


@dataclass
class ImportReport:
    file: str
    rows: list[RowResult]
    posted: bool
    empty: int = 0

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def written(self) -> int:
        """Readings added to the database (0 for a preview)."""
        if not self.posted:
            return 0
        return self.count(RowStatus.ACCEPTED)

    def summary(self) -> str:
        head = "Загружено" if self.posted else "Проверка (ничего не записано)"
        return (f"{head}: {self.file} — принято {self.count(RowStatus.ACCEPTED)}, "
                f"ждут подтверждения {self.count(RowStatus.WARNING)}, "
                f"уже загружено {self.count(RowStatus.DUPLICATE)}, "
                f"отклонено {self.count(RowStatus.REJECTED)}, пустых строк {self.empty}")


def import_key(meter_id: int, period: int, zone: int, value: Decimal) -> str:
    raw = f"{meter_id}|{period}|{zone}|{value.normalize():f}"
    return "r1:" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused while an import holds a few hundred thousand small objects:
    its full passes over them cost a third of the import, and those objects form no cycles
    (reference counting frees them). Restored as it was, whatever happens."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# ---------------------------------------------------------------- parsing (no database)

def parse_file(path: Path, *, period: Period | None = None) -> ParsedFile:
    """Every data row of the file as a ParsedRow, or a rejection saying what is wrong with it."""
    out = ParsedFile(path.name)
    with _no_cycle_collection():
        _parse_rows(out, path, period)
    if not out.rows and not out.rejected:
        out.rejected.append(RowResult(path.name, RowStatus.REJECTED,
                                      "В файле нет строк с показаниями"))
    with path.open("rb") as f:
        out.digest = hashlib.file_digest(f, "sha256").hexdigest()
    return out


def _parse_rows(out: ParsedFile, path: Path, period: Period | None) -> None:
    pick: Callable[[list[Any]], list[Any]] | None = None
    sheet_seen: str | None = None
    prefix = ""
    for order, (sheet, line, cells) in enumerate(read_rows(path), start=1):
        if sheet != sheet_seen:
            sheet_seen, pick = sheet, None
            prefix = f"лист «{sheet}», " if sheet else ""
        where = f"{prefix}строка {line}"
        if pick is None:
            cols = header_map(cells) if line <= HEADER_SCAN_ROWS else None
            if cols is not None:
                pick = cell_picker(cols)
            elif line == HEADER_SCAN_ROWS:
                out.rejected.append(RowResult(where, RowStatus.REJECTED,
                                              "Не найдена строка заголовков с колонкой "
                                              "«Показание»", order=order))
            continue
        _parse_row(out, pick(cells), where, order, period)


def _parse_row(out: ParsedFile, cells: list[Any], where: str, order: int,
               period: Period | None) -> None:
    value, per, zone, mid, account, serial, taken, roll = cells
    if value is None or value == "":
        out.empty += 1  # a blank sheet's line the controller did not fill
        return
    try:  # in the order of the columns' checks: the first problem is the one reported
        row = ParsedRow(where, period_cell(per, period), parse_value(value), zone_cell(zone),
                        int(mid) if mid not in (None, "") else None, str(account or ""),
                        str(serial or ""), date_cell(taken),
                        str(roll or "").lower() in YES_WORDS, order)
    except ValueError as exc:
        out.rejected.append(RowResult(where, RowStatus.REJECTED, problem_text(exc), order=order))
        return
    if row.meter_id is None and not row.serial:
        out.rejected.append(RowResult(where, RowStatus.REJECTED,
                                      "Не указан прибор (ID прибора или заводской номер)",
                                      order=order))
        return
    out.rows.append(row)


# ---------------------------------------------------------------- checking and posting

@reports(Change.READINGS)
def import_readings(db: Database, actor: Actor, parsed: ParsedFile, *, today: date,
                    source: str = ReadingSource.IMPORT, dry_run: bool = False,
                    confirm_warnings: bool = False) -> ImportReport:
    """Check every parsed row and post the accepted ones together; with `dry_run` nothing is
    written. Rows with warnings are posted only with `confirm_warnings`. The audit trail gets
    one entry for the file (its digest and the counts); each reading keeps who entered it, when
    and from what source, and the report says what became of every row."""
    if source not in ReadingSource._value2member_map_:
        raise ValueError(f"Неизвестный источник показаний «{source}»")
    if dry_run:
        actor.require(Right.READINGS_ENTER)
        # the session is rolled back on exit: later periods see earlier ones, then they are gone
        with db.session() as s, _no_cycle_collection():
            return _run(Tx(s, actor), parsed, today, source, confirm_warnings, posted=False)
    try:
        with transaction(db, actor, Right.READINGS_ENTER) as tx, _no_cycle_collection():
            report = _run(tx, parsed, today, source, confirm_warnings, posted=True)
            counts = Counter(r.status for r in report.rows)
            tx.audit("readings.import", "file", parsed.name[:60], after={
                "source": source, "sha256": parsed.digest, "rows": len(report.rows),
                "accepted": counts[RowStatus.ACCEPTED], "warnings": counts[RowStatus.WARNING],
                "duplicates": counts[RowStatus.DUPLICATE],
                "rejected": counts[RowStatus.REJECTED], "empty": parsed.empty})
            return report
    except IntegrityError:
        raise Conflict("Эти показания только что загрузили с другого рабочего места; "
                       "повторите загрузку — уже загруженное будет пропущено") from None


def _run(tx: Tx, parsed: ParsedFile, today: date, source: str, confirm: bool,
         posted: bool) -> ImportReport:
    results: list[RowResult] = list(parsed.rejected)
    meters, found = _resolve(tx, parsed.rows, results)
    by_period: dict[Period, list[tuple[ParsedRow, int]]] = {}
    last: Period | None = None
    bucket: list[tuple[ParsedRow, int]] = []
    for row, meter_id in zip(parsed.rows, found, strict=True):
        if meter_id is None:
            continue
        if row.period is not last:  # rows share a few Period objects: hash them rarely
            last = row.period
            bucket = by_period.setdefault(last, [])
        bucket.append((row, meter_id))
    # in period order, each period's rows written before the next is checked, so a file with
    # October and November for one meter measures November from the October row
    periods = sorted(by_period)
    for n, period in enumerate(periods):
        rows = by_period[period]
        entries = [ReadingEntry(mid, r.value, r.zone, r.taken_on, r.rollover, source, r.where)
                   for r, mid in rows]
        ctx = context(tx.session, period, today, lock=posted)
        states = load_states(tx.session, [meters[mid] for _, mid in rows], period)
        checks = check_entries(ctx, entries, meters, states)
        accepted = []
        for (row, _), check in zip(rows, checks, strict=True):
            result, ok = _classify(check, period, confirm, row.order)
            results.append(result)
            if ok:
                accepted.append(check)
        if posted or n + 1 < len(periods):  # a preview writes only what later periods need
            _insert(tx, period, accepted)
    results.sort(key=attrgetter("order"))
    return ImportReport(parsed.name, results, posted, parsed.empty)


def _resolve(tx: Tx, rows: list[ParsedRow], results: list[RowResult]
             ) -> tuple[dict[int, MeterInfo], list[int | None]]:
    """Each row's meter by ID, or by serial (and account); unresolved rows are rejected.
    The parsed rows stay as they are: a preview and the real import share them."""
    by_id = meters_by_id(tx.session, tx.actor, (r.meter_id for r in rows if r.meter_id))
    by_serial = meters_by_serial(tx.session, tx.actor, (r.serial for r in rows if not r.meter_id))
    found: list[int | None] = []
    for r in rows:
        problem, meter = _match(r, by_id, by_serial)
        if meter is None:
            results.append(RowResult(r.where, RowStatus.REJECTED, problem, period=r.period.code,
                                     zone=r.zone, value=r.value, order=r.order))
            found.append(None)
        else:
            found.append(meter.meter_id)
            by_id[meter.meter_id] = meter
    return by_id, found


def _match(r: ParsedRow, by_id: dict[int, MeterInfo],
           by_serial: dict[str, list[MeterInfo]]) -> tuple[str, MeterInfo | None]:
    if r.meter_id is not None:
        m = by_id.get(r.meter_id)
        if m is None:
            return f"Прибор с ID {r.meter_id} не найден", None
        if r.account and m.account_number and r.account != m.account_number:
            return f"Прибор {r.meter_id} не относится к л/с {r.account}", None
        if r.serial and r.serial != m.serial:
            return (f"У прибора {r.meter_id} заводской номер {m.serial}, "
                    f"а в файле {r.serial}"), None
        return "", m
    found = by_serial.get(r.serial, [])
    if r.account:
        found = [m for m in found if m.account_number == r.account]
    if not found:
        acc = f" на л/с {r.account}" if r.account else ""
        return f"Действующий прибор №{r.serial}{acc} не найден", None
    if len(found) > 1:
        return f"Несколько приборов с номером {r.serial}: укажите л/с или ID прибора", None
    return "", found[0]


def _classify(c: EntryCheck, period: Period, confirm: bool, order: int
              ) -> tuple[RowResult, bool]:
    e = c.entry
    res = RowResult(e.where, RowStatus.ACCEPTED, "", e.meter_id, period.code, e.zone, e.value,
                    order)
    current = c.state.current if c.state else None
    if current is None and not c.problems:
        return res, True  # the common case, a hundred thousand times
    if current is not None and not c.errors:
        if c.unchanged:
            res.status = RowStatus.DUPLICATE
        else:
            res.status = RowStatus.REJECTED
            res.message = (f"За {period.title()} уже есть показание {qty(current.value)}; "
                           "исправьте его в окне ввода показаний")
        return res, False
    if c.errors:
        res.status, res.message = RowStatus.REJECTED, "; ".join(p.message for p in c.errors)
        return res, False
    if c.warnings:
        res.message = "; ".join(p.message for p in c.warnings)
        if not confirm:
            res.status = RowStatus.WARNING
            return res, False
        res.message = "принято с подтверждением: " + res.message
    return res, True


_INSERT_COLUMNS = ("meter_id", "period", "taken_on", "zone", "value", "kind", "source",
                   "rollover", "entered_by_id", "entered_at", "import_key")


def _insert(tx: Tx, period: Period, checks: Sequence[EntryCheck]) -> None:
    """All accepted rows at once on the transaction's connection: one executemany (SQLite) or
    COPY (PostgreSQL) of tuples already in the columns' stored forms."""
    if not checks:
        return
    conn = tx.session.connection()
    rows = _stored_rows(conn.dialect, tx, period, checks)
    columns = ", ".join(_INSERT_COLUMNS)
    if conn.dialect.name != "postgresql":
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        conn.exec_driver_sql(f"INSERT INTO {Reading.__tablename__} ({columns}) "
                             f"VALUES ({', '.join([mark] * len(_INSERT_COLUMNS))})", rows)
        return
    sql = f"COPY {Reading.__tablename__} ({columns}) FROM STDIN"
    raw: Any = conn.connection.driver_connection
    try:
        with raw.cursor() as cur, cur.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except conn.dialect.loaded_dbapi.IntegrityError as exc:  # the same file posted meanwhile
        raise IntegrityError(sql, None, exc) from exc


def _stored_rows(dialect: Dialect, tx: Tx, period: Period, checks: Sequence[EntryCheck]
                 ) -> list[tuple[Any, ...]]:
    """The rows as the column types would bind them: constants once, a date or a flag once
    per distinct value, the quantity and the idempotency key per row."""
    table = Reading.__table__

    def bind(column: str) -> Callable[[Any], Any]:
        proc = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        return proc if proc is not None else _same

    day, flag = lru_cache(maxsize=None)(bind("taken_on")), lru_cache(maxsize=None)(bind("rollover"))
    qty_of = bind("value")
    code, kind = period.code, ReadingKind.REGULAR.value
    user, now = bind("entered_by_id")(tx.actor.user_id), bind("entered_at")(tx.now)
    rows = []
    for c in checks:
        e = c.entry
        rows.append((e.meter_id, code, day(c.taken_on), e.zone, qty_of(e.value), kind, e.source,
                     flag(e.rollover), user, now, import_key(e.meter_id, code, e.zone, e.value)))
    return rows


def _same(value: Any) -> Any:
    return value
