"""The debtor tests' town as a fixture (tests/debtors/world.py builds it)."""

from __future__ import annotations

import pytest

from app.db import Database
from tests.debtors.world import build_town
from tests.factories import TestTown


@pytest.fixture
def town(db: Database) -> TestTown:
    return build_town(db)
