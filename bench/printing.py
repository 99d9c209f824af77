"""Benchmark of mass printing: N payment documents (ЕПД) of the demo town into one PDF.

    .venv/bin/python bench/printing.py --accounts 500
    .venv/bin/python bench/printing.py --db sqlite:///town.db --period 2026-09

The town is the demo generator's (history calculated, so September 2026 has charges), built in
a temporary SQLite file unless `--db` names one. Ours is `app.documents.epd_print.print_epds`
for every account, everything included: selecting and sorting the accounts for delivery, the
bulk reads, composing both codes, drawing (segno's QR, the static part as a form, worker
processes by default) and joining the chunks into one file. The baseline is plain reportlab
drawing the very same documents (already read, not timed) with the same layout and the same
codes in this one process: the static part drawn on every page and the QR by reportlab's own
QR widget. Each measurement runs in a fresh child process so its peak memory is its own
(children's included); ours runs at a quarter, a half and all of the accounts to show whether
memory follows the count.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.calc.period import Period
from app.db import Database


def _cpu_seconds() -> float:
    """CPU time of this process and its reaped children (the workers), user and system."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _account_ids(url: str, limit: int | None) -> list[int]:
    from sqlalchemy import select

    from app.models import Account

    with Database(url).session() as s:
        ids = list(s.scalars(select(Account.id).order_by(Account.id)))
    return ids[:limit] if limit else ids


def _ours(url: str, period_code: int, limit: int | None, workers: int | None, out: str,
          queue: Any) -> None:
    from app.documents.epd_print import EpdFilter, print_epds
    from app.models import Account
    from app.rights import SYSTEM

    db = Database(url)
    numbers: tuple[str, ...] = ()
    if limit:
        from sqlalchemy import select

        with db.session() as s:
            numbers = tuple(s.scalars(select(Account.number).order_by(Account.id).limit(limit)))
    started, cpu = time.perf_counter(), _cpu_seconds()
    steps = print_epds(db, SYSTEM, Period.from_code(period_code),
                       EpdFilter(account_numbers=numbers), Path(out), workers)
    try:
        while True:
            next(steps)
    except StopIteration as stop:
        result = stop.value
    queue.put((result.pages, time.perf_counter() - started, _peak_mib(), _cpu_seconds() - cpu))


def _baseline(url: str, period_code: int, limit: int | None, out: str, queue: Any) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.barcode.qrencoder import QR8bitByte
    from reportlab.graphics.shapes import Drawing

    from app.documents.epd import build_documents
    from app.documents.epd_rows import read_batch
    from app.print.epd import EpdWriter
    from app.print.epd_data import EpdDocument

    def plain_qr(c: Any, data: bytes, x: float, y: float, size: float) -> None:
        widget = QrCodeWidget([QR8bitByte(data)], barLevel="M", barBorder=0)  # the same bytes
        x1, y1, x2, y2 = widget.getBounds()
        drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, c, x, y)

    class PlainWriter(EpdWriter):
        draw_qr = staticmethod(plain_qr)

        def _place_static(self) -> None:
            self._static_content()

    ids = _account_ids(url, limit)
    with Database(url).session() as s:
        docs = [d for d in build_documents(read_batch(s, ids, Period.from_code(period_code)))
                if isinstance(d, EpdDocument)]
    started, cpu = time.perf_counter(), _cpu_seconds()
    writer = PlainWriter(Path(out))
    writer.add_all(docs)
    writer.save()
    queue.put((writer.pages, time.perf_counter() - started, _peak_mib(), _cpu_seconds() - cpu))


def _child(target: Any, *args: Any) -> tuple[int, float, float, float]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result  # type: ignore[no-any-return]


def _demo(url: str, accounts: int) -> None:
    from app.billing.history import calculate_history
    from app.demo import generate

    db = Database(url)
    db.upgrade()
    for _ in generate(db, accounts=accounts, seed=7, history_calculator=calculate_history):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--db", help="an existing demo database (else one is generated)")
    parser.add_argument("--period", default="2026-09")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: one per core from 600 accounts)")
    args = parser.parse_args()
    period = Period.parse(args.period)
    with tempfile.TemporaryDirectory(prefix="kvartal-bench-") as tmp:
        url = args.db
        if not url:
            url = f"sqlite:///{tmp}/town.db"
            started = time.perf_counter()
            ctx = multiprocessing.get_context("spawn")
            proc = ctx.Process(target=_demo, args=(url, args.accounts))
            proc.start()
            proc.join()
            print(f"demo town of {args.accounts} accounts: "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
        n = args.accounts
        for size in (n // 4, n // 2, n):
            pages, seconds, peak, cpu = _child(_ours, url, period.code, size, args.workers,
                                               f"{tmp}/ours{size}.pdf")
            print(f"ours {size} accounts: {pages} pages in {seconds:.2f} s, "
                  f"{cpu / pages * 1000:.1f} ms CPU a page, peak {peak:.0f} MiB", flush=True)
        rate = pages / seconds
        pages_b, seconds_b, peak_b, cpu_b = _child(_baseline, url, period.code, n,
                                                   f"{tmp}/plain.pdf")
        rate_b = pages_b / seconds_b
        size_ours = Path(f"{tmp}/ours{n}.pdf").stat().st_size / pages / 1024
        size_plain = Path(f"{tmp}/plain.pdf").stat().st_size / pages_b / 1024
        print(f"BENCH printing.epd {rate:.1f} pages/s ({pages} pages, "
              f"{cpu / pages * 1000:.1f} ms CPU a page, peak {peak:.0f} MiB, "
              f"{size_ours:.1f} KiB/page)")
        print(f"BENCH printing.epd.baseline {rate_b:.1f} pages/s ({pages_b} pages, "
              f"{cpu_b / pages_b * 1000:.1f} ms CPU a page, peak {peak_b:.0f} MiB, "
              f"{size_plain:.1f} KiB/page)")
        print(f"ratio ours/baseline: {rate / rate_b:.2f}")


if __name__ == "__main__":
    main()
