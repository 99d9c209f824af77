"""A report to XLSX: typed cells (money as exact roubles with a rouble format, counts as
integers, text always as text — never a formula), a title, a frozen header, totals in bold,
widths that fit. Written beside the target and renamed, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.errors import DomainError
from app.reports.table import Cell, ReportTable
from app.xlsx import text_value

ROUBLES = '#,##0.00\\ "₽";[Red]\\-#,##0.00\\ "₽"'
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(ws: WriteOnlyWorksheet, value: Cell, kind: str, bold: bool = False) -> WriteOnlyCell:
    if kind == "money" and isinstance(value, int):
        cell = WriteOnlyCell(ws, value=Decimal(value).scaleb(-2))
        cell.number_format = ROUBLES
    elif kind == "int" and isinstance(value, int):
        cell = WriteOnlyCell(ws, value=value)
    elif kind == "number" and isinstance(value, Decimal):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "0.00####"
    else:
        # as `app.xlsx.write_row` does for ordinary books: text stays text even when it starts
        # with "=", and characters XML cannot hold are replaced, not fatal
        cell = WriteOnlyCell(ws, value="" if value is None else text_value(str(value)))
        cell.data_type = "s"
    if bold:
        cell.font = _BOLD
    return cell


def write_xlsx(table: ReportTable, path: Path) -> Path:
    target = Path(path)
    if not target.parent.is_dir():
        raise DomainError(f"Папки {target.parent} нет — отчёт не записан")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(table.sheet[:31])
    for i, col in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A4"
    title = WriteOnlyCell(ws, value=table.title)
    title.font = _TITLE
    ws.append([title])
    ws.append([_cell(ws, table.subtitle, "text")])
    header = []
    for col in table.columns:
        cell = WriteOnlyCell(ws, value=col.title)
        cell.font, cell.alignment = _BOLD, _WRAP
        header.append(cell)
    ws.append(header)
    kinds = [c.kind for c in table.columns]
    for row in table.rows:
        ws.append([_cell(ws, v, k) for v, k in zip(row, kinds, strict=True)])
    if table.totals is not None:
        ws.append([_cell(ws, v, k, bold=True) for v, k in zip(table.totals, kinds, strict=True)])
    for note in table.notes:
        ws.append([_cell(ws, note, "text")])
    partial = target.with_name(f".{target.name}.partial")
    try:
        wb.save(partial)
        os.replace(partial, target)
    except OSError as exc:
        raise DomainError(f"Не удалось записать {target}: {exc.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    return target
