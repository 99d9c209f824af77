"""A worker process of a billing run that dies (kill -9, the out-of-memory killer) fails the run
at once with a Russian message: nothing is written, no process is left behind, the period is
free again."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading

import pytest
from sqlalchemy import func, select

from app.billing.run import run_billing
from app.db import Database
from app.errors import DomainError
from app.models import BillingRun, Operation
from app.rights import SYSTEM
from tests.factories import TestTown, TownFactory


def _ledger(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Operation)) or 0,
                s.scalar(select(func.count()).select_from(BillingRun)) or 0)


@pytest.fixture
def town(db: Database) -> TestTown:
    town = TownFactory(db).build()
    for house in ("7", "9", "11", "13"):
        bid = town.add_building(house)
        for flat in ("1", "2"):
            town.account(flat=flat, building_id=bid)
    return town


def test_a_killed_worker_fails_the_run_at_once_and_leaves_nothing(
        db: Database, town: TestTown) -> None:
    before = _ledger(db)
    known = {p.pid for p in multiprocessing.active_children()}
    job = run_billing(db, SYSTEM, chunk_accounts=1, workers=2)
    next(job), next(job)  # loading, then the first chunk (calculated here) written
    workers = [p for p in multiprocessing.active_children() if p.pid not in known]
    assert len(workers) == 2
    os.kill(workers[0].pid, signal.SIGKILL)

    outcome: list[BaseException | None] = []

    def finish() -> None:
        try:
            job.run()
            outcome.append(None)
        except BaseException as exc:  # the outcome is what the test checks
            outcome.append(exc)

    rest = threading.Thread(target=finish, daemon=True)
    rest.start()
    rest.join(60)
    assert not rest.is_alive(), "the run hangs on the dead worker"
    error = outcome[0]
    assert isinstance(error, DomainError), repr(error)
    assert "процесс расчёта" in error.message and "ничего не записано" in error.message
    assert _ledger(db) == before
    assert [p for p in multiprocessing.active_children() if p.pid not in known] == []
    for worker in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(worker.pid, 0)  # reaped, not a zombie
    assert run_billing(db, SYSTEM, workers=0).run().accounts == 8  # the period is free
