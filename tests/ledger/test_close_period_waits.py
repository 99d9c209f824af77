"""`close-period` while a billing run holds the period: it says what it waits for, and gives
up after the stated time with a message, nothing written — or closes once the run is done."""

from __future__ import annotations

import threading
import time

import pytest

from app.billing.run import run_billing
from app.calc.period import Period
from app.cli import main
from app.db import Database
from app.errors import Conflict
from app.ledger.periods import close_period, open_period
from app.rights import SYSTEM
from tests.factories import TestTown, TownFactory


@pytest.fixture
def town(db: Database) -> TestTown:
    town = TownFactory(db).build()
    for flat in ("1", "2", "3"):
        town.account(flat=flat)
    return town


def _open(db: Database) -> Period:
    with db.session() as s:
        return open_period(s)


def test_closing_during_a_run_says_what_it_waits_for_and_gives_up_in_time(
        db: Database, town: TestTown, capsys: pytest.CaptureFixture[str]) -> None:
    job = run_billing(db, SYSTEM, chunk_accounts=1, workers=0)
    next(job), next(job)  # the run holds the period, its first chunk written
    try:
        heard: list[str] = []
        started = time.monotonic()
        with pytest.raises(Conflict) as refused:
            close_period(db, SYSTEM, on_wait=heard.append, wait_seconds=1.5)
        took = time.monotonic() - started
        assert 1.4 <= took < 8, took
        assert len(heard) == 1 and "расчёт начислений" in heard[0] and "1.5 с" in heard[0]
        assert "не закрыт" in refused.value.message and "Ничего не записано" in \
            refused.value.message

        url = db.engine.url.render_as_string(hide_password=False)
        assert main(["--db", url, "close-period", "--wait", "1"]) == 2
        err = capsys.readouterr().err
        assert "Жду их окончания до 1 с" in err and "Ошибка: Период" in err
    finally:
        job.close()
    assert _open(db) == Period(2026, 11)


def test_closing_waits_for_a_run_that_finishes_in_time(db: Database, town: TestTown) -> None:
    job = run_billing(db, SYSTEM, chunk_accounts=1, workers=0)
    next(job), next(job)
    finisher = threading.Timer(1.0, lambda: list(job))
    finisher.start()
    heard: list[str] = []
    summary = close_period(db, SYSTEM, on_wait=heard.append, wait_seconds=20)
    finisher.join()
    assert len(heard) == 1
    assert job.result is not None and job.result.accounts == 3
    assert summary.period == Period(2026, 11) and summary.totals.charged == job.result.total
    assert _open(db) == Period(2026, 12)
