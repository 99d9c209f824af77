"""The account card: every tab's content, personal data by right, balances from the ledger, JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.accounts.card import card_to_json, load_card
from app.db import Database
from app.errors import AccessDenied, DomainError, NotFound
from app.models import Operation
from app.models.enums import OperationKind
from app.rights import SYSTEM, Actor
from tests.factories import TestTown as Town
from tests.factories import TownFactory

TODAY = date(2026, 11, 20)


def _operations(town: Town, account_id: int) -> None:
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    common = {"account_id": account_id, "supplier_id": town.supplier_id,
              "company_id": town.company_id, "created_at": now, "period": 202611}
    with town.db.sessions() as s, s.begin():
        s.add_all([
            Operation(kind=OperationKind.CHARGE, op_date=date(2026, 11, 30), ref_period=202611,
                      service_id=town.services["maintenance"], amount=160_75,
                      basis={"explanation": "50 м² × 32,15 ₽ = 1 607,50 ₽"}, **common),
            Operation(kind=OperationKind.CHARGE, op_date=date(2026, 11, 30), ref_period=202611,
                      service_id=town.services["cold_water"], amount=428_91, basis=None,
                      **common),
            Operation(kind=OperationKind.PAYMENT, op_date=date(2026, 11, 10), ref_period=202610,
                      service_id=town.services["maintenance"], amount=-100_00, **common),
        ])


@pytest.fixture
def town(db: Database) -> Town:
    return TownFactory(db).build()


def test_card_shows_every_tab(db: Database, town: Town) -> None:
    acc = town.account(flat="12", area="50", residents=2, surname="Петрова")
    town.resident(acc.id, date(2021, 1, 1), date(2022, 1, 1), surname="Уехавший")
    town.owner(acc.id, (1, 2))
    town.meter(acc.id, "cold_water", serial="ХВ-1", readings={202609: "10.5", 202610: "12.25"})
    _operations(town, acc.id)

    card = load_card(db, SYSTEM, acc.number, today=TODAY)

    g = card.general
    assert (g.number, g.address, g.city) == (acc.number, "ул. Ленина, д. 5, кв. 12", "г. Тестов")
    assert g.total_area == Decimal("50") and g.account_area == Decimal("50")
    assert g.living_area == Decimal("30")
    assert g.company_name == "ООО «УК Тестовая»"
    assert g.residents_count == 2
    assert [r.full_name.split()[0] for r in card.residents] == ["Петрова", "Петрова", "Уехавший"]
    assert card.residents[-1].date_to == date(2022, 1, 1)
    assert card.residents[0].birth_date == date(1980, 1, 1)  # SYSTEM may see personal data
    assert sorted(o.share for o in card.owners) == ["1/1", "1/2"]
    assert [s.code for s in card.services] == ["maintenance", "cold_water"]
    (meter,) = card.meters
    assert (meter.serial, meter.last_period, meter.last_values) == ("ХВ-1", 202610,
                                                                    (Decimal("12.25"),))
    by_service = {b.service_code: b for b in card.balances if b.period == 202611}
    assert by_service["maintenance"].charged == 160_75
    assert by_service["maintenance"].paid == 100_00
    assert by_service["maintenance"].closing == 60_75
    assert by_service["cold_water"].closing == 428_91
    assert card.debt == 60_75 + 428_91
    assert [o.amount for o in card.operations] == [428_91, 160_75, -100_00]  # newest first
    assert card.operations[1].explanation == "50 м² × 32,15 ₽ = 1 607,50 ₽"
    assert card.operations[0].explanation is None


def test_birth_dates_need_the_personal_data_right(db: Database, town: Town) -> None:
    acc = town.account(residents=1)
    cashier = Actor(user_id=None, login="k", full_name="Кассир", roles=frozenset({"cashier"}))
    card = load_card(db, cashier, acc.number, today=TODAY)
    assert card.residents and all(r.birth_date is None for r in card.residents)
    clerk = Actor(user_id=None, login="p", full_name="Паспортист", roles=frozenset({"passport"}))
    assert load_card(db, clerk, acc.number, today=TODAY).residents[0].birth_date is not None


def test_unknown_and_mistyped_numbers(db: Database, town: Town) -> None:
    town.account()
    with pytest.raises(NotFound, match="Лицевой счёт 0000000013 не найден"):
        load_card(db, SYSTEM, "0000000013")
    with pytest.raises(DomainError, match="контрольная цифра"):
        load_card(db, SYSTEM, "0000000014")
    with pytest.raises(DomainError, match="10 цифр"):
        load_card(db, SYSTEM, "12ab")


def test_card_outside_the_scope_is_refused(db: Database, town: Town) -> None:
    other = town.add_company()
    b = town.add_building("9", company_id=other)
    acc = town.account(building_id=b)
    clerk = Actor(user_id=None, login="v", full_name="В", roles=frozenset({"viewer"}),
                  company_ids=frozenset({town.company_id}))
    with pytest.raises(AccessDenied, match="зону обслуживания"):
        load_card(db, clerk, acc.number)


def test_json_is_plain_and_money_is_kopecks(db: Database, town: Town) -> None:
    acc = town.account(flat="7", area="41.3")
    _operations(town, acc.id)
    data = card_to_json(load_card(db, SYSTEM, acc.number, today=TODAY))
    json.dumps(data)  # nothing but JSON types
    assert data["general"]["number"] == acc.number
    assert data["general"]["total_area"] == "41.3"
    assert data["general"]["opened_on"] == "2020-01-01"
    assert data["debt"] == 60_75 + 428_91
    closing = {b["service_code"]: b["closing"] for b in data["balances"]
               if b["period"] == 202611}
    assert closing == {"maintenance": 60_75, "cold_water": 428_91}
    assert all(isinstance(b["closing"], int) for b in data["balances"])
    assert set(data) == {"general", "residents", "owners", "services", "meters", "balances",
                         "operations", "notes", "debt"}


def test_a_room_of_a_communal_flat_lists_its_own_residents_and_owners(db: Database,
                                                                    town: Town) -> None:
    one, three = town.communal_flat("12", [("14.5", 1), ("20", 3)])
    town.resident(one.id, date(2020, 1, 1), surname="Общий")  # the whole flat
    first = load_card(db, SYSTEM, one.number, today=TODAY)
    second = load_card(db, SYSTEM, three.number, today=TODAY)
    assert first.general.residents_count == 2 and second.general.residents_count == 4
    assert {r.full_name.split()[0] for r in first.residents} == {"Комнатный0", "Общий"}
    assert {r.full_name.split()[0] for r in second.residents} == {"Комнатный1", "Общий"}
    assert [o.name.split()[0] for o in first.owners] == ["Комнатный0"]  # the room's owner
    assert [o.share for o in second.owners] == ["1/2"]
