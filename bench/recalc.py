"""Benchmark of recalculations and penalties against the monthly accrual run, in one process.

    .venv/bin/python bench/recalc.py --accounts 2000 [--db sqlite|postgresql] [--pg-url URL]

The town is the demo generator's with its past periods calculated, paid by its payers' habits
(on time, late, ahead, long-term debtors: app/demo/payments.py) and closed (11 months), and 13
more months of history before it (copies of the first month's charges) in which three accounts
in four paid each month in full by the 8th of the next month and the fourth paid nothing; so the
ledger holds 24 months of charges and payments. Then, timed:
- baseline: the monthly billing run of the open period (`calculate`), everything included;
- recalc: the maintenance tariff changed from the first day of three months back (a decision
  that came late) and `recalculate` of those three closed periods for every account, posted;
- penalties, first posting: `post_penalties` of the open period for every account, the first
  ever — 24 months of debts and payments read from the ledger, and the state the posting keeps
  for next month (app/penalties/kept.py) built from it;
- then the month is closed (timed: its balance snapshots, and the kept penalty states brought
  through it), the next month is charged as the open one was (a copy of its
  charges: the engine would want the next month's building meter readings), its payments
  arrive, and the monthly posting of penalties is timed: what a month costs once the state is
  kept (the previous month's posting left it).
Targets (#19): recalc ≤ 3× the run, monthly penalties ≤ 1× the run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, text

from app.billing.history import calculate_history
from app.billing.run import calculate
from app.calc.period import Period
from app.db import Database
from app.demo import generate
from app.ledger.periods import close_period
from app.ledger.writer import SharedColumns, insert_charges, stored_forms
from app.models import BillingPeriod, Operation, Service, Tariff
from app.models.enums import OperationKind as K
from app.models.enums import PeriodStatus
from app.penalties.posting import post_penalties
from app.recalc.retro import recalculate
from app.rights import SYSTEM
from bench.scratch_db import scratch_pg

PG_DEFAULT = os.environ.get("KVARTAL_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
FIRST_DEMO = Period(2025, 11)
OPEN = Period(2026, 10)


def build(db: Database, accounts: int) -> None:
    db.upgrade()
    for _ in generate(db, accounts=accounts, seed=1, history_calculator=calculate_history):
        pass
    earlier = [FIRST_DEMO.shift(-i) for i in range(13, 0, -1)]
    with db.sessions() as s, s.begin():
        for p in earlier:
            s.add(BillingPeriod(code=p.code, status=PeriodStatus.CLOSED,
                                closed_at=datetime.now(UTC)))
        s.flush()
        rows = s.execute(select(Operation.account_id, Operation.service_id,
                                Operation.supplier_id, Operation.company_id, Operation.amount)
                         .where(Operation.kind == K.CHARGE.value,
                                Operation.period == FIRST_DEMO.code)).all()
        stamp_now = datetime.now(UTC).replace(tzinfo=None)
        for p in earlier:
            day, stamp = stored_forms(s, p.last_day, stamp_now)
            insert_charges(s, SharedColumns(K.CHARGE.value, day, p.code, p.code, None, None,
                                            stamp), [(*r, None) for r in rows])
        for p in earlier:  # the demo's own months are paid by its payers' habits
            charges = s.execute(select(Operation.account_id, Operation.service_id,
                                       Operation.supplier_id, Operation.company_id,
                                       Operation.amount)
                                .where(Operation.kind == K.CHARGE.value,
                                       Operation.period == p.code)).all()
            paid_on = date(p.next().year, p.next().month, 8)
            day, stamp = stored_forms(s, paid_on, stamp_now)
            insert_charges(s, SharedColumns(K.PAYMENT.value, day, p.next().code, p.code, None,
                                            None, stamp),
                           [(a, svc, sup, comp, -amount, None)
                            for a, svc, sup, comp, amount in charges if a % 4])


def next_month(db: Database, charged: Period, paid_in: Period) -> None:
    """`paid_in` is charged what `charged` was; three accounts in four pay `charged`'s charges
    on the 8th of `paid_in`, as in `build`."""
    with db.sessions() as s, s.begin():
        charges = s.execute(select(Operation.account_id, Operation.service_id,
                                   Operation.supplier_id, Operation.company_id, Operation.amount)
                            .where(Operation.kind == K.CHARGE.value,
                                   Operation.period == charged.code)).all()
        now = datetime.now(UTC).replace(tzinfo=None)
        day, stamp = stored_forms(s, paid_in.last_day, now)
        insert_charges(s, SharedColumns(K.CHARGE.value, day, paid_in.code, paid_in.code, None,
                                        None, stamp), [(*r, None) for r in charges])
        day, stamp = stored_forms(s, date(paid_in.year, paid_in.month, 8), now)
        insert_charges(s, SharedColumns(K.PAYMENT.value, day, paid_in.code, charged.code, None,
                                        None, stamp),
                       [(a, svc, sup, comp, -amount, None)
                        for a, svc, sup, comp, amount in charges if a % 4])


def change_tariff(db: Database, service_code: str, first: Period) -> None:
    """The service's tariffs in force on `first` end the day before; +10 % from `first`."""
    with db.sessions() as s, s.begin():
        sid = s.scalar(select(Service.id).where(Service.code == service_code))
        for t in s.scalars(select(Tariff).where(Tariff.service_id == sid,
                                                Tariff.date_from <= first.first_day)).all():
            if t.date_to is not None and t.date_to < first.first_day:
                continue
            if t.date_from == first.first_day:  # an indexation on that very day: raise it
                t.value = (t.value * Decimal("1.1")).quantize(Decimal("0.01"))
                continue
            s.add(Tariff(service_id=sid, supplier_id=t.supplier_id, building_id=t.building_id,
                         account_list_id=t.account_list_id, zone=t.zone,
                         value=(t.value * Decimal("1.1")).quantize(Decimal("0.01")),
                         date_from=first.first_day, date_to=t.date_to))
            t.date_to = first.prev().last_day


