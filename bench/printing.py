"""Benchmark of mass printing: N payment documents (ЕПД) of the demo town into one PDF.

    .venv/bin/python bench/printing.py --accounts 500
    .venv/bin/python bench/printing.py --db sqlite:///town.db --period 2026-09

The town is the demo generator's (history calculated, so September 2026 has charges), built in
a temporary SQLite file unless `--db` names one. Ours is `app.documents.epd_print.print_epds`
for every account, everything included: selecting and sorting the accounts for delivery, the
bulk reads, composing both codes, drawing (segno's QR, the static part as a form, worker
processes by default) and joining the chunks into one file. The baseline is plain reportlab
drawing the very same documents (already read, not timed) with the same layout and the same
codes in one process (see `_baseline`), on up to `--baseline-accounts` of them; the run then
checks that page by page both files carry the same codes (zbarimg) and text (pdftotext). Each
measurement runs in a fresh child process so its peak memory is its own
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


def _numbers(db: Database, limit: int) -> tuple[str, ...]:
    """The first `limit` account numbers (by id): the accounts a run of this size prints."""
    from sqlalchemy import select

    from app.models import Account

    with db.session() as s:
        return tuple(s.scalars(select(Account.number).order_by(Account.id).limit(limit)))


def _ours(url: str, period_code: int, limit: int, workers: int | None, out: str,
          queue: Any) -> None:
    from app.documents.epd_print import EpdFilter, print_epds
    from app.rights import SYSTEM

    db = Database(url)
    numbers = _numbers(db, limit)
    started, cpu = time.perf_counter(), _cpu_seconds()
    steps = print_epds(db, SYSTEM, Period.from_code(period_code),
                       EpdFilter(account_numbers=numbers), Path(out), workers)
    try:
        while True:
            next(steps)
    except StopIteration as stop:
        result = stop.value
    queue.put((result.pages, time.perf_counter() - started, _peak_mib(), _cpu_seconds() - cpu))


def _baseline(url: str, period_code: int, limit: int, sample: int, out: str, queue: Any
              ) -> None:
    """Plain reportlab as its manual shows it, drawing the same layout (the same EpdWriter
    geometry) with the same codes: every string through canvas.drawString and its kin, the
    static part drawn on every page, the QR by segno's own `make_qr` (it picks the best of the
    eight masks, as the standard recommends) drawn as a path of a rectangle per run of dark
    modules, reportlab's default page compression; one process. The documents are read and
    built before the clock starts — ours reads them inside its time."""
    import itertools

    import segno

    from app.documents.epd import build_documents
    from app.documents.epd_rows import read_batch
    from app.print import epd
    from app.print.epd_data import EpdDocument

    def plain_qr(c: Any, data: bytes, x: float, y: float, size: float) -> None:
        code = segno.make_qr(data, mode="byte", error="m", boost_error=False)
        module = size / len(code.matrix)
        path = c.beginPath()
        for r, row in enumerate(code.matrix):
            col = 0
            for dark, run in itertools.groupby(row):
                length = len(list(run))
                if dark:
                    path.rect(x + col * module, y + size - (r + 1) * module,
                              length * module, module)
                col += length
        c.drawPath(path, stroke=0, fill=1)

    class PlainWriter(epd.EpdWriter):
        draw_qr = staticmethod(plain_qr)

        def _place_static(self) -> None:
            self._static_content()

        def _text(self, x: float, y: float, text: str, font: str, size: float,
                  align: int = epd.ALIGN_LEFT) -> None:
            self.c.setFont(font, size)
            draw = {epd.ALIGN_LEFT: self.c.drawString, epd.ALIGN_RIGHT: self.c.drawRightString,
                    epd.ALIGN_CENTRE: self.c.drawCentredString}[align]
            draw(x, y, text)

        def _compress_last_page(self) -> None:
            pass  # reportlab compresses the pages itself when it saves

    from app.documents.epd_print import EpdFilter, delivery_ids
    from app.rights import SYSTEM

    db = Database(url)
    period = Period.from_code(period_code)
    ids = delivery_ids(db, SYSTEM, period, EpdFilter(account_numbers=_numbers(db, limit)))
    with db.session() as s:
        batch = read_batch(s, ids[:sample], period)
    order = {account_id: i for i, account_id in enumerate(ids)}
    batch.accounts.sort(key=lambda a: order[a.account_id])  # as ours: in delivery order
    docs = [d for d in build_documents(batch) if isinstance(d, EpdDocument)]
    started, cpu = time.perf_counter(), _cpu_seconds()
    writer = PlainWriter(Path(out))
    writer.add_all(docs)
    writer.save()
    queue.put((writer.pages, time.perf_counter() - started, _peak_mib(), _cpu_seconds() - cpu))


def _same_pages(ours: Path, plain: Path, pages: list[int]) -> list[str]:
    """Differences between the two files on these pages: the codes zbarimg decodes and the
    text pdftotext reads. Empty when the baseline draws the same documents."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.print.reading import codes_on, page_png, pdf_text

    problems = []
    for page in pages:
        a, b = (codes_on(page_png(f, page, dpi=200)) for f in (ours, plain))
        if a != b or not a["QR-Code"] or not a["CODE-128"]:
            problems.append(f"page {page}: codes {a} ≠ {b}")
        ta, tb = (pdf_text(f, first=page, last=page).split() for f in (ours, plain))
        if ta != tb:
            problems.append(f"page {page}: text differs")
    return problems


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
    parser.add_argument("--baseline-accounts", type=int, default=2000,
                        help="accounts the baseline draws (its rate does not change with the "
                        "count; at 10,000 it alone would take minutes)")
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
            pages, seconds, peak, _cpu = _child(_ours, url, period.code, size, args.workers,
                                               f"{tmp}/ours{size}.pdf")
            print(f"BENCH printing.epd.{size} {pages / seconds:.1f} pages/s ({pages} pages in "
                  f"{seconds:.2f} s, peak {peak:.0f} MiB)", flush=True)
        rate = pages / seconds
        sample = min(n, args.baseline_accounts)
        pages_b, seconds_b, peak_b, cpu_b = _child(_baseline, url, period.code, n, sample,
                                                   f"{tmp}/plain.pdf")
        rate_b = pages_b / seconds_b
        size_ours = Path(f"{tmp}/ours{n}.pdf").stat().st_size / pages / 1024
        size_plain = Path(f"{tmp}/plain.pdf").stat().st_size / pages_b / 1024
        print(f"BENCH printing.epd {rate:.1f} pages/s ({pages} pages, peak {peak:.0f} MiB, "
              f"{size_ours:.1f} KiB/page)")
        print(f"BENCH printing.epd.baseline {rate_b:.1f} pages/s ({pages_b} pages of the same "
              f"accounts, one process, {cpu_b / pages_b * 1000:.1f} ms CPU a page, "
              f"peak {peak_b:.0f} MiB, {size_plain:.1f} KiB/page)")
        print(f"BENCH printing.epd.ratio {rate / rate_b:.2f} ours/baseline")
        if pages_b <= pages:  # the baseline drew the first of ours, in the same order
            check = [1, 2, pages_b]
            problems = _same_pages(Path(f"{tmp}/ours{n}.pdf"), Path(f"{tmp}/plain.pdf"), check)
            print("baseline check, pages " + ", ".join(map(str, check)) + ": "
                  + ("same codes and text" if not problems else "; ".join(problems)))


if __name__ == "__main__":
    main()
