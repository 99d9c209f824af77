"""Read the XLSX form: a sheet per entity (named like the entity, or the file named so), field
names in row 1, one record per row. Cells become the same values the JSON form carries, so one
validation serves both; a problem's path is the cell, e.g. `accounts.xlsx!C19`."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from app.errors import Problem
from app.exchange import format as fmt
from app.exchange.source import SheetSegment, Source
from app.xlsx import BadFile, open_workbook

_RU_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_RU_PERIOD = re.compile(r"(\d{1,2})\.(\d{4})")
_TRUE = {"да", "true", "1", "истина", "x", "+"}
_FALSE = {"нет", "false", "0", "ложь", "-"}
_INFO_SHEETS = ("Справка", "README")


def _text(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, int | float):
        return str(v)
    if isinstance(v, datetime | date):
        return v.strftime("%Y-%m-%d")
    return v.strip() if isinstance(v, str) else v


def _integer(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str) and re.fullmatch(r"-?\d+", v.strip()):
        return int(v.strip())
    return v


def _quantity(v: Any) -> Any:
    if isinstance(v, float):
        return repr(v)  # the shortest text that reads back as the typed number
    if isinstance(v, str):
        return v.strip().replace(",", ".").replace(" ", "").replace("\u00a0", "")
    return v


def _date(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, str):
        m = _RU_DATE.fullmatch(v.strip())
        if m:
            return f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        return v.strip()
    return v


def _period(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.strftime("%Y-%m")
    if isinstance(v, str):
        m = _RU_PERIOD.fullmatch(v.strip())
        if m:
            return f"{int(m.group(2)):04d}-{int(m.group(1)):02d}"
        return v.strip()
    return v


def _boolean(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float) and v in (0, 1):
        return bool(v)
    if isinstance(v, str):
        t = v.strip().lower()
        return True if t in _TRUE else False if t in _FALSE else v
    return v


def _object(v: Any) -> Any:
    if isinstance(v, str):
        try:
            return json.loads(v)
        except (ValueError, RecursionError):
            return v
    return v


_CELL = {fmt.STR: _text, fmt.ENUM: _text, fmt.INT: _integer, fmt.KOP: _integer,
         fmt.QTY: _quantity, fmt.DATE: _date, fmt.PERIOD: _period, fmt.BOOL: _boolean,
         fmt.OBJECT: _object}


def read_workbook(raw: bytes, label: str, source: Source) -> None:
    try:
        wb = open_workbook(raw, label)
    except BadFile as exc:
        source.problems.append(Problem(label, exc.message.removeprefix(f"{label}: ")))
        return
    found: list[tuple[Any, str]] = []
    data_sheets = [ws for ws in wb.worksheets if ws.title not in _INFO_SHEETS]
    for ws in data_sheets:
        name = ws.title
        if name not in fmt.BY_NAME and len(data_sheets) == 1 and Path(label).stem in fmt.BY_NAME:
            name = Path(label).stem
        if name not in fmt.BY_NAME:
            source.problems.append(Problem(f"{label}:{ws.title}",
                                           "лист не соответствует ни одному разделу"))
            continue
        found.append((ws, name))
    for ws, name in found:
        where = label if len(found) == 1 else f"{label}:{ws.title}"
        try:
            _read_sheet(ws, fmt.BY_NAME[name], where, source)
        except Exception as exc:  # a damaged sheet inside a sound zip
            source.problems.append(Problem(where, f"лист повреждён: {type(exc).__name__}"))
    wb.close()


def _read_sheet(ws: Any, entity: fmt.Entity, label: str, source: Source) -> None:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    columns: dict[str, str] = {}
    plan: list[tuple[int, str, Any]] = []
    for c, title in enumerate(header):
        if title is None or str(title).strip() == "":
            continue
        name = str(title).strip()
        letter = get_column_letter(c + 1)
        if name not in entity.field_names:
            source.problems.append(Problem(f"{label}!{letter}1", f"неизвестное поле «{name}»"))
            continue
        if name in columns:
            source.problems.append(Problem(f"{label}!{letter}1", f"поле «{name}» указано дважды"))
            continue
        columns[name] = letter
        plan.append((c, name, _CELL[entity.field(name).kind]))
    records: list[dict[str, Any]] = []
    numbers: list[int] = []
    for r, values in enumerate(rows, start=2):
        rec = {}
        for c, name, cell in plan:
            v = values[c] if c < len(values) else None
            if v is not None and v != "":
                rec[name] = cell(v)
        if rec:
            records.append(rec)
            numbers.append(r)
    source.extend(entity.name, records,
                  SheetSegment(source.count(entity.name), label, tuple(numbers), columns))
