"""Every bad input gets a message, never a traceback (issue 16, item 4): each one is fed through
the `kvartal` command as an operator would, and must end with exit code 2 and a Russian message
on stderr, nothing written."""

from __future__ import annotations

import io
import json
import resource
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app import models as M
from app.cli import main
from app.db import Database
from tests.exchange.sample import base_doc

Make = Callable[[Path], list[str]]  # writes its input into the folder, returns the arguments


def _json(name: str, text: str) -> Make:
    def make(tmp: Path) -> list[str]:
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        return ["import", str(path)]
    return make


def _doc(change: Callable[[dict], None]) -> str:  # type: ignore[type-arg]
    doc = base_doc(1)
    change(doc)
    return json.dumps(doc, ensure_ascii=False)


def _deep_basis() -> str:
    doc = base_doc(1)
    doc["operations"] = [{"kind": "charge", "period": "2026-09", "account": doc["accounts"][0][
        "number"], "service": "maintenance", "supplier": "7701000002", "amount_kop": 100,
        "basis": "@"}]
    return json.dumps(doc, ensure_ascii=False).replace('"@"', '{"x":' * 5000 + "{}" + "}" * 5000)


def _set(path: str, value: object) -> Callable[[dict], None]:  # type: ignore[type-arg]
    entity, field = path.split(".")

    def change(doc: dict) -> None:  # type: ignore[type-arg]
        doc[entity][0][field] = value
    return change


