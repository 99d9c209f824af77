"""Every scenario file here, through the real chain: `kvartal import` → `kvartal calc` →
`kvartal account N --json`, compared with the file's `expect`; rules whose use cases are not
built yet are checked by feeding the imported rows to the pure engine (`engine` checks)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.db import Database
from app.exchange.scenario import load_scenario, run_engine_checks

HERE = Path(__file__).parent
FILES = sorted(HERE.glob("*.json"))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario(path: Path, db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = load_scenario(path)
    assert scenario.get("expect") or scenario.get("engine"), "a scenario must expect something"
    url = _url(db)
    db.engine.dispose()
    cli(capsys, "import", str(path), "--db", url)
    period = scenario.get("period")
    if period:
        cli(capsys, "calc", "--period", period, "--quiet", "--db", url)
    code = int(period.replace("-", "")) if period else None
    for number, services in scenario.get("expect", {}).items():
        card = json.loads(cli(capsys, "account", number, "--json", "--db", url))
        got = _period_balances(card, code)
        for service, want in services.items():
            columns: dict[str, Any] = want if isinstance(want, dict) else {"charged": want}
            for column, amount in columns.items():
                assert got.get(service, {}).get(column) == amount, (number, service, column)
    for outcome in run_engine_checks(db, scenario):
        assert outcome.ok, (outcome.rule, outcome.expected, outcome.got)


def _period_balances(card: dict[str, Any], period: int | None) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for row in card["balances"]:
        if period is None or row["period"] == period:
            cell = out.setdefault(row["service_code"], {})
            for column in ("charged", "recalculated", "penalty", "paid", "closing"):
                cell[column] = cell.get(column, 0) + row[column]
    return out
