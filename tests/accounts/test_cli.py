"""`kvartal account NUMBER [--json]`: the card for scripts and for a terminal."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.db import Database
from tests.factories import TownFactory


def test_account_json(sqlite_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    acc = TownFactory(sqlite_db).build().account(flat="12", surname="Петрова")
    assert main(["account", acc.number, "--json", "--db", sqlite_db.url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["general"]["number"] == acc.number
    assert data["general"]["address"] == "ул. Ленина, д. 5, кв. 12"
    assert data["debt"] == 0
    assert [s["code"] for s in data["services"]] == ["maintenance", "cold_water"]


def test_account_text(sqlite_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    acc = TownFactory(sqlite_db).build().account(flat="12", surname="Петрова")
    assert main(["--db", sqlite_db.url, "account", acc.number]) == 0
    out = capsys.readouterr().out
    assert f"Лицевой счёт {acc.number} — открыт с 01.01.2020" in out
    assert "Плательщик: Петрова Имя0 Петрович" in out


@pytest.mark.parametrize("number, message", [("0000000013", "Лицевой счёт 0000000013 не найден"),
                                             ("0000000014", "контрольная цифра"),
                                             ("abc", "10 цифр")])
def test_bad_number_exits_2_with_the_message(sqlite_db: Database, number: str, message: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    TownFactory(sqlite_db).build()
    assert main(["account", number, "--json", "--db", sqlite_db.url]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""
