"""Chunks of a large run calculated in worker processes while the run's process writes.

Each worker opens its own connection (reads only: tariffs, accounts, readings — never the
operations the run is replacing), loads a chunk, calculates it and sends back plain rows; the
run's process deletes and inserts them inside its single transaction, so a cancel or an error
still leaves nothing. `spawn`, not `fork`: the GUI runs billing in a thread, and forking a
threaded process with open database connections is unsafe. Spawned workers re-import the
program's main module, so this is opt-in (`workers=`, `kvartal calc --workers N`) and the main
script must guard its entry point with `if __name__ == "__main__":` (the `kvartal` command does).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator
from typing import Any

from app.billing.compute import ChunkComputer, ChunkResult
from app.billing.loader import PeriodLoader
from app.billing.scope import Scope
from app.calc.period import Period
from app.db import Database

_computer: ChunkComputer | None = None


def usable_workers(requested: int) -> int:
    """No more workers than cores; one core gains nothing from them."""
    cpus = os.cpu_count() or 1
    return min(requested, cpus) if cpus > 1 else 0


def _init(url: str, period_code: int, scope: Scope, chunk_accounts: int, run_id: int,
          user_id: int | None, day: Any, stamp: Any) -> None:
    global _computer
    gc.disable()  # a worker only builds rows: no cycles, and full collections cost ~20 %
    db = Database(url)
    session = db.sessions()
    loader = PeriodLoader(session, Period.from_code(period_code), scope, chunk_accounts,
                          plan=False)
    _computer = ChunkComputer(loader, run_id, user_id, day, stamp)


def _compute(task: tuple[list[int], int]) -> ChunkResult:
    assert _computer is not None
    return _computer(*task)


def computed_in_workers(url: str, computer: ChunkComputer, scope: Scope, chunk_accounts: int,
                        tasks: list[tuple[list[int], int]], workers: int
                        ) -> Iterator[ChunkResult]:
    """Results in task order; leaving the iteration early terminates the workers."""
    ctx = multiprocessing.get_context("spawn")
    args = (url, computer.period.code, scope, chunk_accounts, computer.run_id, computer.user_id,
            computer.day, computer.stamp)
    with ctx.Pool(workers, initializer=_init, initargs=args) as pool:
        yield from pool.imap(_compute, tasks)
