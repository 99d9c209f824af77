"""`kvartal readings export-blank|import` and `kvartal meters verification` end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.db import Database
from app.meters.exporting import BLANK_HEADERS
from tests.meters.conftest import MeterWorld, build_world


@pytest.fixture
def cli_world(sqlite_db: Database) -> MeterWorld:
    return build_world(sqlite_db)


def test_blank_sheet_filled_and_imported_from_the_command_line(
        cli_world: MeterWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = cli_world.db.url
    assert main(["--db", url, "readings", "export-blank", str(tmp_path / "бланки"),
                 "--period", "2026-11"]) == 0
    out = capsys.readouterr().out
    assert "Бланков записано: 1" in out
    path = next((tmp_path / "бланки").glob("*.xlsx"))
    wb = load_workbook(path)
    ws = wb.active
    col = BLANK_HEADERS.index("Новое показание") + 1
    ws.cell(row=4, column=col, value=155)
    ws.cell(row=7, column=col, value=140)  # lower than 150: rejected
    wb.save(path)

    args = ["--db", url, "readings", "import", str(path), "--source", "controller"]
    assert main([*args, "--dry-run"]) == 1  # a rejected row: exit code 1
    out = capsys.readouterr().out
    assert "Проверка (ничего не записано)" in out and "принято 1" in out
    assert "строка 7 — отклонено" in out and "140 меньше предыдущего 150" in out
    report = tmp_path / "отчёт.csv"
    assert main([*args, "--report", str(report)]) == 1
    assert "Загружено: " in capsys.readouterr().out
    assert "уже загружено" not in report.read_text(encoding="utf-8-sig")
    main(args)
    assert "принято 0, ждут подтверждения 0, уже загружено 1, отклонено 1" in \
        capsys.readouterr().out


def test_verification_list_from_the_command_line(cli_world: MeterWorld, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = tmp_path / "поверка.xlsx"
    assert main(["--db", cli_world.db.url, "meters", "verification", "--days", "30",
                 "--today", "2030-12-15", "--xlsx", str(xlsx)]) == 0
    out = capsys.readouterr().out
    assert "Приборов: 4" in out and "истекает через 17 дн." in out
    assert xlsx.is_file()