def _bomb_xlsx(tmp: Path, name: str) -> Path:
    """A real workbook whose sheet carries 64 MB of padding that packs ~1000 times."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ID прибора", "Показание"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    path = tmp / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                z.writestr(item.filename, data)
                continue
            head, tail = data.split(b"</sheetData>", 1)
            with z.open(item.filename, "w") as f:
                f.write(head)
                for _ in range(64):
                    f.write(b" " * 2**20)
                f.write(b"</sheetData>" + tail)
    return path


def _file(name: str, content: bytes, *command: str) -> Make:
    def make(tmp: Path) -> list[str]:
        path = tmp / name
        path.write_bytes(content)
        return [*command, str(path)]
    return make


def _bomb(*command: str) -> Make:
    return lambda tmp: [*command, str(_bomb_xlsx(tmp, "показания.xlsx"))]


def _under_a_file(*command: str, tail: tuple[str, ...] = ()) -> Make:
    def make(tmp: Path) -> list[str]:
        (tmp / "файл").write_text("x")
        return [*command, str(tmp / "файл" / "выгрузка"), *tail]
    return make


def _fixed(*args: str) -> Make:
    return lambda tmp: list(args)


CASES: dict[str, tuple[Make, str]] = {
    "json 100 000 deep": (_json("deep.json", "[" * 100_000 + "]" * 100_000), "вложенность"),
    "basis 5 000 deep": (_json("basis.json", _deep_basis()), "вложенность"),
    "integer of 5 000 digits": (_json("big.json", _doc(_set("buildings.floors", 0)).replace(
        '"floors": 0', '"floors": ' + "9" * 5000)), "JSON не читается"),
    "lone surrogate": (_json("s.json", _doc(_set("persons.last_name", "Ив\ud800анов")).replace(
        "\ud800", "\\ud800")), "суррогат"),
    "NUL in text": (_json("nul.json", _doc(_set("persons.last_name", "Ив\x00анов"))),
                    "управляющий символ"),
    "period 9999-12": (_json("p1.json", _doc(_set("readings.period", "9999-12"))),
                       "от 1900 до 2999"),
    "period 0000-01": (_json("p2.json", _doc(_set("readings.period", "0000-01"))),
                       "от 1900 до 2999"),
    "date 9999-12-31": (_json("d.json", _doc(_set("accounts.opened_on", "9999-12-31"))),
                        "вне допустимых пределов"),
    "corrupt xlsx in readings import": (
        _file("показания.xlsx", b"PK\x03\x04garbage" * 100, "readings", "import"), "не XLSX"),
    "binary csv in readings import": (
        _file("показания.csv", bytes(range(256)) * 50, "readings", "import"), "не CSV"),
    "csv with NUL bytes": (
        _file("показания.csv", "Показание;ID прибора\n1;1\x00\n".encode(), "readings",
              "import"), "управляющие символы — это не CSV"),
    "csv in no known encoding": (
        _file("показания.csv", "Показание;ID прибора\n1;1\n".encode() + b"\x98\xff",
              "readings", "import"), "не в кодировке UTF-8"),
    "zip bomb in readings import": (_bomb("readings", "import"), "архив-бомба"),
    "zip bomb in import": (_bomb("import"), "архив-бомба"),
    "corrupt xlsx in import": (_file("accounts.xlsx", b"PK\x03\x04" + b"\x00" * 200, "import"),
                               "не XLSX"),
    "export to an unwritable path": (_under_a_file("export", tail=("--quiet",)),
                                     "Не удалось записать"),
    "export-blank to /dev/null/x": (
        _fixed("readings", "export-blank", "/dev/null/x", "--period", "2026-10"),
        "часть пути — не папка"),
    "templates to an unwritable path": (_under_a_file("import", "--template"),
                                        "Не удалось записать"),
    "verification --days -99999999": (
        _fixed("meters", "verification", "--days", "-99999999"), "от 0 до 3650"),
    "verification --days 99999999": (
        _fixed("meters", "verification", "--days", "99999999"), "от 0 до 3650"),
    "export-blank --period 9999-12": (
        _fixed("readings", "export-blank", "/tmp", "--period", "9999-12"), "от 1900 до 2999"),
    "export-blank --period 0000-01": (
        _fixed("readings", "export-blank", "/tmp", "--period", "0000-01"), "от 1900 до 2999"),
    "readings import --period 0000-01": (
        lambda tmp: ["readings", "import", str(_write(tmp / "r.csv", "Показание\n1\n")),
                     "--period", "0000-01"], "от 1900 до 2999"),
    "export --period 9999-12": (_fixed("export", "/tmp/x", "--period", "9999-12"),
                                "от 1900 до 2999"),
    "an account number of bytes that are not UTF-8": (_fixed("charges", "--account",
                                                             "\udcff\udc01"), "суррогат"),
    "accounts to calculate with a control character": (_fixed("calc", "--accounts", "1\x1b"),
                                                       "управляющий символ"),
    "readings import --report to an unwritable path": (
        lambda tmp: ["readings", "import", str(_write(tmp / "r.csv", "Показание\n1\n")),
                     "--report", "/dev/null/отчёт.csv"], "часть пути — не папка"),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _refused(db: Database, args: list[str], expected: str,
             capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    code = main(["--db", db.url, *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert expected in err
    assert any("а" <= ch <= "я" for ch in err.lower())
    return err


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_with_a_russian_message(
        sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        case: str) -> None:
    make, expected = CASES[case]
    _refused(sqlite_db, make(tmp_path), expected, capsys)
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(M.Organization)) == 0


@pytest.mark.parametrize("case", ["lone surrogate", "NUL in text"])
def test_text_no_database_can_store_is_refused_on_both(
        db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    make, expected = CASES[case]
    _refused(db, make(tmp_path), expected, capsys)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(M.Person)) == 0


def test_zip_bomb_is_refused_before_it_is_unpacked(
        sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The bomb unpacks to 64 MB here (2 GB in the field report); refused from the zip
    directory, the process grows by far less than that."""
    args = _bomb("readings", "import")(tmp_path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _refused(sqlite_db, args, "архив-бомба", capsys)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 32 * 1024


def test_a_password_with_no_terminal_and_no_input_is_a_message(
        sqlite_db: Database, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "KVARTAL_PASSWORD"}
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", sqlite_db.url, "user", "add", "ivanova",
         "--role", "admin", "--name", "Иванова"], stdin=subprocess.DEVNULL,
        capture_output=True, text=True, env=env, start_new_session=True, timeout=120,
        cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 2, done.stderr
    assert "Пароль не введён" in done.stderr and "Traceback" not in done.stderr
