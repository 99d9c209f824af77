"""Benchmark: the cash desk on a generated town with its billing history.

    .venv/bin/python bench/cashdesk.py --accounts 2000 --db both --payments 300 \\
        --cashiers 8 --seconds 60 --registry-lines 100000

(a) scan → committed payment: the desk code of a random account read (`read_scan`) and paid
    at an open shift (`take_payment`: split, ledger, receipt queued), median and p95 over
    `--payments` on each database; target p95 ≤ 100 ms. Baseline: the bare driver doing the
    least such a payment needs — read the account's ledger sums, insert the payment and its
    operations, commit — in the same run.
(b) `--cashiers` processes on PostgreSQL for `--seconds`, each at its own shift, paying a hot
    set of 20 accounts (every tenth scan read twice): payments/s, p95, and the reconciliation
    (payments counted by the workers = rows = ledger, no key twice): 0 lost, 0 doubled.
(c) a `--registry-lines` bank registry (sber profile) imported with `import_registry`;
    baseline: the csv module parsing the same file plus the driver's bulk insert of the same
    payment and operation rows into twins of those tables; target ≤ 3×.

PostgreSQL: a database `kvartal_bench_cashdesk` on 127.0.0.1:5432 is created and dropped.
"""

from __future__ import annotations

import argparse
import csv
import io
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, select, text

