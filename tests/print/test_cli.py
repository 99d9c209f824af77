"""`kvartal print epd …`: one account or a building into one PDF; skipped accounts listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.billing.run import calculate
from app.cli import main
from app.db import Database
from app.rights import SYSTEM
from tests.factories import TownFactory
from tests.print.reading import pdf_text


def test_print_epd_for_an_account_and_a_building(sqlite_db: Database, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    town = TownFactory(sqlite_db).build()
    acc = town.account(flat="1", surname="Орлова")
    town.account(flat="2", surname="Белова")
    idle = town.account(flat="3", services=())
    calculate(sqlite_db, SYSTEM)
    one = tmp_path / "one.pdf"
    assert main(["print", "epd", "--period", "2026-11", "--account", acc.number, "--out",
                 str(one), "--db", sqlite_db.url]) == 0
    assert "Орлова" in pdf_text(one) and "Белова" not in pdf_text(one)
    many = tmp_path / "many.pdf"
    assert main(["print", "epd", "--period", "2026-11", "--building", str(town.building_id),
                 "--out", str(many), "--quiet", "--db", sqlite_db.url]) == 0
    captured = capsys.readouterr()
    assert "Напечатано документов: 2" in captured.out
    assert f"{idle.number} г. Тестов, ул. Ленина, д. 5, кв. 3: Лицевой счёт {idle.number}: " \
           "нет начислений за ноябрь 2026" in captured.err
    assert pdf_text(many).count("ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ") == 2


def test_print_epd_without_charges_exits_2(sqlite_db: Database, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    acc = TownFactory(sqlite_db).build().account(flat="1")
    assert main(["print", "epd", "--period", "2026-11", "--account", acc.number, "--out",
                 str(tmp_path / "x.pdf"), "--db", sqlite_db.url]) == 2
    assert "нет начислений за ноябрь 2026" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_print_certificate_and_statement(sqlite_db: Database, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    town = TownFactory(sqlite_db).build()
    acc = town.account(flat="1", surname="Орлова")
    calculate(sqlite_db, SYSTEM)
    out = tmp_path / "debt.pdf"
    assert main(["print", "certificate", "debt", "--account", acc.number, "--out", str(out),
                 "--date", "01.12.2026", "--db", sqlite_db.url]) == 0
    assert "Справка о наличии (отсутствии) задолженности № 1/2026 от 01.12.2026" in \
        capsys.readouterr().out
    assert "имеется задолженность" in pdf_text(out)
    assert main(["print", "statement", "--account", acc.number, "--out",
                 str(tmp_path / "st.pdf"), "--db", sqlite_db.url]) == 0
    assert "из финансового лицевого счёта за ноябрь 2026" in pdf_text(tmp_path / "st.pdf")
    assert main(["print", "certificate", "pension", "--account", acc.number, "--out",
                 str(out), "--db", sqlite_db.url]) == 2
    assert "Неизвестный вид справки «pension»" in capsys.readouterr().err
