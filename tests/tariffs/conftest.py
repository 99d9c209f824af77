"""Shared pieces of the tariff tests: an accrual specialist and a town with prices."""

from __future__ import annotations

import pytest

from app.db import Database
from app.rights import Actor, Role
from tests.factories import TestTown, TownFactory

SPECIALIST = Actor(user_id=None, login="nachisl", full_name="Специалист",
                   roles=frozenset({Role.ACCRUAL}))
VIEWER = Actor(user_id=None, login="view", full_name="Наблюдатель", roles=frozenset({Role.VIEWER}))


@pytest.fixture
def town(db: Database) -> TestTown:
    return TownFactory(db).build()
