"""Blank sheet → filled by a controller (with bad rows) → import → report; again → nothing new.
Also CSV by serial number and the verification list, all through real files."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal as D
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select, update

from app.meters.exporting import (
    BLANK_HEADERS,
    export_blank_sheets,
    write_verification_list,
)
from app.meters.importing import RowStatus, import_readings, parse_file
from app.meters.verification import verification_list
from app.models import AuditEntry, Meter, Reading
from tests.meters.conftest import NOV, TODAY, MeterWorld


def count_readings(world: MeterWorld) -> int:
    with world.db.session() as s:
        return s.scalar(select(func.count()).select_from(Reading)
                        .where(Reading.period == NOV.code)) or 0


def blank(world: MeterWorld, folder: Path) -> Path:
    steps = export_blank_sheets(world.db, world.actor, folder, NOV,
                                building_id=world.town.building_id)
    try:
        while True:
            next(steps)
    except StopIteration as end:
        files = end.value
    assert [f.name for f in files] == ["Показания 2026-11 ул. Ленина, д. 5.xlsx"]
    return files[0]


def fill(path: Path, values: dict[int, object], extra: list[list[object]]) -> None:
    """As a controller would: type values into «Новое показание» by line, add lines."""
    wb = load_workbook(path)
    ws = wb.active
    col = BLANK_HEADERS.index("Новое показание") + 1
    for line, value in values.items():
        ws.cell(row=line, column=col, value=value)
        ws.cell(row=line, column=col + 1, value=datetime(2026, 11, 24))
    for row in extra:
        ws.append(row)
    wb.save(path)


def test_blank_sheet_carries_previous_readings(world: MeterWorld, tmp_path: Path) -> None:
    path = blank(world, tmp_path)
    ws = load_workbook(path, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Ведомость снятия показаний за ноябрь 2026 — ул. Ленина, д. 5"
    assert list(rows[2]) == list(BLANK_HEADERS)
    first = dict(zip(BLANK_HEADERS, rows[3], strict=True))
    assert first["ID прибора"] == world.cold["1"] and first["Л/с"] == world.numbers["1"]
    assert (first["Пред. показание"], first["Среднее"], first["Период"]) == (150, 10, "2026-11")
    assert first["Новое показание"] is None
    assert [r[3] for r in rows[3:]] == ["ХВС", "Электроэнергия (день)", "Электроэнергия (ночь)",
                                        "ХВС", "ХВС"]


def test_controller_file_round_trip_with_bad_rows(world: MeterWorld, tmp_path: Path) -> None:
    path = blank(world, tmp_path)
    # lines: 4 cold flat 1, 5 power day, 6 power night (left empty), 7 cold flat 2, 8 cold 10
    fill(path, {4: 158, 5: "1 580,5", 7: 90, 8: 250},
         [[9999, "", "", "", "", 1, None, None, None, 12, None, "2026-11"],
          [world.cold["10"], "", "", "", "", 1, None, None, None, "двенадцать", None, "2026-11"],
          [world.cold["1"], "", "", "", "", 1, None, None, None, 159, None, "2026-11"]])
    parsed = parse_file(path)
    assert parsed.empty == 1
    preview = import_readings(world.db, world.actor, parsed, today=TODAY, dry_run=True)
    assert count_readings(world) == 0 and not preview.posted
    report = import_readings(world.db, world.actor, parsed, today=TODAY, source="controller")
    got = {r.where: (r.status, r.message) for r in report.rows}
    assert got["строка 4"] == (RowStatus.ACCEPTED, "")
    assert got["строка 5"] == (RowStatus.ACCEPTED, "")
    assert got["строка 7"][0] == RowStatus.REJECTED and "90 меньше предыдущего 150" in \
        got["строка 7"][1]
    assert got["строка 8"][0] == RowStatus.WARNING and "Расход 100 больше среднего 10" in \
        got["строка 8"][1]
    assert got["строка 9"] == (RowStatus.REJECTED, "Прибор с ID 9999 не найден")
    assert got["строка 10"] == (RowStatus.REJECTED, "Показание «двенадцать» не число")
    assert got["строка 11"][0] == RowStatus.REJECTED and "уже есть" in got["строка 11"][1]
    assert [r.where for r in report.rows] == [f"строка {n}" for n in (4, 5, 7, 8, 9, 10, 11)]
    assert report.written == 2 and count_readings(world) == 2
    with world.db.session() as s:
        r = s.scalars(select(Reading).where(Reading.meter_id == world.power)).all()[-1]
        assert (r.value, r.source, r.taken_on, r.entered_by_id) == \
            (D("1580.5"), "controller", date(2026, 11, 24), world.actor.user_id)
        assert r.import_key and r.import_key.startswith("r1:")
        # one audit entry for the file, not one per reading: its digest and what became of it
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "readings.import")).one()
        assert audit.after is not None and audit.after["sha256"] == \
            hashlib.sha256(path.read_bytes()).hexdigest()
        assert {k: audit.after[k] for k in ("accepted", "warnings", "rejected", "empty")} == \
            {"accepted": 2, "warnings": 1, "rejected": 4, "empty": 1}
    again = import_readings(world.db, world.actor, parse_file(path), today=TODAY)
    assert again.written == 0 and again.count(RowStatus.DUPLICATE) == 2
    assert count_readings(world) == 2
    confirmed = import_readings(world.db, world.actor, parse_file(path), today=TODAY,
                                confirm_warnings=True)
    assert confirmed.written == 1 and count_readings(world) == 3
    assert "уже загружено 2" in confirmed.summary()


def test_csv_by_serial_and_account_in_windows_1251(world: MeterWorld, tmp_path: Path) -> None:
    path = tmp_path / "от УК.csv"
    lines = ["Л/с;Заводской номер;Зона;Показание;Дата;Период",
             f"{world.numbers['2']};ХВ-2;1;161,25;25.11.2026;11.2026",
             f"{world.numbers['1']};ХВ-2;1;161;25.11.2026;2026-11",
             ";Э-1;ночь;790;25.11.2026;2026-11",
             ";Э-1;день;1590;30.11.2026;2026-11",
             ";ХВ-10;;162;25.11.2026;"]
    path.write_bytes("\r\n".join(lines).encode("cp1251"))
    report = import_readings(world.db, world.actor, parse_file(path), today=TODAY)
    got = {r.where: (r.status, r.message) for r in report.rows}
    assert got["строка 2"] == (RowStatus.ACCEPTED, "")
    assert got["строка 3"][1] == f"Действующий прибор №ХВ-2 на л/с {world.numbers['1']} не найден"
    assert got["строка 4"] == (RowStatus.ACCEPTED, "")
    assert "30.11.2026 ещё не наступила" in got["строка 5"][1]
    assert got["строка 6"][1].startswith("Не указан период")
    assert report.written == 2
    # --period fills the gap and the same file again changes nothing else
    again = import_readings(world.db, world.actor, parse_file(path, period=NOV), today=TODAY)
    assert again.written == 1 and again.count(RowStatus.DUPLICATE) == 2


def test_verification_list_and_its_xlsx(world: MeterWorld, tmp_path: Path) -> None:
    with world.db.sessions() as s, s.begin():
        s.execute(update(Meter).where(Meter.id == world.cold["2"])
                  .values(next_verification=date(2026, 10, 31)))
        s.execute(update(Meter).where(Meter.id == world.cold["10"])
                  .values(next_verification=date(2026, 12, 10)))
    rows = verification_list(world.db, world.actor, today=TODAY, days=30)
    assert [(r.meter.serial, r.days_left) for r in rows] == [("ХВ-2", -26), ("ХВ-10", 14)]
    assert rows[0].state == "истекла 26 дн. назад; не прибор учёта с ноябрь 2026"
    assert verification_list(world.db, world.actor, today=TODAY, days=10)[-1].meter.serial \
        == "ХВ-2"
    path = write_verification_list(tmp_path / "поверка.xlsx", rows, TODAY, 30)
    data = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert data[2][:4] == ("Адрес", "Л/с", "Ресурс", "Заводской номер")
    assert data[3][3] == "ХВ-2" and data[4][7] == "истекает через 14 дн."


def test_two_periods_in_one_file_chain_in_preview_and_post(world: MeterWorld,
                                                           tmp_path: Path) -> None:
    world.town.period(202612)  # readings are taken for open periods only
    path = tmp_path / "жители.csv"
    path.write_text("Заводской номер,Показание,Период\n"
                    "ХВ-1,155,2026-12\nХВ-1,158,2026-11\nХВ-2,160,2026-11\nХВ-2,166,2026-12\n",
                    encoding="utf-8")
    for dry_run in (True, False):
        report = import_readings(world.db, world.actor, parse_file(path), today=TODAY,
                                 source="consumer", dry_run=dry_run)
        got = {r.where: (r.status, r.message) for r in report.rows}
        assert got["строка 2"][0] == RowStatus.REJECTED
        assert "155 меньше предыдущего 158" in got["строка 2"][1]  # November's row, same file
        assert [got[f"строка {n}"][0] for n in (3, 4, 5)] == [RowStatus.ACCEPTED] * 3
        assert count_readings(world) == (0 if dry_run else 2)
