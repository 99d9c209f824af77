"""The penalty calculation printed: DOMAIN.md worked example 3 read back from the PDF — the debt,
each piece of days with its rate and fraction, the debt's penalty and the total in words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from tests.print.reading import pdf_text

SCENARIOS = Path(__file__).parent.parent / "scenarios"


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_worked_example_3_prints_and_reads_back(db: Database, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    db.engine.dispose()
    _cli(capsys, "import", str(SCENARIOS / "penalty.json"), "--db", url)
    calc = json.loads(_cli(capsys, "penalty", "--account", "0000000013", "--date",
                           "2026-06-30", "--json", "--db", url))
    out = tmp_path / "penalty.pdf"
    said = _cli(capsys, "print", "statement", "--kind", "penalty", "--account", "0000000013",
                "--date", "30.06.2026", "--out", str(out), "--db", url)
    assert said.strip() == f"Расчёт пеней на 30.06.2026: {out}"
    rows = [" ".join(line.replace("\xa0", " ").split())
            for line in pdf_text(out, layout=True).splitlines()]
    text = " ".join(rows)
    assert calc["total"] == 31423
    for expected in ("РАСЧЁТ ПЕНЕЙ", "на 30.06.2026", "сформирован ",
                     "Лицевой счёт 0000000013, плательщик Иванов Иван Петрович",
                     "февраль 2026 10 000,00 15.03.2026 15.04.2026 13.06.2026 60 9,5 1/300 190,00",
                     "14.06.2026 30.06.2026 17 9,5 1/130 124,23",
                     "Всего 10 000,00 314,23",
                     "Итого пени на 30.06.2026: 314,23 ₽ (триста четырнадцать рублей "
                     "23 копейки)"):
        assert expected in text, expected


def test_no_overdue_debt_says_so(db: Database, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    db.engine.dispose()
    _cli(capsys, "import", str(SCENARIOS / "penalty.json"), "--db", url)
    out = tmp_path / "none.pdf"
    _cli(capsys, "print", "statement", "--kind", "penalty", "--account", "0000000013",
         "--date", "01.03.2026", "--out", str(out), "--db", url)
    assert "пени не начисляются" in pdf_text(out)
