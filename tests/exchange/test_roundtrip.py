"""Export → import into an empty database → identical balances, and `verify` finds nothing.

The demo town (with its calculated history and the open period calculated) is generated into a
SQLite file, exported, imported into the `db` fixture (SQLite or PostgreSQL), exported again from
there and imported into a third, SQLite, database: all three must hold the same ledger.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import models as M
from app.billing.history import calculate_history
from app.billing.run import calculate
from app.db import Database
from app.demo import generate
from app.exchange.exporter import export_all
from app.exchange.importer import import_path
from app.ledger.balances import fold
from app.ledger.snapshots import verify
from app.rights import SYSTEM

Key = tuple[str, str, str, int]  # account number, service code, supplier INN, period


def balances(db: Database) -> dict[Key, tuple[int, ...]]:
    with db.session() as s:
        numbers = {i: n for i, n in s.execute(select(M.Account.id, M.Account.number))}
        codes = {i: c for i, c in s.execute(select(M.Service.id, M.Service.code))}
        inns = {i: f"{inn}/{kpp}" for i, inn, kpp in s.execute(
            select(M.Organization.id, M.Organization.inn, M.Organization.kpp))}
        rows = s.execute(
            select(M.Operation.account_id, M.Operation.service_id, M.Operation.supplier_id,
                   M.Operation.period, M.Operation.kind, func.sum(M.Operation.amount))
            .group_by(M.Operation.account_id, M.Operation.service_id,
                      M.Operation.supplier_id, M.Operation.period, M.Operation.kind)).all()
    return {
        (numbers[b.account_id], codes[b.service_id], inns.get(b.supplier_id, ""), b.period):
            (b.opening, b.charged, b.recalculated, b.penalty, b.paid, b.corrected, b.closing)
        for b in fold(rows)
    }


def fresh_sqlite(template: Path, path: Path) -> Database:
    shutil.copy(template, path)
    return Database(f"sqlite:///{path}")


def counts(db: Database) -> tuple[int, ...]:
    with db.session() as s:
        return tuple(int(s.scalar(select(func.count()).select_from(m)) or 0)
                     for m in (M.Account, M.Person, M.Meter, M.Reading, M.Operation,
                               M.BillingPeriod, M.Tariff, M.Registration))


@pytest.mark.slow
def test_demo_town_round_trip(db: Database, tmp_path: Path, sqlite_template: Path) -> None:
    origin = fresh_sqlite(sqlite_template, tmp_path / "origin.db")
    for _ in generate(origin, accounts=40, seed=3, history_calculator=calculate_history):
        pass
    calculate(origin, SYSTEM)  # the open period too
    first = tmp_path / "export1"
    list(export_all(origin, first))
    import_path(db, SYSTEM, first)
    second = tmp_path / "export2"
    list(export_all(db, second))
    copy = fresh_sqlite(sqlite_template, tmp_path / "copy.db")
    import_path(copy, SYSTEM, second)

    expected = balances(origin)
    assert len(expected) > 1000
    assert balances(db) == expected
    assert balances(copy) == expected
    assert counts(db) == counts(origin) == counts(copy)
    for d in (origin, db, copy):
        assert verify(d) == []
    # the two exports are the same files (keys and order are deterministic)
    for f in sorted(first.glob("*.json")):
        if f.name != "persons.json":  # person keys carry database ids
            assert (second / f.name).read_text(encoding="utf-8") == f.read_text(
                encoding="utf-8"), f.name
    origin.engine.dispose()
    copy.engine.dispose()
