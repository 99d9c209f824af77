"""Payment documents drawn in worker processes, a chunk of accounts each, joined in order.

Drawing a page is CPU work in Python, so a large mass print uses one process per core: each
worker opens its own connection, reads what the period's documents share once (services,
organisations, agents, the due day), then for each chunk reads its accounts in bulk, draws them
into a PDF of its own (the static part as a form, once per chunk) and hands back the bytes; this
process joins the chunks to the output file in delivery order as they come
(`app.print.pdf_join`). At most
`AHEAD` chunks per worker are in flight, so memory does not follow the number of pages waiting.
`spawn`, as in billing: the GUI runs this in a thread, and forking a threaded process with open
connections is unsafe.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from multiprocessing.pool import AsyncResult
from typing import Any

from sqlalchemy import event

from app.calc.period import Period
from app.db import Database
from app.documents.epd import Skipped, build_documents
from app.documents.epd_rows import Common, read_batch, read_common
from app.print.epd import EpdWriter

PARALLEL_FROM = 600  # accounts: below this starting the workers costs more than it saves
AHEAD = 2

_db: Database | None = None
_common: Common | None = None

Chunk = tuple[bytes, int, list[Skipped]]  # a PDF, its pages, the accounts it skipped


def usable_workers(requested: int | None, accounts: int) -> int:
    """`requested`, or one per core this process may use for a large print; 0 = in-process."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    if requested is not None:
        return max(0, min(requested, cores))
    return cores if cores >= 2 and accounts >= PARALLEL_FROM else 0


def render_chunk(db: Database, ids: Sequence[int], period: Period,
                 common: Common | None = None) -> Chunk:
    """One chunk's documents into a PDF of their own, in the order of `ids`. `common`: what the
    period's documents share, read once by the caller (else read here)."""
    with db.session() as s:
        batch = read_batch(s, ids, period, common)
    order = {account_id: i for i, account_id in enumerate(ids)}
    batch.accounts.sort(key=lambda a: order[a.account_id])
    out = io.BytesIO()
    writer = EpdWriter(out)
    skipped = []
    for doc in build_documents(batch):
        if isinstance(doc, Skipped):
            skipped.append(doc)
        else:
            writer.add(doc)
    if writer.pages:
        writer.save()
    return out.getvalue(), writer.pages, skipped


def read_period_common(db: Database, period: Period) -> Common:
    with db.session() as s:
        return read_common(s, period)


WORKER_SQLITE_CACHE_KIB = 4096


def _init(url: str) -> None:
    global _db
    _db = Database(url)
    if _db.engine.dialect.name == "sqlite":
        # a worker reads each chunk's rows once: the 64 MiB page cache every connection gets
        # (app.db) would only fill with pages never read again — memory following the count
        event.listen(_db.engine, "connect", _small_cache)


def _small_cache(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA cache_size=-{WORKER_SQLITE_CACHE_KIB}")
    cur.close()


def _render(task: tuple[list[int], int]) -> Chunk:
    """In a worker: the period's shared data is read by its first chunk and kept."""
    global _common
    assert _db is not None
    ids, period_code = task
    period = Period.from_code(period_code)
    if _common is None or _common.period != period:
        _common = read_period_common(_db, period)
    return render_chunk(_db, ids, period, _common)


def rendered_in_workers(url: str, chunks: list[list[int]], period: Period, workers: int
                        ) -> Iterator[Chunk]:
    """Chunks in order; leaving the iteration early terminates the workers."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init, initargs=(url,)) as pool:
        pending: deque[AsyncResult[Chunk]] = deque()
        todo = iter(chunks)
        for ids in todo:
            pending.append(pool.apply_async(_render, ((ids, period.code),)))
            if len(pending) >= workers * AHEAD:
                break
        while pending:
            result = pending.popleft().get()
            for ids in todo:
                pending.append(pool.apply_async(_render, ((ids, period.code),)))
                break
            yield result