from app.auth.login import create_user
from app.billing.history import calculate_history
from app.calc.period import Period
from app.cashdesk.codes import compose_desk_code
from app.cashdesk.intake import cashier_actor, read_scan
from app.cashdesk.posting import PaymentRequest
from app.cashdesk.registries import import_registry
from app.cashdesk.shifts import open_shift, take_payment
from app.db import Database
from app.demo import generate
from app.models import Account, Operation, Payment
from app.rights import Role
from bench.twin import create_sqlite_twin

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_NAME = "kvartal_bench_cashdesk"
TARGET_MS = 100.0
BILL = Period(2026, 9)  # the last closed period of the demo town: its bills are being paid


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--accounts", type=int, default=2000)
    ap.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--payments", type=int, default=1000)
    ap.add_argument("--cashiers", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--registry-lines", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    targets = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    for target in targets:
        url, cleanup = _database(target)
        try:
            db = Database(url)
            db.upgrade()
            _town(db, args)
            _scan_to_payment(db, target, args)
            if target == "postgresql" and args.cashiers:
                _concurrent(url, args)
            if args.registry_lines:
                _registry(db, target, args)
            db.engine.dispose()
        finally:
            cleanup()
    return 0


def _database(target: str) -> tuple[str, Any]:
    if target == "sqlite":
        tmp = Path(tempfile.mkdtemp(prefix="kvartal_bench_"))
        path = tmp / "cashdesk.db"

        def drop_file() -> None:
            for f in tmp.iterdir():
                f.unlink()
            tmp.rmdir()
        return f"sqlite:///{path}", drop_file
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{PG_NAME}"'))

    def drop_db() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
        admin.dispose()
    return f"{PG_SERVER}/{PG_NAME}", drop_db


def _town(db: Database, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    for _ in generate(db, accounts=args.accounts, seed=args.seed, with_meters=False,
                      history_calculator=calculate_history):
        pass
    print(f"# {db.dialect}: town of {args.accounts} accounts with 11 billed and paid months "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _accounts(db: Database) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(Account.number).where(Account.status == "open")
                              .order_by(Account.id)))


# --- (a) ------------------------------------------------------------------------------------

def _scan_to_payment(db: Database, target: str, args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    numbers = _accounts(db)
    actor = cashier_actor(db, "kassa")
    shift = open_shift(db, actor, "Касса бенчмарка")
    times = []
    for _ in range(args.payments):
        code = compose_desk_code(rng.choice(numbers), BILL, rng.randint(100_00, 5000_00))
        started = time.perf_counter()
        doc = read_scan(db, actor, code)
        take_payment(db, actor, shift.shift_id, PaymentRequest(
            key=f"bench:{uuid.uuid4().hex}", account=doc.account, amount=doc.amount_due,
            period=doc.period, tendered=doc.amount_due))
        times.append((time.perf_counter() - started) * 1000)
    base = _raw_baseline(db, numbers, args.payments, rng)
    med, p95 = statistics.median(times), _pct(times, 0.95)
    print(f"# {target}: scan → committed payment over {args.payments}: median {med:.1f} ms, "
          f"p95 {p95:.1f} ms — target ≤ {TARGET_MS:.0f} ms: "
          f"{'met' if p95 <= TARGET_MS else 'NOT met'}")
    print(f"BENCH cashdesk.scan_to_payment.{target}.median {med:.2f} ms")
    print(f"BENCH cashdesk.scan_to_payment.{target}.median.baseline "
          f"{statistics.median(base):.2f} ms")
    print(f"BENCH cashdesk.scan_to_payment.{target}.p95 {p95:.2f} ms")
    print(f"BENCH cashdesk.scan_to_payment.{target}.p95.baseline {_pct(base, 0.95):.2f} ms")


def _raw_baseline(db: Database, numbers: list[str], n: int, rng: random.Random
                  ) -> list[float]:
    """The bare driver: the account's ledger sums, a payment row, three operations, commit."""
    raw: Any = db.engine.raw_connection()
    sqlite = db.dialect == "sqlite"
    mark = "?" if sqlite else "%s"
    with db.session() as s:
        period = int(s.scalar(select(func.max(Operation.period))) or BILL.code)
        service = int(s.scalar(select(func.min(Operation.service_id))) or 1)
    times = []
    try:
        cur = raw.cursor()
        for _ in range(n):
            number = rng.choice(numbers)
            started = time.perf_counter()
            cur.execute(f"SELECT id FROM account WHERE number = {mark}", (number,))
            acc = cur.fetchone()[0]
            cur.execute(f"SELECT service_id, supplier_id, kind, SUM(amount) FROM operation "
                        f"WHERE account_id = {mark} GROUP BY service_id, supplier_id, kind",
                        (acc,))
            cur.fetchall()
            now = "2026-10-05 10:00:00.000000" if sqlite else "2026-10-05 10:00:00+00"
            cur.execute(
                f"INSERT INTO payment (idempotency_key, account_id, amount, penalty_amount, "
                f"paid_on, channel, status, kind, created_at) VALUES ({mark}, {mark}, 100, 0, "
                f"'2026-10-05', 'cash', 'posted', 'payment', {mark})"
                + ("" if sqlite else " RETURNING id"),
                (f"raw:{uuid.uuid4().hex}", acc, now))
            pid = cur.lastrowid if sqlite else cur.fetchone()[0]
            cur.executemany(
                f"INSERT INTO operation (kind, op_date, period, ref_period, account_id, "
                f"service_id, amount, payment_id, created_at) VALUES ('payment', '2026-10-05', "
                f"{mark}, {mark}, {mark}, {mark}, -33, {mark}, {mark})",
                [(period, BILL.code, acc, service, pid, now)] * 3)
            raw.commit()
            times.append((time.perf_counter() - started) * 1000)
    finally:
        raw.close()
    return times


# --- (b) ------------------------------------------------------------------------------------

def _cashier(url: str, login: str, hot: list[str], seconds: float, seed: int
             ) -> tuple[int, int, list[float]]:
    db = Database(url)
    actor = cashier_actor(db, login)
    shift = open_shift(db, actor, f"Касса {login}")
    rng = random.Random(seed)
    posted = total = 0
    times: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        key = f"{login}:{uuid.uuid4().hex}"
        amount = rng.randint(100_00, 3000_00)
        req = PaymentRequest(key=key, account=rng.choice(hot), amount=amount)
        started = time.perf_counter()
        paid = take_payment(db, actor, shift.shift_id, req)
        times.append((time.perf_counter() - started) * 1000)
        if rng.random() < 0.1:  # read twice by the scanner: must not post again
            again = take_payment(db, actor, shift.shift_id, req)
            assert again.posted.payment_id == paid.posted.payment_id and again.receipt is None
        posted += 1
        total += amount
    db.engine.dispose()
    return posted, total, times


def _concurrent(url: str, args: argparse.Namespace) -> None:
    db = Database(url)
    hot = _accounts(db)[:20]
    logins = [f"bench{i}" for i in range(args.cashiers)]
    for login in logins:
        create_user(db, login, f"Кассир {login}", "bench-pass", [Role.CASHIER.value])
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(Payment)) or 0
        before_sum = int(s.scalar(select(func.coalesce(func.sum(Payment.amount), 0))) or 0)
        ops_before = -int(s.scalar(select(func.coalesce(func.sum(Operation.amount), 0))
                                   .where(Operation.kind == "payment")) or 0)
    started = time.perf_counter()
    with mp.get_context("spawn").Pool(args.cashiers) as pool:
        results = pool.starmap(_cashier, [(url, login, hot, args.seconds, args.seed + i)
                                          for i, login in enumerate(logins)])
    elapsed = time.perf_counter() - started
    count = sum(r[0] for r in results)
    amount = sum(r[1] for r in results)
    times = [t for r in results for t in r[2]]
    with db.session() as s:
        rows = (s.scalar(select(func.count()).select_from(Payment)) or 0) - before
        summed = int(s.scalar(select(func.sum(Payment.amount))) or 0) - before_sum
        ledger = -int(s.scalar(select(func.sum(Operation.amount))
                               .where(Operation.kind == "payment")) or 0) - ops_before
    lost = max(count - rows, 0)
    doubled = max(rows - count, 0)
    ok = rows == count and summed == amount == ledger
    print(f"# postgresql: {args.cashiers} cashiers × {args.seconds:.0f} s on 20 hot accounts: "
          f"{count} payments, {count / elapsed:.1f}/s, p95 {_pct(times, 0.95):.1f} ms; "
          f"reconciled {'yes' if ok else 'NO'} (rows {rows}, ledger {ledger}, sum {summed})")
    print(f"BENCH cashdesk.concurrent.postgresql.payments_per_s {count / elapsed:.1f} 1/s")
    print(f"BENCH cashdesk.concurrent.postgresql.p95 {_pct(times, 0.95):.2f} ms")
    print(f"BENCH cashdesk.concurrent.postgresql.lost {lost} payments")
    print(f"BENCH cashdesk.concurrent.postgresql.doubled {doubled} payments")
    db.engine.dispose()


# --- (c) ------------------------------------------------------------------------------------

def _registry_file(db: Database, path: Path, lines: int, rng: random.Random) -> None:
    numbers = _accounts(db)
    out = []
    total = 0
    for i in range(lines):
        amount = rng.randint(100_00, 6000_00)
        total += amount
        out.append(f"{rng.randint(1, 28):02d}-10-2026;12-00-00;7003;B{i};{rng.choice(numbers)};"
                   f"Плательщик;;092026;{amount // 100}.{amount % 100:02d};")
    out.append(f"={lines};{total // 100}.{total % 100:02d}")
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("cp1251"))


