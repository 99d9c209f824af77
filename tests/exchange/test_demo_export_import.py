"""A demo town of a thousand accounts is exported and imported back whole: the generator
writes nothing the import (or the database's CHECK constraints) would refuse. Seed 1 at this
size held a registration ending before it started, which the import refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.db import Database
from app.demo import generate
from app.exchange.exporter import export_all
from app.exchange.importer import import_path
from app.rights import SYSTEM
from tests.exchange.test_roundtrip import counts


@pytest.mark.slow
def test_a_demo_town_of_a_thousand_accounts_round_trips(db: Database, tmp_path: Path,
                                                          sqlite_template: Path) -> None:
    shutil.copy(sqlite_template, tmp_path / "origin.db")
    origin = Database(f"sqlite:///{tmp_path / 'origin.db'}")
    list(generate(origin, accounts=1000, seed=1))
    list(export_all(origin, tmp_path / "export"))
    import_path(db, SYSTEM, tmp_path / "export")
    assert counts(db) == counts(origin)
    origin.engine.dispose()
