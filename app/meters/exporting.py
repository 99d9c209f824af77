"""XLSX documents: blank reading sheets for controllers and the verification list.

The blank sheet is also an import file: its header row names the columns the import recognises,
and the «ID прибора» column ties each filled line back to its meter without ambiguity.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from app.calc.period import Period
from app.db import Database
from app.errors import file_errors
from app.meters.entry import SheetRow, reading_sheet, sheet_choices
from app.meters.verification import VerificationRow
from app.rights import Actor, Right
from app.xlsx import save, write_row

BLANK_HEADERS = ("ID прибора", "Л/с", "Адрес", "Ресурс", "Заводской номер", "Зона",
                 "Пред. показание", "Дата пред.", "Среднее", "Новое показание", "Дата снятия",
                 "Период")
BLANK_WIDTHS = (11, 12, 34, 16, 16, 9, 15, 12, 10, 16, 13, 10)
VERIFICATION_HEADERS = ("Адрес", "Л/с", "Ресурс", "Заводской номер", "Модель", "Установлен",
                        "Следующая поверка", "Состояние")


def _book(title: str, headers: Sequence[str], widths: Sequence[int]) -> tuple[Any, Any]:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Показания" if "Ведомость" in title else "Поверка"
    write_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    write_row(ws, list(headers))
    for i, w in enumerate(widths, start=1):
        ws.cell(row=3, column=i).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A4"
    return wb, ws


def write_blank_sheet(path: Path, rows: Sequence[SheetRow], period: Period, title: str) -> Path:
    """One XLSX sheet: the meters with their previous readings and an empty «Новое показание»."""
    wb, ws = _book(f"Ведомость снятия показаний за {period.title()} — {title}", BLANK_HEADERS,
                   BLANK_WIDTHS)
    for r in rows:
        resource = r.resource_title + (f" ({r.zone_title})" if r.zone_title else "")
        n = write_row(ws, [r.meter_id, r.account_number or "", r.address, resource, r.serial,
                           r.zone, r.previous, r.previous_taken_on, r.average, None, None,
                           str(period)])
        ws.cell(row=n, column=8).number_format = "DD.MM.YYYY"
        ws.cell(row=n, column=11).number_format = "DD.MM.YYYY"
    return save(wb, path)


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|]+', " ", name).strip()


def export_blank_sheets(db: Database, actor: Actor, folder: Path, period: Period, *,
                        building_id: int | None = None, list_id: int | None = None
                        ) -> Generator[tuple[int, int, str], None, list[Path]]:
    """One file per building (or the one building, or the route): a long job's steps; returns
    the files written (a building without meters gets none)."""
    actor.require(Right.ACCOUNT_VIEW)
    with file_errors(folder):  # an unwritable folder is said before any work is done
        folder.mkdir(parents=True, exist_ok=True)
    choices = sheet_choices(db, actor)
    targets: list[tuple[int | None, int | None, str]]
    if list_id is not None:
        route = {c.key: c.title for c in choices["route"]}
        targets = [(None, list_id, route.get(list_id, f"маршрут {list_id}"))]
    else:
        targets = [(int(c.key), None, c.title) for c in choices["building"]
                   if building_id is None or c.key == building_id]
    written: list[Path] = []
    for i, (bld, route_id, title) in enumerate(targets):
        yield i, len(targets), f"Ведомость: {title}"
        rows = reading_sheet(db, actor, period, building_id=bld, list_id=route_id)
        if rows:
            written.append(write_blank_sheet(
                folder / _safe(f"Показания {period} {title}.xlsx"), rows, period, title))
    yield len(targets), len(targets), "Готово"
    return written


def write_verification_list(path: Path, rows: Sequence[VerificationRow], today: date,
                            days: int) -> Path:
    wb, ws = _book(f"Приборы учёта с истекающей поверкой (на {today:%d.%m.%Y}, {days} дн.)",
                   VERIFICATION_HEADERS, (34, 12, 16, 16, 18, 12, 18, 44))
    for r in rows:
        m = r.meter
        n = write_row(ws, [m.address, m.account_number or "", r.resource_title, m.serial,
                           m.model or "", m.installed_on, r.next_verification, r.state])
        for col in (6, 7):
            ws.cell(row=n, column=col).number_format = "DD.MM.YYYY"
    return save(wb, path)
