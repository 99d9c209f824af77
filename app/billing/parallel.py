"""Chunks of a large run calculated in worker processes while the run's process writes.

Each worker opens its own connection (reads only: tariffs, accounts, readings — never the
operations the run is replacing), loads a chunk, calculates it and sends back plain rows; the
run's process deletes and inserts them inside its single transaction, so a cancel or an error
still leaves nothing. `spawn`, not `fork`: the GUI runs billing in a thread, and forking a
threaded process with open database connections is unsafe. Spawned workers re-import the
program's main module, so a script calling the run must guard its entry point with
`if __name__ == "__main__":` (the `kvartal` command does).

By default a run of at least `PARALLEL_FROM` accounts on a machine with several cores uses one
worker per core: the workers load and calculate while this process writes, which on two cores
halves a large run. Smaller runs stay in-process — starting the workers costs about a second.
At most `AHEAD` chunks per worker are calculated ahead of the writing, so memory stays flat
however large the town.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from app.billing.compute import ChunkComputer, ChunkResult, without_gc
from app.billing.loader import PeriodLoader
from app.billing.scope import Scope
from app.calc.period import Period
from app.db import Database
from app.errors import DomainError

PARALLEL_FROM = 20_000  # accounts: below this the workers' start-up outweighs what they save
CHUNK_ACCOUNTS = 5_000  # per task: small enough to keep both cores busy from the start
AHEAD = 2  # chunks per worker calculated ahead of the writing
MAX_WORKERS = 8  # one process writes: beyond this the workers only wait for it

_computer: ChunkComputer | None = None


def usable_workers(requested: int | None, accounts: int) -> int:
    """Worker processes for a run of `accounts`: `requested`, or (None) one per core for a large
    run; never more than the cores this process may use, none on a single core."""
    cpus = _cores()
    if cpus < 2:
        return 0
    if requested is None:
        return min(cpus, MAX_WORKERS) if accounts >= PARALLEL_FROM else 0
    return min(requested, cpus)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _init(url: str, period_code: int, scope: Scope) -> None:
    global _computer
    gc.disable()  # a worker only builds rows: no cycles, and full collections cost ~20 %
    db = Database(url)
    session = db.sessions()
    loader = PeriodLoader(session, Period.from_code(period_code), scope, plan=False)
    _computer = ChunkComputer(loader)


def _compute(task: tuple[list[int], int]) -> ChunkResult:
    assert _computer is not None
    return _computer(*task)


def computed_in_workers(url: str, computer: ChunkComputer, scope: Scope,
                        tasks: list[tuple[list[int], int]], workers: int
                        ) -> Iterator[ChunkResult]:
    """Results in task order; leaving the iteration early terminates the workers. The first
    chunk is calculated here while the workers start (importing the program takes them about
    a second), so the writing begins that much sooner.

    A worker that dies (kill -9, the out-of-memory killer) breaks the pool at once — a
    `multiprocessing.Pool` would quietly replace it and wait forever for the chunk it held —
    and the run fails with `WorkerDied`; its caller's transaction rolls back."""
    ctx = multiprocessing.get_context("spawn")
    args = (url, computer.period.code, scope)
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=args)
    try:
        pending: deque[Future[ChunkResult]] = deque()
        todo = iter(tasks[1:])
        for task in todo:
            pending.append(pool.submit(_compute, task))
            if len(pending) >= workers * AHEAD:
                break
        yield without_gc(computer, tasks[0])
        while pending:
            result = pending.popleft().result()
            for task in todo:  # one in, one out: the window stays full, never larger
                pending.append(pool.submit(_compute, task))
                break
            yield result
    except BrokenProcessPool:
        raise WorkerDied(computer.period) from None
    finally:
        _stop(pool)


class WorkerDied(DomainError):
    def __init__(self, period: Period) -> None:
        super().__init__(
            f"Расчёт за {period} прерван, ничего не записано: процесс расчёта аварийно "
            "завершился (его остановили или ему не хватило памяти). Повторите расчёт; если это "
            "повторится, считайте в меньшем числе процессов (--workers 0 — в одном)")


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop at once, leaving no process behind: chunks queued or being calculated are of no
    use once the run stops (finished, cancelled or failed). Python 3.11 has no public
    `terminate_workers` (3.14 adds it), hence the executor's own process table."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    for proc in procs:
        proc.join(10)
        if proc.is_alive():
            proc.kill()
            proc.join()