def _registry(db: Database, target: str, args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kvartal_registry_"))
    path = tmp / "sber.txt"
    _registry_file(db, path, args.registry_lines, random.Random(args.seed))
    from app.rights import SYSTEM

    started = time.perf_counter()
    result = import_registry(db, SYSTEM, path, "sber")
    ours = time.perf_counter() - started
    base = _registry_baseline(db, path, result.registry_id)
    path.unlink()
    tmp.rmdir()
    ratio = ours / base if base else float("inf")
    print(f"# {target}: registry of {result.posted} lines imported in {ours:.2f} s; csv + bulk "
          f"insert of the same rows {base:.2f} s: {ratio:.2f}× — target ≤ 3×: "
          f"{'met' if ratio <= 3 else 'NOT met'}")
    print(f"BENCH cashdesk.registry.{target} {ours:.3f} s")
    print(f"BENCH cashdesk.registry.{target}.baseline {base:.3f} s")


def _twins(conn: Any, sqlite: bool) -> None:
    for table in ("payment", "operation"):
        conn.execute(text(f"DROP TABLE IF EXISTS bench_{table}"))
        if sqlite:  # tables rebuilt by a batch migration keep a quoted name in sqlite_master
            create_sqlite_twin(
                lambda query, t: [sql.replace(f'"{t}"', t) for sql in
                                  conn.exec_driver_sql(query, (t,)).scalars().all()],
                conn.exec_driver_sql, table, f"bench_{table}")
        else:  # LIKE copies keys and indexes; the foreign keys are added as the real ones
            conn.execute(text(f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING ALL)"))
            for name, definition in conn.execute(text(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    f"WHERE conrelid = '{table}'::regclass AND contype = 'f'")):
                conn.execute(text(f'ALTER TABLE bench_{table} ADD CONSTRAINT "bench_{name}" '
                                  f"{definition}"))


PAY_COLS = ("idempotency_key, account_id, amount, penalty_amount, paid_on, channel, status, "
            "kind, created_at")
OP_COLS = ("kind, op_date, period, ref_period, account_id, service_id, supplier_id, "
           "company_id, amount, payment_id, cause, created_at")


def _registry_baseline(db: Database, path: Path, registry_id: int) -> float:
    """csv parse of the file, account numbers to ids, then the same payment and operation
    rows inserted by the driver's bulk path into twins of the tables."""
    sqlite = db.dialect == "sqlite"
    with db.engine.begin() as conn:
        _twins(conn, sqlite)
        ops = [tuple(r) for r in conn.execute(text(
            f"SELECT {OP_COLS} FROM operation WHERE payment_id IN "
            f"(SELECT id FROM payment WHERE registry_id = {int(registry_id)})"))]
        ids = dict(conn.execute(select(Account.number, Account.id)).all())
    raw: Any = db.engine.raw_connection()
    try:
        started = time.perf_counter()
        text_data = path.read_bytes().decode("cp1251")
        rows = []
        for cells in csv.reader(io.StringIO(text_data), delimiter=";"):
            if not cells or cells[0].startswith("="):
                continue
            rows.append((f"b:{cells[3]}", ids[cells[4]], int(cells[8].replace(".", "")), 0,
                         "2026-10-05", "bank", "posted", "payment",
                         "2026-10-05 12:00:00" + (".000000" if sqlite else "+00")))
        cur = raw.cursor()
        if sqlite:
            cur.executemany(f"INSERT INTO bench_payment ({PAY_COLS}) VALUES "
                            f"({', '.join('?' * 9)})", rows)
            cur.executemany(f"INSERT INTO bench_operation ({OP_COLS}) VALUES "
                            f"({', '.join('?' * 12)})", ops)
        else:
            pg = raw.driver_connection
            with pg.cursor() as c:
                with c.copy(f"COPY bench_payment ({PAY_COLS}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
                with c.copy(f"COPY bench_operation ({OP_COLS}) FROM STDIN") as copy:
                    for r in ops:
                        copy.write_row(r)
        raw.commit()
        spent = time.perf_counter() - started
    finally:
        raw.close()
    with db.engine.begin() as conn:
        for table in ("operation", "payment"):
            conn.execute(text(f"DROP TABLE IF EXISTS bench_{table}"))
    return spent


if __name__ == "__main__":
    sys.exit(main())
