"""Benchmark of the turnover statement (ОСВ) by account: N accounts × M months of ledger.

    .venv/bin/python bench/reports.py --accounts 100000 --months 12 --db both

The town is bench/accruals_town.py's (8 services per account); its ledger is written directly —
M closed months of charges for every account and service, and payments for most accounts
(some late or partial) — because the report reads the ledger, not how it came to be. Timed:

- `reports.<db>.turnover`: `app.reports.turnover.turnover(..., by="account")` over the whole
  range, everything included (the query, labels, address order, the ledger check);
  baseline: the bare aggregate query — the same joins, sums and grouping as one SQL statement
  through the driver's cursor, rows fetched, nothing else;
- `reports.<db>.screen`: that, and then the window's table model filled with it
  (`ReportModel.show`) and a screenful of its cells read as the view paints them — what F5
  costs; the same baseline;
- `reports.<db>.xlsx`: `app.reports.xlsx.write_xlsx` of that table; baseline: openpyxl in
  write-only mode appending the same rows as plain values, no styles.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text

from app.calc.period import Period
from app.db import Database
from bench.accruals import PG_DEFAULT, pg_database, prepare

FIRST = Period(2025, 10)

BARE_SQL = """
SELECT a.number, a.payer_name, b.street, b.house, p.number, p.kind,
  SUM(CASE WHEN o.period < :lo THEN o.amount
           WHEN o.kind = 'opening_balance' THEN o.amount ELSE 0 END),
  SUM(CASE WHEN o.period >= :lo AND o.kind = 'charge' THEN o.amount ELSE 0 END),
  SUM(CASE WHEN o.period >= :lo AND o.kind = 'recalculation' THEN o.amount ELSE 0 END),
  SUM(CASE WHEN o.period >= :lo AND o.kind = 'penalty' THEN o.amount ELSE 0 END),
  -SUM(CASE WHEN o.period >= :lo AND o.kind = 'payment' THEN o.amount ELSE 0 END),
  SUM(CASE WHEN o.period >= :lo AND o.kind IN ('correction', 'balance_transfer')
           THEN o.amount ELSE 0 END)
FROM operation o
JOIN account a ON a.id = o.account_id
JOIN premise p ON p.id = a.premise_id
JOIN building b ON b.id = p.building_id
WHERE o.period <= :hi
GROUP BY a.number, a.payer_name, b.street, b.house, p.number, p.kind
"""


def write_ledger(url: str, months: int, seed: int) -> int:
    """M closed months of charges and payments for every account and service of the town."""
    rng = random.Random(seed)
    db = Database(url)
    periods = [FIRST.shift(i) for i in range(months)]
    written = 0
    with db.engine.begin() as conn:
        accounts = conn.execute(text(
            "SELECT account_id, service_id, supplier_id FROM account_service "
            "ORDER BY account_id, service_id")).all()
        company = conn.execute(text("SELECT company_id FROM building LIMIT 1")).scalar()
        for p in periods:
            conn.execute(text("DELETE FROM billing_period WHERE code = :c"), {"c": p.code})
            conn.execute(text("INSERT INTO billing_period (code, status) VALUES (:c, 'closed')"),
                         {"c": p.code})
        raw: Any = conn.connection.driver_connection
        sqlite = db.dialect == "sqlite"
        stamp = "2026-10-01 00:00:00.000000" if sqlite else "2026-10-01 00:00:00+00"
        cols = ("kind, op_date, period, account_id, service_id, supplier_id, company_id, amount, "
                "created_at")
        debtor = {a for a, _s, _u in accounts if rng.randrange(20) == 0}
        for p in periods:
            rows = []
            day = p.first_day.isoformat()
            paid_on = p.next().first_day.replace(day=rng.randint(5, 25)).isoformat()
            for account, service, supplier in accounts:
                amount = rng.randint(5_000, 250_000)
                rows.append(("charge", day, p.code, account, service, supplier, company, amount,
                             stamp))
                if account in debtor:
                    continue
                share = amount if rng.randrange(10) else amount // 2
                rows.append(("payment", paid_on, p.next().code if p != periods[-1] else p.code,
                             account, service, supplier, company, -share, stamp))
            if sqlite:
                raw.executemany(f"INSERT INTO operation ({cols}) VALUES (?,?,?,?,?,?,?,?,?)", rows)
            else:
                with raw.cursor() as cur, cur.copy(f"COPY operation ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            written += len(rows)
    db.refresh_statistics()
    db.engine.dispose()
    return written


def time_report(url: str, last: Period) -> tuple[float, Any]:
    from app.reports.filters import ReportFilter
    from app.reports.turnover import turnover
    from app.rights import SYSTEM

    db = Database(url)
    started = time.perf_counter()
    table = turnover(db, SYSTEM, ReportFilter(FIRST, last), "account")
    elapsed = time.perf_counter() - started
    db.engine.dispose()
    return elapsed, table


def time_bare_query(url: str, last: Period) -> tuple[float, int]:
    engine = create_engine(url)
    started = time.perf_counter()
    with engine.connect() as conn:
        rows = conn.execute(text(BARE_SQL), {"lo": FIRST.code, "hi": last.code}).all()
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, len(rows)


def time_screen(table: Any) -> float:
    """The window's model filled with the report, and a screenful of cells read (offscreen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.ui.workspaces.reports.page import ReportModel

    _app = QApplication.instance() or QApplication([])
    model = ReportModel([])
    started = time.perf_counter()
    model.show(table)
    for r in [*range(40), model.rowCount() - 1]:
        for c in range(model.columnCount()):
            model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
    return time.perf_counter() - started


