"""`kvartal passport`: a flat's residents masked, people found, form №10 saved, the queue."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from app.cli import main
from app.db import Database
from app.models import Tariff
from app.passport.registration import register_arrival
from app.passport.views import ArrivalInput, Newcomer
from app.rights import SYSTEM
from tests.factories import TownFactory
from tests.passport.conftest import person


def test_passport_commands(sqlite_db: Database, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    town = TownFactory(sqlite_db).build()
    acc = town.account(flat="12", surname="Петров")
    town.period(202610, closed=True)
    with sqlite_db.sessions() as s, s.begin():  # no tariffs: the recalculation waits in the queue
        tariffs = [(t.service_id, t.value, t.date_from) for t in s.scalars(select(Tariff))]
        s.execute(delete(Tariff))
    register_arrival(sqlite_db, SYSTEM, ArrivalInput(acc.number, "permanent", date(2026, 10, 3), (
        Newcomer("жена", identity=person("Петрова", "Анна", sex="ж", doc_series="4507")),)),
        date(2026, 11, 20))
    url = sqlite_db.url
    assert main(["passport", "flat", acc.number, "--db", url]) == 0
    out = capsys.readouterr().out
    assert "Петрова Анна Сергеевич" in out and "45 ** ******" in out and "123456" not in out
    assert main(["passport", "find", "петрова", "--db", url]) == 0
    assert "Петрова Анна" in capsys.readouterr().out
    assert main(["passport", "requests", "--db", url]) == 0
    assert "с периода октябрь 2026" in capsys.readouterr().out
    assert main(["recalc", "--requests", "--db", url]) == 2  # still no tariff: stays queued
    assert "Нет тарифа" in capsys.readouterr().err
    with sqlite_db.sessions() as s, s.begin():
        s.add_all(Tariff(service_id=i, value=v, date_from=d) for i, v, d in tariffs)
    assert main(["recalc", "--requests", "--db", url]) == 0
    assert "Перерасчёт записан в период «ноябрь 2026»" in capsys.readouterr().out
    assert main(["passport", "requests", "--db", url]) == 0
    assert "Открытых запросов на перерасчёт: 0" in capsys.readouterr().out
    pdf = tmp_path / "f10.pdf"
    assert main(["passport", "form10", acc.number, str(pdf), "--db", url]) == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Петрова Анна" in text and "Петров Имя0 Петрович" in text
    assert main(["passport", "flat", "0000000000", "--db", url]) == 2
    assert "не найден" in capsys.readouterr().err
