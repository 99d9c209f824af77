"""Benchmark of the clerk's wait for a backdated arrival, recalculation included.

    .venv/bin/python bench/triggered.py --accounts 500 [--db sqlite|postgresql] [--pg-url URL]
                                        [--repeat 5]

The demo town with its past periods calculated and closed (October 2026 open). Timed, each
`--repeat` times on different flats, the median printed:
- baseline: an arrival dated in the open period (no closed period touched: the change, the
  search index, nothing else);
- triggered: an arrival dated two months back (August 2026): the change, then the
  recalculation of August and September for the flat's account, posted in October.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from app.billing.history import calculate_history
from app.db import Database
from app.demo import generate
from app.models import Account, Premise
from app.passport.registration import register_arrival
from app.passport.views import ArrivalInput, IdentityInput, Newcomer
from app.rights import SYSTEM
from bench.scratch_db import scratch_pg

PG_DEFAULT = os.environ.get("KVARTAL_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TODAY = date(2026, 10, 20)


def flats(db: Database, n: int) -> list[str]:
    """Accounts of flats with one account each."""
    with db.session() as s:
        premises = (select(Account.premise_id).join(Premise).where(Premise.kind == "flat")
                    .group_by(Account.premise_id).having(func.count() == 1)
                    .order_by(Account.premise_id).limit(n).subquery())
        return list(s.scalars(select(Account.number).where(Account.premise_id.in_(
            select(premises.c.premise_id))).order_by(Account.number)))


def arrive(db: Database, number: str, day: date, i: int) -> float:
    person = IdentityInput(last_name=f"Замеров{i}", first_name="Иван", middle_name="Иванович",
                           birth_date=date(1980, 1, 1), sex="м")
    started = time.perf_counter()
    result = register_arrival(db, SYSTEM, ArrivalInput(number, "permanent", day, (
        Newcomer(identity=person),)), TODAY)
    elapsed = time.perf_counter() - started
    assert result.recalculation.error is None, result.recalculation.error
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--accounts", type=int, default=500)
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--pg-url", default=PG_DEFAULT)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with contextlib.ExitStack() as stack:
        url = (f"sqlite:///{stack.enter_context(tempfile.TemporaryDirectory())}/bench.db"
               if args.db == "sqlite" else
               stack.enter_context(scratch_pg(args.pg_url, "kvartal_bench_triggered")))
        db = Database(url)
        db.upgrade()
        started = time.perf_counter()
        for _ in generate(db, accounts=args.accounts, seed=1,
                          history_calculator=calculate_history):
            pass
        print(f"town: {args.accounts} accounts, {time.perf_counter() - started:.1f} s to build",
              file=sys.stderr)
        numbers = flats(db, 2 * args.repeat)
        base = [arrive(db, n, date(2026, 10, 5), i) for i, n in enumerate(numbers[::2])]
        trig = [arrive(db, n, date(2026, 8, 14), i + 100) for i, n in enumerate(numbers[1::2])]
        b, t = statistics.median(base), statistics.median(trig)
        print(f"BENCH triggered.arrival_two_months_back {t * 1000:.0f} ms")
        print(f"BENCH triggered.arrival_two_months_back.baseline {b * 1000:.0f} ms "
              "(arrival in the open period)")
        print(f"BENCH triggered.ratio {t / b:.2f} x")
        db.engine.dispose()


if __name__ == "__main__":
    main()