def time_xlsx(table: Any, workdir: Path) -> tuple[float, float]:
    from openpyxl import Workbook

    from app.reports.xlsx import write_xlsx

    started = time.perf_counter()
    write_xlsx(table, workdir / "ours.xlsx")
    ours = time.perf_counter() - started

    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("bare")
    ws.append([c.title for c in table.columns])
    money = [c.kind == "money" for c in table.columns]
    for row in table.rows:
        ws.append([Decimal(v).scaleb(-2) if m else v for v, m in zip(row, money, strict=True)])
    wb.save(workdir / "bare.xlsx")
    bare = time.perf_counter() - started
    return ours, bare


def bench(kind: str, accounts: int, months: int, seed: int, pg_url: str, workdir: Path) -> None:
    name = f"kvartal_bench_reports_{accounts}"
    url = (f"sqlite:///{workdir / f'{name}.db'}" if kind == "sqlite"
           else pg_database(pg_url, name))
    gen = prepare(url, accounts, seed)
    started = time.perf_counter()
    rows = write_ledger(url, months, seed)
    print(f"{kind}: town of {accounts} accounts in {gen:.1f} s, ledger of {rows} operations "
          f"over {months} months in {time.perf_counter() - started:.1f} s", flush=True)
    last = FIRST.shift(months - 1)
    base_query, n = time_bare_query(url, last)
    ours_query, table = time_report(url, last)
    assert len(table.rows) == n, (len(table.rows), n)
    ours_screen = ours_query + time_screen(table)
    ours_xlsx, base_xlsx = time_xlsx(table, workdir)
    print(f"{kind}: turnover by account {ours_query:.2f} s for {n} rows; bare aggregate query "
          f"{base_query:.2f} s; ratio {ours_query / base_query:.2f}×")
    print(f"{kind}: to the screen model {ours_screen:.2f} s; ratio "
          f"{ours_screen / base_query:.2f}×")
    print(f"{kind}: XLSX {ours_xlsx:.2f} s; openpyxl write-only of the same rows "
          f"{base_xlsx:.2f} s; ratio {ours_xlsx / base_xlsx:.2f}×")
    tag = f"reports.{kind}.{accounts}x{months}"
    print(f"BENCH {tag}.turnover {ours_query:.3f} s")
    print(f"BENCH {tag}.turnover.baseline {base_query:.3f} s")
    print(f"BENCH {tag}.screen {ours_screen:.3f} s")
    print(f"BENCH {tag}.screen.baseline {base_query:.3f} s")
    print(f"BENCH {tag}.xlsx {ours_xlsx:.3f} s")
    print(f"BENCH {tag}.xlsx.baseline {base_xlsx:.3f} s")
    if kind == "postgresql":
        admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--accounts", type=int, default=10_000)
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="sqlite")
    ap.add_argument("--pg-url", default=PG_DEFAULT)
    args = ap.parse_args()
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    with tempfile.TemporaryDirectory(prefix="kvartal-bench-") as tmp:
        for kind in kinds:
            bench(kind, args.accounts, args.months, args.seed, args.pg_url, Path(tmp))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
