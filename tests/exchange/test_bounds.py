"""Domain bounds at the exchange import (issue 16, item 3): amounts, the ledger's total,
quantities, years, readings — refused with the cell's path, so no sum the ledger holds overflows."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from app import models as M
from app.calc import bounds
from app.db import Database
from app.exchange.importer import import_path, import_source
from app.exchange.templates import write_templates
from app.exchange.validate import Existing, validate
from app.ledger.periods import close_period, period_totals
from app.rights import SYSTEM
from tests.exchange.sample import SUPPLIER, base_doc, source_of
from tests.exchange.test_import import nothing_written, problems_of


def opening(doc: dict[str, Any], amount: int) -> dict[str, Any]:
    doc["opening_balances"] = [{"account": a["number"], "service": "maintenance",
                                "supplier": SUPPLIER, "period": "2026-10", "amount_kop": amount}
                               for a in doc["accounts"]]
    return doc


def test_two_balances_of_int64_max_are_refused_and_the_period_still_closes(db: Database) -> None:
    got = problems_of(db, opening(base_doc(2), 2**63 - 1))
    assert sum("вне допустимых пределов" in p for p in got) == 2
    nothing_written(db)
    # at the bound the ledger sums and closes on both databases
    import_source(db, SYSTEM, source_of(opening(base_doc(2), bounds.MAX_AMOUNT)))
    assert period_totals(db).opening == 2 * bounds.MAX_AMOUNT
    summary = close_period(db, SYSTEM)
    assert summary.totals.closing == 2 * bounds.MAX_AMOUNT


def test_the_ledger_total_stays_far_below_int64() -> None:
    doc = opening(base_doc(2), -bounds.MAX_AMOUNT)
    near_full = Existing(ledger_total=bounds.MAX_LEDGER_TOTAL - bounds.MAX_AMOUNT)
    checked = validate(source_of(doc), near_full)
    assert [p.message for p in checked.problems if "журнала" in p.message]
    assert validate(source_of(doc), Existing()).ok


@pytest.mark.parametrize("path, value, message", [
    ("opening_balances.amount_kop", 10**20, "вне допустимых пределов"),
    ("operations.amount_kop", -(10**20), "вне допустимых пределов"),
    ("premises.total_area", "12345678901234567890", "не больше 12 цифр"),
    ("premises.total_area", "1" * 100, "слишком длинное число"),
    ("buildings.year_built", 10**30, "не больше 2999"),
    ("buildings.year_built", 1, "не может быть меньше 1000"),
    ("buildings.floors", 2**31, "слишком большое число"),
    ("readings.value", "1" + "0" * 30, "не больше 12 цифр"),
    ("meters.digits", 40, "не больше 12"),
    ("accounts.opened_on", "0001-01-01", "вне допустимых пределов"),
    ("readings.period", "9999-12", "от 1900 до 2999"),
])
def test_values_beyond_the_bounds_are_refused_with_their_path(
        db: Database, path: str, value: Any, message: str) -> None:
    entity, field = path.split(".")
    doc = opening(base_doc(1), 100)
    if entity == "operations":
        doc["operations"] = [{"kind": "charge", "period": "2026-09", "service": "maintenance",
                              "account": doc["accounts"][0]["number"], "amount_kop": 1}]
    doc[entity][0][field] = value
    got = problems_of(db, doc)
    assert any(p.startswith(f"{entity}[0].{field}: ") and message in p for p in got), got
    nothing_written(db)


def test_a_spreadsheet_cell_of_1e20_kopecks_is_refused_by_its_cell(
        db: Database, tmp_path: Path) -> None:
    (tpl := tmp_path / "tpl").mkdir()
    write_templates(tpl)
    data = tmp_path / "in"
    data.mkdir()
    for name, rows in base_doc(1).items():
        if name in ("format", "version"):
            continue
        wb = load_workbook(tpl / f"{name}.xlsx")
        ws = wb[name]
        header = [c.value for c in ws[1]]
        for r, rec in enumerate(rows, start=2):
            for k, v in rec.items():
                ws.cell(row=r, column=header.index(k) + 1, value=v)
        wb.save(data / f"{name}.xlsx")
    wb = load_workbook(tpl / "opening_balances.xlsx")
    ws = wb["opening_balances"]
    ws.append([base_doc(1)["accounts"][0]["number"], "maintenance", None, "2026-10", 1e20])
    ws.append([base_doc(1)["accounts"][0]["number"], "cold_water", None,
               datetime(2026, 10, 1), 1e400])
    wb.save(data / "opening_balances.xlsx")
    with pytest.raises(Exception) as err:
        import_path(db, SYSTEM, data)
    text = str(err.value)
    assert "opening_balances.xlsx!E2: сумма 100000000000000000000 коп. вне допустимых" in text
    assert "opening_balances.xlsx!E3" in text
    nothing_written(db)


def test_a_ledger_ending_in_the_last_period_cannot_open_the_next(db: Database) -> None:
    doc = base_doc(1)
    doc["opening_balances"] = [{"account": doc["accounts"][0]["number"],
                                "service": "maintenance", "period": "2999-12", "amount_kop": 5}]
    assert problems_of(db, doc) == [
        "periods: после периода 2999-12 открыть следующий нельзя: годы периодов — до 2999"]
    nothing_written(db)


def test_a_ledger_that_no_longer_sums_takes_no_more_operations(db: Database) -> None:
    """Written before the bounds (two amounts of 2⁶²: SQLite's SUM overflows, PostgreSQL's
    does not): the import says the ledger is past its bound instead of failing."""
    import_source(db, SYSTEM, source_of(opening(base_doc(2), 100)))
    with db.engine.begin() as conn:
        conn.execute(update(M.Operation).values(amount=2**62))
    more = base_doc(3)
    more = {k: v for k, v in more.items() if k in ("format", "version")}
    more["key_rates"] = [{"date_from": "2027-01-01", "rate": "16"}]
    more["operations"] = [{"kind": "correction", "period": "2026-10", "account":
                           base_doc(1)["accounts"][0]["number"], "service": "maintenance",
                           "amount_kop": 1}]
    got = problems_of(db, more)
    assert any("сумма модулей всех операций журнала" in p for p in got), got
