"""`kvartal import` / `kvartal export` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import models as M
from app.cli import main
from app.db import Database
from tests.exchange.sample import base_doc, with_history


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_prints_every_problem_and_writes_nothing(
        sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = base_doc(3)
    for i in range(3):
        doc["accounts"][i]["premise"] = f"Ленина 5-{70 + i}"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), "--db", sqlite_db.url)
    assert code == 2
    assert "Ошибок: 3" in err
    for i in range(3):
        assert f"accounts[{i}].premise: нет такого помещения «Ленина 5-{70 + i}»" in err
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(M.Organization)) == 0


def test_cli_check_import_export_and_repeat(
        sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "town.json"
    path.write_text(json.dumps(with_history(base_doc(2), months=3), ensure_ascii=False),
                    encoding="utf-8")
    code, out, _ = run(capsys, "import", str(path), "--check", "--db", sqlite_db.url)
    assert (code, out.strip()) == (0, "Ошибок нет, данные можно загружать")
    code, out, _ = run(capsys, "import", str(path), "--db", sqlite_db.url)
    assert code == 0 and "accounts: 2" in out
    code, _, err = run(capsys, "import", str(path), "--db", sqlite_db.url)
    assert code == 2 and "уже загружены" in err
    code, out, _ = run(capsys, "export", str(tmp_path / "out"), "--quiet", "--period",
                       "2026-09", "--db", sqlite_db.url)
    assert code == 0
    ops = json.loads((tmp_path / "out" / "operations.json").read_text(encoding="utf-8"))
    assert {op["period"] for op in ops["operations"]} == {"2026-08", "2026-09"}
    code, out, _ = run(capsys, "import", "--template", str(tmp_path / "tpl"))
    assert code == 0 and (tmp_path / "tpl" / "accounts.xlsx").exists()
