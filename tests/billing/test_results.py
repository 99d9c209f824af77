"""The results view of a billing run: lines by account and service with the stored explanation."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from app.billing.results import (
    NO_BASIS,
    account_charges,
    account_ids_for_numbers,
    charges_for_period,
    periods,
)
from app.billing.run import calculate
from app.calc.period import Period
from app.db import Database
from app.errors import AccessDenied, InvalidInput
from app.rights import Actor, Role
from tests.factories import TownFactory

SPECIALIST = Actor(user_id=None, login="nachisl", full_name="Специалист",
                   roles=frozenset({Role.ACCRUAL}))


def test_lines_pages_totals_and_explanations(db: Database) -> None:
    town = TownFactory(db).build()
    a = town.account(flat="1", residents=2, area="50")
    b = town.account(flat="2", residents=1, area="70")
    run = calculate(db, SPECIALIST)
    first = charges_for_period(db, SPECIALIST, Period(2026, 11), limit=3)
    assert (first.total_rows, first.accounts, first.total_amount) == (4, 2, run.total)
    rest = charges_for_period(db, SPECIALIST, 202611, limit=3, offset=3)
    rows = first.rows + rest.rows
    assert [(r.account_number, r.service_code) for r in rows] == [
        (a.number, "maintenance"), (a.number, "cold_water"),
        (b.number, "maintenance"), (b.number, "cold_water")]
    upkeep, water = rows[0], rows[1]
    assert upkeep.address == "ул. Ленина, д. 5, кв. 1"
    assert (upkeep.volume, upkeep.tariff, upkeep.amount) == (Decimal(50), Decimal("32.15"), 160750)
    assert upkeep.explanation == "Площадь 50 м² × тариф 32,15 ₽/м² = 1\u00a0607,50\u00a0₽"
    assert water.volume == Decimal("9.49") and "4,745 м³/чел × 2 чел" in water.explanation
    assert water.explanation != NO_BASIS


def test_filter_detail_scope_and_periods(db: Database) -> None:
    town = TownFactory(db).build()
    a = town.account(flat="1")
    town.account(flat="2")
    calculate(db, SPECIALIST)
    page = charges_for_period(db, SPECIALIST, 202611, filter_text=a.number)
    assert {r.account_number for r in page.rows} == {a.number} and page.total_rows == 2
    assert [r.service_code for r in account_charges(db, SPECIALIST, a.number, 202611)] == [
        "maintenance", "cold_water"]
    other_company = Actor(user_id=None, login="x", full_name="x", roles=frozenset({Role.ACCRUAL}),
                          company_ids=frozenset({town.company_id + 1}))
    assert charges_for_period(db, other_company, 202611).total_rows == 0
    nobody = Actor(user_id=None, login="y", full_name="y")
    with pytest.raises(AccessDenied):
        charges_for_period(db, nobody, 202611)
    assert [(p.period, p.closed) for p in periods(db)] == [(Period(2026, 11), False)]
    assert account_ids_for_numbers(db, [a.number]) == (a.id,)
    with pytest.raises(InvalidInput):
        account_ids_for_numbers(db, ["0000000000"])


def test_the_command_line_explains_each_line(sqlite_db: Database,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    town = TownFactory(sqlite_db).build()
    a = town.account(flat="1", residents=2)
    calculate(sqlite_db, SPECIALIST)
    assert main(["charges", "--account", a.number, "--db", sqlite_db.url]) == 0
    out = capsys.readouterr().out
    assert f"ЛС {a.number} — ул. Ленина, д. 5, кв. 1" in out
    assert "Норматив 4,745 м³/чел × 2 чел × тариф 45,20 ₽/м³ = 428,95\u00a0₽" in out
    assert "За ноябрь 2026: строк 2, сумма" in out
    assert main(["charges", "--json", "--period", "2026-11", "--db", sqlite_db.url]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["service_code"], r["amount"]) for r in rows] == [
        ("maintenance", 160750), ("cold_water", 42895)]


def test_why_so_much_names_the_meter_by_its_serial_number(db: Database) -> None:
    """«почему столько» in the results and in the card: the meter the operator can find on the
    wall, «ИПУ №ХВ-4471», never the database's row number."""
    from app.accounts.card import load_card

    town = TownFactory(db).build()
    a = town.account(flat="1", residents=2, area="50")
    meter_id = town.meter(a.id, "cold_water", serial="ХВ-4471",
                          readings={202610: "100", 202611: "107.5"})
    calculate(db, SPECIALIST)
    water = next(r for r in account_charges(db, SPECIALIST, a.number, 202611)
                 if r.service_code == "cold_water")
    assert water.explanation.startswith("Показания ИПУ №ХВ-4471: 107,5 − 100 = 7,5 м³")
    assert f"ИПУ {meter_id}" not in water.explanation
    page = charges_for_period(db, SPECIALIST, 202611, a.number)
    assert any("ИПУ №ХВ-4471" in r.explanation for r in page.rows)
    card = load_card(db, SPECIALIST, a.number)
    assert any((o.explanation or "").startswith("Показания ИПУ №ХВ-4471")
               for o in card.operations)
