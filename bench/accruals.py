"""Benchmark of the billing run: a generated town, the whole run timed, and the plain baseline.

    .venv/bin/python bench/accruals.py --accounts 100000 --db sqlite
    .venv/bin/python bench/accruals.py --accounts 100000 --db postgresql --pg-url postgresql://…

The town is bench/accruals_town.py's (100-flat buildings, 8 services per account, meters and
readings; the demo generator could not build 100,000 accounts at the time of writing), built in
a child process so the peak memory measured here is the billing run's alone. The run is
`app.billing.run.calculate` for the open period, everything included: loading, the engine, the
basis JSON, the bulk insert and the commit (with the run's own choice of worker processes unless
`--workers` says otherwise). The baseline inserts the very same rows (every column, the stored
JSON included) into a twin of the `operation` table — the same primary key, indexes and foreign
keys, which both databases check on every inserted row — with the driver's fastest bulk path:
sqlite3 `executemany` in one transaction, or psycopg `COPY … FROM STDIN`; only the insert and
commit are timed. For reference the same insert into a bare table (no keys, no indexes) is
printed too.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text

from app.db import Database
from bench.twin import create_sqlite_twin

PG_DEFAULT = os.environ.get("KVARTAL_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
COLUMNS = ("kind, op_date, period, ref_period, account_id, service_id, supplier_id, company_id, "
           "amount, run_id, payment_id, cause, basis, user_id, created_at")


def _generate(url: str, accounts: int, seed: int) -> None:
    from bench.accruals_town import generate_town

    db = Database(url)
    db.upgrade()
    generate_town(db, accounts, seed)
    db.engine.dispose()


def prepare(url: str, accounts: int, seed: int) -> float:
    started = time.perf_counter()
    ctx = multiprocessing.get_context("spawn")
    child = ctx.Process(target=_generate, args=(url, accounts, seed))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"generation failed ({child.exitcode})")
    return time.perf_counter() - started


def pg_database(admin_url: str, name: str) -> str:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin.url.set(database=name).render_as_string(hide_password=False)


def run_billing(url: str, workers: int | None) -> tuple[float, Any]:
    from app.billing.run import calculate
    from app.rights import SYSTEM

    db = Database(url)
    started = time.perf_counter()
    result = calculate(db, SYSTEM, on_error="skip", workers=workers)
    elapsed = time.perf_counter() - started
    db.engine.dispose()
    return elapsed, result


def _twin_table(conn: Any, sqlite: bool, bare: bool) -> None:
    """`bench_operation`: with `bare`, the columns alone; else the very definition of
    `operation` — primary key, every index and every foreign key, which the database checks
    on each row the run inserts, so the baseline pays for them too."""
    conn.execute(text("DROP TABLE IF EXISTS bench_operation"))
    if bare:
        conn.execute(text("CREATE TABLE bench_operation AS SELECT * FROM operation WHERE 1 = 0"))
        return
    if sqlite:
        create_sqlite_twin(
            lambda query, table: conn.exec_driver_sql(query, (table,)).scalars().all(),
            conn.exec_driver_sql, "operation", "bench_operation")
        return
    conn.execute(text("CREATE TABLE bench_operation (LIKE operation INCLUDING ALL)"))
    for name, definition in conn.execute(text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'operation'::regclass AND contype = 'f'")):
        conn.execute(text(f'ALTER TABLE bench_operation ADD CONSTRAINT "bench_{name}" '
                          f"{definition}"))


def baseline(url: str, run_id: int, bare: bool = False) -> float:
    """Insert the run's rows again into a twin of `operation` with the driver's bulk path."""
    db = Database(url)
    sqlite = db.dialect == "sqlite"
    with db.engine.begin() as conn:
        _twin_table(conn, sqlite, bare)
    reader = db.engine.raw_connection()
    writer = db.engine.raw_connection()
    spent = 0.0
    try:
        cur = reader.cursor()
        select = COLUMNS if sqlite else COLUMNS.replace("basis", "basis::text")
        cur.execute(f"SELECT {select} FROM operation WHERE run_id = {int(run_id)} ORDER BY id")
        wcur: Any = writer.cursor()
        while True:
            rows = cur.fetchmany(50_000)
            if not rows:
                break
            started = time.perf_counter()
            if sqlite:
                marks = ", ".join("?" * 15)
                wcur.executemany(f"INSERT INTO bench_operation ({COLUMNS}) VALUES ({marks})", rows)
            else:
                raw: Any = writer.driver_connection
                with raw.cursor() as c, c.copy(
                        f"COPY bench_operation ({COLUMNS}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
            spent += time.perf_counter() - started
        started = time.perf_counter()
        writer.commit()
        spent += time.perf_counter() - started
    finally:
        reader.close()
        writer.close()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE bench_operation"))
    db.engine.dispose()
    return spent


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TreeMemory:
    """The peak of this process's RSS plus its live children's (the run's worker processes),
    sampled every 0.2 s from /proc while the run lasts."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_mb = max(self.peak_mb, sum(_rss_kb(p) for p in _tree(os.getpid())) / 1024)


def _tree(pid: int) -> list[int]:
    out = [pid]
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return out
    for kid in kids:
        out.extend(_tree(int(kid)))
    return out


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def bench(kind: str, accounts: int, seed: int, workers: int | None, pg_url: str, workdir: Path
          ) -> None:
    if kind == "sqlite":
        url = f"sqlite:///{workdir / f'accruals_{accounts}.db'}"
    else:
        url = pg_database(pg_url, f"kvartal_bench_accruals_{accounts}")
    gen = prepare(url, accounts, seed)
    print(f"{kind}: town of {accounts} accounts generated in {gen:.1f} s", flush=True)
    with TreeMemory() as memory:
        elapsed, result = run_billing(url, workers)
    base = baseline(url, result.run_id)
    bare = baseline(url, result.run_id, bare=True)
    rss = peak_rss_mb()
    per_account = elapsed / max(result.accounts, 1) * 1e6
    used = "auto" if workers is None else workers
    print(f"{kind}: run (workers: {used}) {elapsed:.2f} s for {result.accounts} accounts, "
          f"{result.lines} lines "
          f"({per_account:.0f} µs/account), skipped {len(result.problems)} problems")
    print(f"{kind}: baseline bulk insert of the same {result.lines} rows into a twin of "
          f"`operation` {base:.2f} s; ratio {elapsed / base:.2f}×; peak RSS {rss:.0f} MB "
          f"(with the workers {memory.peak_mb:.0f} MB)")
    print(f"{kind}: (the same into a bare table without keys and indexes {bare:.2f} s; "
          f"ratio {elapsed / bare:.2f}×)")
    tag = f"accruals.{kind}.{accounts}"
    print(f"BENCH {tag} {elapsed:.2f} s")
    print(f"BENCH {tag}.baseline {base:.2f} s")
    print(f"BENCH {tag}.baseline_bare {bare:.2f} s")
    print(f"BENCH {tag}.rss {max(rss, memory.peak_mb):.0f} MB")
    if kind == "postgresql":
        admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "kvartal_bench_accruals_{accounts}" '
                              "WITH (FORCE)"))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--pg-url", default=PG_DEFAULT, help="administrative PostgreSQL URL")
    parser.add_argument("--seed", type=int, default=1, help="seed of the demo generator")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes calculating chunks (app.billing.parallel; default: "
                             "the run's own choice, one per core for a large run; 0: none)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    with tempfile.TemporaryDirectory(prefix="kvartal-bench-") as tmp:
        workdir = Path(tmp) if not args.keep else Path(tempfile.mkdtemp(prefix="kvartal-"))
        for kind in kinds:
            bench(kind, args.accounts, args.seed, args.workers, args.pg_url, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
