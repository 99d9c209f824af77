"""A town with two billed months: November 2026 closed, December 2026 open and billed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.billing.run import calculate
from app.db import Database
from app.ledger.periods import close_period
from app.rights import SYSTEM, Actor, Role
from tests.factories import TestTown, TownFactory, make_user


@dataclass
class DeskTown:
    __test__ = False

    town: TestTown
    number: str  # a billed account
    account_id: int
    cashier: Actor
    other_number: str


def make_desk_town(db: Database) -> DeskTown:
    town = TownFactory(db).build()
    a = town.account(flat="1", area="50", residents=2,
                     services=("maintenance", "cold_water", "waste"))
    b = town.account(flat="2", area="40", residents=1)
    calculate(db, SYSTEM)  # 2026-11
    close_period(db, SYSTEM)
    calculate(db, SYSTEM)  # 2026-12, open
    uid = make_user(db, "kassa", [Role.CASHIER.value])
    cashier = Actor(user_id=uid, login="kassa", full_name="Кассир Касса",
                    roles=frozenset({Role.CASHIER.value}))
    return DeskTown(town, a.number, a.id, cashier, b.number)


@pytest.fixture
def desk(db: Database) -> DeskTown:
    return make_desk_town(db)
