"""Reading tables from XLSX and CSV files: rows as lists of cell values, with their line numbers,
the recognition of the header row by its Russian (or English) column names, and the cells of a
readings row turned into values (period, zone, date) with Russian messages for bad ones.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from app.calc.period import Period
from app.errors import InvalidInput, Problem
from app.meters.rules import parse_zone

# column → the names it may go by in a file (lower case, ё → е)
HEADERS: dict[str, tuple[str, ...]] = {
    "meter_id": ("id прибора", "код прибора", "meter_id", "meter id"),
    "account": ("л/с", "лс", "лицевой счет", "номер лицевого счета", "account"),
    "serial": ("заводской номер", "номер прибора", "№ прибора", "прибор", "serial"),
    "zone": ("зона", "тарифная зона", "zone"),
    "value": ("новое показание", "показание", "текущее показание", "value", "reading"),
    "period": ("период", "расчетный период", "period"),
    "taken_on": ("дата снятия", "дата показания", "дата", "taken_on", "date"),
    "rollover": ("переход через ноль", "rollover"),
}
_LOOKUP = {name: col for col, names in HEADERS.items() for name in names}
HEADER_SCAN_ROWS = 15


def normalise(text: Any) -> str:
    return " ".join(str(text).strip().lower().replace("ё", "е").split()) if text else ""


def header_map(row: list[Any]) -> dict[str, int] | None:
    """Column → index if this row is a header (it names the reading value column)."""
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        col = _LOOKUP.get(normalise(cell))
        if col is not None and col not in found:
            found[col] = i
    return found if "value" in found else None


def read_rows(path: Path) -> Iterator[tuple[str, int, list[Any]]]:
    """(sheet title or "", line number, cells) of every row of an XLSX or CSV file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        yield from _csv_rows(path)
    else:
        raise InvalidInput([Problem(path.name, "Поддерживаются файлы XLSX и CSV")],
                           "Файл не загружен")


def _refused(path: Path, message: str) -> InvalidInput:
    return InvalidInput([Problem(path.name, message)], "Файл не загружен")


def _xlsx_rows(path: Path) -> Iterator[tuple[str, int, list[Any]]]:
    from app.xlsx import BadFile, open_workbook, read_file

    try:
        wb = open_workbook(read_file(path), path.name)
    except BadFile as exc:
        raise _refused(path, exc.message.removeprefix(f"{path.name}: ")) from None
    try:
        several = len(wb.worksheets) > 1
        for ws in wb.worksheets:
            title = ws.title if several else ""
            rows = ws.iter_rows(values_only=True)
            n = 0
            while True:
                try:
                    row = next(rows, None)
                except Exception as exc:  # a damaged sheet inside a sound zip
                    raise _refused(path, f"лист «{ws.title}» повреждён после строки {n}: "
                                         f"{type(exc).__name__}") from None
                if row is None:
                    break
                n += 1
                yield title, n, list(row)
    finally:
        wb.close()


MAX_CSV_BYTES = 256 * 1024 * 1024
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # never in a text table


def _csv_rows(path: Path) -> Iterator[tuple[str, int, list[Any]]]:
    from app.xlsx import read_file

    raw = read_file(path, MAX_CSV_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1251")  # files saved by Excel on a Russian Windows
        except UnicodeDecodeError:
            raise _refused(path, "не удаётся прочитать текст: файл не в кодировке UTF-8 и не "
                                 "в Windows-1251 — это не CSV") from None
    if _BINARY.search(text):
        raise _refused(path, "в файле управляющие символы — это не CSV (не текст); "
                             "сохраните таблицу как CSV или XLSX")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield "", reader.line_num, list(row)
    except csv.Error as exc:
        raise _refused(path, f"строка {reader.line_num}: CSV не читается ({exc})") from None


# ---------------------------------------------------------------- cells of a readings row

# the columns a readings row is read from, in the order `importing._parse_row` unpacks them
FIELDS = ("value", "period", "zone", "meter_id", "account", "serial", "taken_on", "rollover")
YES_WORDS = frozenset(("да", "1", "yes", "true", "+"))


def cell_picker(cols: dict[str, int]) -> Callable[[list[Any]], list[Any]]:
    """A row's cells of `FIELDS` by one itemgetter: None where the file has no such column or
    the line is short, text stripped."""
    width = max(cols.values()) + 1
    get = itemgetter(*(cols.get(name, -1) for name in FIELDS))  # -1: the None appended below
    pad = [None] * (width + 1)

    def pick(cells: list[Any]) -> list[Any]:
        cells.extend(pad[len(cells):] if len(cells) < width else pad[:1])
        return [v.strip() if isinstance(v, str) else v for v in get(cells)]

    return pick


def problem_text(exc: ValueError) -> str:
    text = str(exc)
    return text if any("а" <= ch <= "я" for ch in text.lower()) else f"Неверное значение: {text}"


@lru_cache(maxsize=64)
def zone_cell(cell: Any) -> int:
    return parse_zone(str(cell or ""))


def period_cell(cell: Any, default: Period | None) -> Period:
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


def date_cell(cell: Any) -> date | None:
    if cell in (None, ""):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    return _date_text(str(cell).strip())


@lru_cache(maxsize=256)  # a controller's file has a few dates on thousands of lines
def _date_text(text: str) -> date:
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
