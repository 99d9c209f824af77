"""Whatever happens to a town — billing runs (and re-runs), payments, corrections,
recalculations of closed periods, closings in any order — the ledger, the balances derived
from it and the snapshots of closed periods agree to the kopeck (`kvartal verify` finds
nothing), on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import UTC
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from app.billing.run import calculate
from app.db import Database
from app.ledger.balances import Balance, fold
from app.ledger.periods import close_period, ensure_open, open_period
from app.ledger.snapshots import period_balances, verify
from app.ledger.writer import SharedColumns, insert_charges, stored_forms
from app.models import Operation
from app.models.enums import OperationKind
from app.rights import SYSTEM, Right
from app.usecase import transaction
from tests.conftest import _TABLES
from tests.factories import TestTown, TownFactory

SERVICES = ("maintenance", "cold_water", "sewerage", "waste")
KINDS = {"payment": OperationKind.PAYMENT, "correction": OperationKind.CORRECTION,
         "recalculation": OperationKind.RECALCULATION}

kopecks = st.integers(-300_000, 300_000).filter(bool)
step = st.one_of(
    st.just(("charge", 0, 0, 0)),
    st.just(("close", 0, 0, 0)),
    st.tuples(st.just("payment"), st.integers(0, 2), st.integers(0, 3),
              st.integers(1, 500_000)),
    st.tuples(st.sampled_from(("correction", "recalculation")), st.integers(0, 2),
              st.integers(0, 3), kopecks),
)


def _fresh(db: Database, template: Path, folder: Path) -> Database:
    """Each example starts from an empty database, as each test does (conftest): a copy of
    the migrated template on SQLite, the fixture's emptied tables on PostgreSQL — never row
    deletes, which the append-only audit trail refuses."""
    if db.dialect == "sqlite":
        path = folder / f"example-{len(list(folder.glob('example-*.db')))}.db"
        shutil.copy(template, path)
        return Database(f"sqlite:///{path}")
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {_TABLES} RESTART IDENTITY CASCADE"))
    return db


def _post(db: Database, town: TestTown, what: str, account: int, service: str,
          amount: int) -> None:
    """A payment, correction or recalculation through the ledger's writer, in the open
    period (a recalculation corrects the last closed one, if there is one)."""
    with transaction(db, SYSTEM, Right.CORRECTION) as tx:
        s = tx.session
        p = ensure_open(s, open_period(s))
        ref = p.prev().code if what == "recalculation" and p.code > 202611 else p.code
        day, stamp = stored_forms(s, p.last_day, tx.now.astimezone(UTC).replace(tzinfo=None))
        shared = SharedColumns(KINDS[what].value, day, p.code, ref, None, None, stamp)
        signed = -amount if what == "payment" else amount  # money received lowers the debt
        insert_charges(s, shared, [(account, town.services[service], town.supplier_id,
                                    town.company_id, signed, None)])
        tx.audit(f"test.{what}", "account", account, after={"amount": signed})


def _key(b: Balance) -> tuple[int, ...]:
    return (b.account_id, b.service_id, b.supplier_id, b.opening, b.charged, b.recalculated,
            b.penalty, b.paid, b.corrected, b.closing)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(step, max_size=9))
def test_the_ledger_equals_the_balances_and_the_snapshots(
        db: Database, sqlite_template: Path, tmp_path: Path,
        steps: list[tuple[str, int, int, int]]) -> None:
    db = _fresh(db, sqlite_template, tmp_path)
    try:
        _check(db, steps)
    finally:
        if db.dialect == "sqlite":
            db.engine.dispose()


def _check(db: Database, steps: list[tuple[str, int, int, int]]) -> None:
    town = TownFactory(db).build()
    accounts = [town.account(flat=str(n), residents=n, services=SERVICES).id for n in (1, 2, 3)]
    for what, who, service, amount in steps:
        if what == "charge":
            calculate(db, SYSTEM, workers=0)
        elif what == "close":
            close_period(db, SYSTEM)
        else:
            _post(db, town, what, accounts[who], SERVICES[service], amount)

    assert verify(db) == []  # closed periods: every snapshot as the ledger folds it
    with db.session() as s:
        current = open_period(s)
        rows = s.execute(
            select(Operation.account_id, Operation.service_id, Operation.supplier_id,
                   Operation.period, Operation.kind, func.sum(Operation.amount))
            .group_by(Operation.account_id, Operation.service_id, Operation.supplier_id,
                      Operation.period, Operation.kind)).all()
        ledger = [b for b in fold(rows, through=current.code) if b.period == current.code]
        derived = period_balances(s, current)  # the last snapshots + the open period's moves
        total = s.scalar(select(func.coalesce(func.sum(Operation.amount), 0)))
    assert sorted(map(_key, derived)) == sorted(map(_key, ledger))
    assert sum(b.closing for b in derived) == total  # no kopeck appears or vanishes