def posted_checksum(db: Database, kinds: str = "'recalculation', 'penalty'") -> str:
    """A digest of the recalculation and penalty rows posted (batch names and stamps left out):
    equal digests before and after a change of the code mean the same rows were posted."""
    import hashlib

    h = hashlib.sha256()
    with db.engine.connect() as c:
        for row in c.execute(text(
                "SELECT kind, period, ref_period, account_id, service_id, supplier_id, "
                f"company_id, amount, basis FROM operation WHERE kind IN ({kinds}) "
                "ORDER BY account_id, kind, ref_period, service_id, supplier_id, amount")):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()[:16]


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    print(f"BENCH {label} {elapsed:.2f} s", flush=True)
    return elapsed, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--accounts", type=int, default=2000)
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--pg-url", default=PG_DEFAULT)
    args = ap.parse_args()
    with contextlib.ExitStack() as stack:
        url = (f"sqlite:///{stack.enter_context(tempfile.TemporaryDirectory())}/bench.db"
               if args.db == "sqlite" else
               stack.enter_context(scratch_pg(args.pg_url, "kvartal_bench_recalc")))
        db = Database(url)
        started = time.perf_counter()
        build(db, args.accounts)
        print(f"town: {args.accounts} accounts, 24 months of history, "
              f"{time.perf_counter() - started:.1f} s to build", file=sys.stderr)
        run, _ = timed("recalc.baseline_run", lambda: calculate(db, SYSTEM, OPEN, workers=0))
        change_tariff(db, "maintenance", OPEN.shift(-3))
        rec, result = timed("recalc.three_months", lambda: recalculate(
            db, SYSTEM, OPEN.shift(-3), OPEN.shift(-1)))
        first, posted = timed("recalc.penalties_first", lambda: post_penalties(db, SYSTEM, OPEN))
        print(f"recalculation lines {len(result.differences)}, total {result.total} kop; "
              f"penalty lines {posted.lines}, total {posted.total} kop", file=sys.stderr)
        timed("recalc.close_period", lambda: close_period(db, SYSTEM))  # brings the states on
        nxt = OPEN.next()
        next_month(db, OPEN, nxt)
        pen, posted = timed("recalc.penalties", lambda: post_penalties(db, SYSTEM, nxt))
        print(f"next month's penalty lines {posted.lines}, total {posted.total} kop",
              file=sys.stderr)
        print(f"posted rows checksum {posted_checksum(db)}", file=sys.stderr)
        recalc_only = posted_checksum(db, "'recalculation'")
        print(f"recalculation rows checksum {recalc_only}", file=sys.stderr)
        print(f"BENCH recalc.three_months.baseline {run:.2f} s")
        print(f"BENCH recalc.penalties.baseline {run:.2f} s")
        print(f"BENCH recalc.three_months.ratio {rec / run:.2f} x (target ≤ 3)")
        print(f"BENCH recalc.penalties.ratio {pen / run:.2f} x (target ≤ 1)")
        print(f"BENCH recalc.penalties_first.ratio {first / run:.2f} x (once, no target)")
        db.engine.dispose()


if __name__ == "__main__":
    main()
