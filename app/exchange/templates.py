"""XLSX templates, one per entity: field names in row 1 (what the reader expects), the Russian
meaning, type and reference in a note on each header cell, and a sheet «Справка» listing them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from app.errors import file_errors
from app.exchange import format as fmt
from app.xlsx import save, write_cell, write_row

KIND_TITLES = {
    fmt.STR: "текст", fmt.INT: "целое число", fmt.KOP: "сумма в копейках (целое)",
    fmt.QTY: "десятичное число (точка или запятая)", fmt.DATE: "дата ДД.ММ.ГГГГ или ГГГГ-ММ-ДД",
    fmt.PERIOD: "период ММ.ГГГГ или ГГГГ-ММ", fmt.BOOL: "да / нет", fmt.ENUM: "одно из значений",
    fmt.OBJECT: "объект JSON",
}
_TEXT_KINDS = (fmt.STR, fmt.ENUM, fmt.QTY, fmt.DATE, fmt.PERIOD)


def describe(entity: fmt.Entity, f: fmt.Field) -> str:
    parts = [f.title or f.name, KIND_TITLES[f.kind]]
    if f.required:
        parts.append("обязательно")
    if f.choices:
        parts.append("значения: " + ", ".join(f.choices))
    if f.ref:
        target = fmt.BY_NAME[f.ref]
        parts.append(f"ссылка на «{target.title}» по ключу ({target.key_title})")
    if f.default is not None and f.default != "":
        parts.append(f"по умолчанию: {f.default}")
    return "; ".join(str(p) for p in parts)


def write_template(entity: fmt.Entity, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = entity.name
    bold = Font(bold=True)
    required = PatternFill("solid", fgColor="FFF2CC")
    for c, f in enumerate(entity.fields, start=1):
        cell = write_cell(ws, 1, c, f.name)
        cell.font = bold
        if f.required:
            cell.fill = required
        cell.comment = Comment(describe(entity, f), "Квартал", width=320, height=120)
        letter = cell.column_letter
        ws.column_dimensions[letter].width = max(12, min(40, len(f.name) + 4))
        if f.kind in _TEXT_KINDS:  # keep "0000000013" and "4.745" as typed
            ws.column_dimensions[letter].number_format = "@"
    ws.freeze_panes = "A2"
    info = wb.create_sheet("Справка")
    write_row(info, ["поле", "описание"])
    for f in entity.fields:
        write_row(info, [f.name, describe(entity, f)])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 120
    save(wb, path)


def write_templates(folder: Path) -> list[Path]:
    with file_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entity in fmt.ENTITIES:
        path = folder / f"{entity.name}.xlsx"
        write_template(entity, path)
        written.append(path)
    return written
