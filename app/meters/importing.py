"""Importing readings from XLSX and CSV (controllers, management companies, consumers).

Two steps as in beancount: `parse_file` turns the file into rows and per-row problems without
touching the database; `import_readings` checks every row against the stored readings with the
same rules as the entry grid and posts all accepted rows in one transaction (or, with
`dry_run`, only reports). A row equal to a stored reading is «уже загружено», so importing the
same file twice changes nothing; each posted row carries `import_key` = hash(meter, period, zone,
value), which the database keeps unique.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from app.calc.period import Period
from app.db import Database
from app.errors import Conflict
from app.meters.rules import parse_value, parse_zone, qty
from app.meters.state import MeterInfo, load_states, meters_by_id, meters_by_serial
from app.meters.tabular import HEADER_SCAN_ROWS, header_map, read_rows
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


@dataclass(slots=True)
class RowResult:
    where: str
    status: RowStatus
    message: str = ""
    meter_id: int | None = None
    period: int | None = None
    zone: int = 1
    value: Decimal | None = None

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


# ---------------------------------------------------------------- parsing (no database)

def parse_file(path: Path, *, period: Period | None = None) -> ParsedFile:
    """Every data row of the file as a ParsedRow, or a rejection saying what is wrong with it."""
    out = ParsedFile(path.name)
    cols: dict[str, int] | None = None
    sheet_seen: str | None = None
    for sheet, line, cells in read_rows(path):
        if sheet != sheet_seen:
            sheet_seen, cols = sheet, None
        where = f"{'лист «' + sheet + '», ' if sheet else ''}строка {line}"
        if cols is None:
            cols = header_map(cells) if line <= HEADER_SCAN_ROWS else None
            if cols is None and line == HEADER_SCAN_ROWS:
                out.rejected.append(RowResult(where, RowStatus.REJECTED,
                                              "Не найдена строка заголовков с колонкой "
                                              "«Показание»"))
            continue
        _parse_row(out, cols, cells, where, period)
    if not out.rows and not out.rejected:
        out.rejected.append(RowResult(path.name, RowStatus.REJECTED,
                                      "В файле нет строк с показаниями"))
    return out


def _cell(cells: list[Any], cols: dict[str, int], name: str) -> Any:
    i = cols.get(name)
    if i is None or i >= len(cells):
        return None
    v = cells[i]
    return v.strip() if isinstance(v, str) else v


def _parse_row(out: ParsedFile, cols: dict[str, int], cells: list[Any], where: str,
               period: Period | None) -> None:
    value = _cell(cells, cols, "value")
    if value is None or value == "":
        out.empty += 1  # a blank sheet's line the controller did not fill
        return
    try:
        row = ParsedRow(where, _period(_cell(cells, cols, "period"), period), parse_value(value))
        row.zone = _zone(_cell(cells, cols, "zone"))
        mid = _cell(cells, cols, "meter_id")
        row.meter_id = int(mid) if mid not in (None, "") else None
        row.account = str(_cell(cells, cols, "account") or "").strip()
        row.serial = str(_cell(cells, cols, "serial") or "").strip()
        row.taken_on = _date(_cell(cells, cols, "taken_on"))
        row.rollover = str(_cell(cells, cols, "rollover") or "").lower() in ("да", "1", "yes",
                                                                             "true", "+")
    except ValueError as exc:
        out.rejected.append(RowResult(where, RowStatus.REJECTED, _msg(exc)))
        return
    if row.meter_id is None and not row.serial:
        out.rejected.append(RowResult(where, RowStatus.REJECTED,
                                      "Не указан прибор (ID прибора или заводской номер)"))
        return
    out.rows.append(row)


def _msg(exc: ValueError) -> str:
    text = str(exc)
    return text if any("а" <= ch <= "я" for ch in text.lower()) else f"Неверное значение: {text}"


@lru_cache(maxsize=64)
def _zone(cell: Any) -> int:
    return parse_zone(str(cell or ""))


def _period(cell: Any, default: Period | None) -> Period:
    if isinstance(cell, str | int):
        return _period_text(cell, default)
    return _period_any(cell, default)


@lru_cache(maxsize=64)  # a file has one or a few periods on a hundred thousand lines
def _period_text(cell: str | int, default: Period | None) -> Period:
    return _period_any(cell, default)


def _period_any(cell: Any, default: Period | None) -> Period:
    if cell in (None, ""):
        if default is None:
            raise ValueError("Не указан период (колонка «Период» или параметр --period)")
        return default
    if isinstance(cell, datetime | date):
        return Period.of(cell)  # Excel turned «2026-11» into a date
    if isinstance(cell, int | float):
        return Period.from_code(int(cell))
    return Period.parse(str(cell))


def _date(cell: Any) -> date | None:
    if cell in (None, ""):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell).strip()
    parts = text.split(".")
    if len(parts) == 3 and len(parts[2]) == 4 and all(x.isdigit() for x in parts):
        try:  # ДД.ММ.ГГГГ without strptime: the common case, a hundred thousand times
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise ValueError(f"Неверная дата «{text}»") from None
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Не понимаю дату «{text}»: ожидается ДД.ММ.ГГГГ")


# ---------------------------------------------------------------- checking and posting

def import_readings(db: Database, actor: Actor, parsed: ParsedFile, *, today: date,
                    source: str = ReadingSource.IMPORT, dry_run: bool = False,
                    confirm_warnings: bool = False) -> ImportReport:
    """Check every parsed row and post the accepted ones together; with `dry_run` nothing is
    written. Rows with warnings are posted only with `confirm_warnings`."""
    if source not in ReadingSource._value2member_map_:
        raise ValueError(f"Неизвестный источник показаний «{source}»")
    if dry_run:
        actor.require(Right.READINGS_ENTER)
        with db.session() as s:  # rolled back on exit: later periods see earlier ones, then gone
            return _run(Tx(s, actor), parsed, today, source, confirm_warnings, posted=False)
    try:
        with transaction(db, actor, Right.READINGS_ENTER) as tx:
            report = _run(tx, parsed, today, source, confirm_warnings, posted=True)
            tx.audit("readings.import", "file", parsed.name[:60], after={
                "source": source, "accepted": report.count(RowStatus.ACCEPTED),
                "duplicates": report.count(RowStatus.DUPLICATE),
                "rejected": report.count(RowStatus.REJECTED)})
            return report
    except IntegrityError:
        raise Conflict("Эти показания только что загрузили с другого рабочего места; "
                       "повторите загрузку — уже загруженное будет пропущено") from None


def _run(tx: Tx, parsed: ParsedFile, today: date, source: str, confirm: bool,
         posted: bool) -> ImportReport:
    results: list[RowResult] = list(parsed.rejected)
    meters, found = _resolve(tx, parsed.rows, results)
    by_period: dict[Period, list[tuple[ParsedRow, int]]] = defaultdict(list)
    for row, meter_id in zip(parsed.rows, found, strict=True):
        if meter_id is not None:
            by_period[row.period].append((row, meter_id))
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
        accepted = [_classify(c, period, confirm) for c in checks]
        results.extend(a for a, _ in accepted)
        if posted or n + 1 < len(periods):  # a preview writes only what later periods need
            _insert(tx, period, [c for (_, ok), c in zip(accepted, checks, strict=True) if ok])
    results.sort(key=lambda r: _line_order(r.where))
    return ImportReport(parsed.name, results, posted, parsed.empty)


def _line_order(where: str) -> tuple[str, int]:
    head, _, num = where.rpartition("строка ")
    return (head, int(num)) if num.isdigit() else (where, 0)


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
                                     zone=r.zone, value=r.value))
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


def _classify(c: EntryCheck, period: Period, confirm: bool) -> tuple[RowResult, bool]:
    e = c.entry
    res = RowResult(e.where, RowStatus.ACCEPTED, "", e.meter_id, period.code, e.zone, e.value)
    current = c.state.current if c.state else None
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
    """One executemany through the driver, the column types' own conversions applied once per
    value: a 100 000-row import spends its time on the rows, not on per-row statement setup."""
    if not checks:
        return
    conn = tx.session.connection()
    dialect = conn.dialect
    table = Reading.__table__
    procs = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect)
             for c in _INSERT_COLUMNS]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {Reading.__tablename__} ({', '.join(_INSERT_COLUMNS)}) "
           f"VALUES ({', '.join([mark] * len(_INSERT_COLUMNS))})")
    user, now, kind = tx.actor.user_id, tx.now, ReadingKind.REGULAR.value
    rows = []
    for c in checks:
        e = c.entry
        values = (e.meter_id, period.code, c.taken_on, e.zone, e.value, kind, e.source,
                  e.rollover, user, now, import_key(e.meter_id, period.code, e.zone, e.value))
        rows.append(tuple(v if p is None or v is None else p(v)
                          for p, v in zip(procs, values, strict=True)))
    conn.exec_driver_sql(sql, rows)
