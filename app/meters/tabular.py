"""Reading tables from XLSX and CSV files: rows as lists of cell values, with their line numbers,
and the recognition of the header row by its Russian (or English) column names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.errors import InvalidInput, Problem

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


def _xlsx_rows(path: Path) -> Iterator[tuple[str, int, list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise InvalidInput([Problem(path.name, f"Не удалось открыть как XLSX: {exc}")],
                           "Файл не загружен") from None
    try:
        several = len(wb.worksheets) > 1
        for ws in wb.worksheets:
            title = ws.title if several else ""
            for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
                yield title, n, list(row)
    finally:
        wb.close()


def _csv_rows(path: Path) -> Iterator[tuple[str, int, list[Any]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251")  # files saved by Excel on a Russian Windows
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for row in reader:
        yield "", reader.line_num, list(row)
