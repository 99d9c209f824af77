"""Meter test world: a building with three flats, cold and hot water and a two-zone electricity
meter, six months of readings; an accrual specialist who is a real user (entered_by is checked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from app.auth.login import login
from app.calc.period import Period
from app.db import Database
from app.rights import Actor
from tests.factories import TestTown, TownFactory, make_user

NOV = Period(2026, 11)
TODAY = date(2026, 11, 26)
HISTORY = (202605, 202606, 202607, 202608, 202609, 202610)


@dataclass
class MeterWorld:
    db: Database
    town: TestTown
    actor: Actor
    accounts: dict[str, int]  # flat → account id
    numbers: dict[str, str]  # flat → account number
    cold: dict[str, int]  # flat → cold water meter id
    power: int  # flat 1's two-zone electricity meter


def specialist(db: Database, name: str = "oper") -> Actor:
    make_user(db, name, ["accrual"], password="пароль-1")
    return login(db, name, "пароль-1")


@pytest.fixture
def world(db: Database) -> MeterWorld:
    return build_world(db)


def build_world(db: Database) -> MeterWorld:
    town = TownFactory(db).build(street="ул. Ленина", house="5")
    accounts, numbers, cold = {}, {}, {}
    for flat in ("1", "2", "10"):
        acc = town.account(flat=flat, services=("maintenance", "cold_water", "hot_water",
                                                "electricity"))
        accounts[flat], numbers[flat] = acc.id, acc.number
        # 10 m³ a month: 100, 110, … 150 by October
        cold[flat] = town.meter(acc.id, "cold_water", serial=f"ХВ-{flat}",
                                readings={p: str(100 + 10 * i) for i, p in enumerate(HISTORY)})
    power = town.meter(accounts["1"], "electricity", serial="Э-1", zones=2,
                       readings={p: (str(1000 + 100 * i), str(500 + 50 * i))
                                 for i, p in enumerate(HISTORY)})
    return MeterWorld(db, town, specialist(db), accounts, numbers, cold, power)
