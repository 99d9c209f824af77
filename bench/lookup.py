"""Benchmark: account lookup as you type on a generated town (default 1,000,000 accounts).

    .venv/bin/python bench/lookup.py --accounts 20000 --db both
    .venv/bin/python bench/lookup.py --db sqlite --reuse /tmp/town.db     # keep and reuse a town

Three kinds of typed text, `--lookups` random ones each, drawn from existing accounts:
    number   the first 4–10 digits of an account number
    surname  the first 3+ letters of a payer's surname ("Иван" of "Иванова")
    address  street word (its first 4+ letters), house and flat: "Ленина 5 12"
For each it times the use case `app.accounts.lookup.lookup()` (parsing, SQLAlchemy, mapping to
AccountHit) and, as the baseline, the very same SQL statements with the same parameters on the
bare DBAPI cursor (sqlite3 / psycopg, no SQLAlchemy), measured in the same run. Target: p95 ≤ 50 ms
for every kind on both databases.

PostgreSQL: a database `kvartal_bench` on 127.0.0.1:5432 (user postgres) is created and dropped
at the end unless --keep.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app.accounts.lookup import lookup, lookup_statements
from app.accounts.text import street_words
from app.db import Database
from app.models import Account, Building, Premise
from app.rights import SYSTEM

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_NAME = "kvartal_bench"
KINDS = ("number", "surname", "address")
TARGET_MS = 50.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--accounts", type=int, default=1_000_000)
    ap.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--lookups", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=50, help="hits per lookup (as the UI asks)")
    ap.add_argument("--reuse", help="an existing town: SQLite path or PostgreSQL URL "
                                    "(generated there first if it is empty)")
    ap.add_argument("--keep", action="store_true", help="keep the generated database")
    args = ap.parse_args(argv)
    targets = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results: dict[tuple[str, str], dict[str, float]] = {}
    for target in targets:
        results.update(run_one(target, args))
    worst = max(r["p95"] for r in results.values())
    print(f"# worst p95 {worst:.2f} ms — target ≤ {TARGET_MS:.0f} ms: "
          f"{'met' if worst <= TARGET_MS else 'NOT met'}")
    print()
    for (kind, target), r in results.items():
        for stat in ("median", "p95"):
            print(f"BENCH lookup.{kind}.{target}.{stat} {r[stat]:.2f} ms")
            print(f"BENCH lookup.{kind}.{target}.{stat}.baseline {r[stat + '_base']:.2f} ms")
    return 0


# --- one database --------------------------------------------------------------------------

def run_one(target: str, args: argparse.Namespace) -> dict[tuple[str, str], dict[str, float]]:
    url, cleanup = _database(target, args)
    db = Database(url)
    try:
        db.upgrade()
        _ensure_town(db, args)
        samples = _samples(db, args.lookups, random.Random(args.seed))
        raw = _raw_runner(db)
        out = {}
        for kind in KINDS:
            out[(kind, target)] = _measure(db, raw, kind, samples[kind], args.limit)
        return out
    finally:
        db.engine.dispose()
        cleanup()


def _database(target: str, args: argparse.Namespace) -> tuple[str, Callable[[], None]]:
    if target == "sqlite":
        if args.reuse and not args.reuse.startswith("postgresql"):
            return f"sqlite:///{args.reuse}", lambda: None
        tmp = Path(tempfile.mkdtemp(prefix="kvartal_bench_"))
        path = tmp / f"lookup_{args.accounts}.db"

        def drop_file() -> None:
            if args.keep:
                print(f"# kept {path}", file=sys.stderr)
                return
            for f in tmp.iterdir():
                f.unlink()
            tmp.rmdir()
        return f"sqlite:///{path}", drop_file
    if args.reuse and args.reuse.startswith("postgresql"):
        return args.reuse, lambda: None
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{PG_NAME}"'))

    def drop_db() -> None:
        if args.keep:
            print(f"# kept {PG_SERVER}/{PG_NAME}", file=sys.stderr)
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
        admin.dispose()
    return f"{PG_SERVER}/{PG_NAME}", drop_db


def _ensure_town(db: Database, args: argparse.Namespace) -> None:
    with db.session() as s:
        have = s.scalar(select(func.count()).select_from(Account)) or 0
    if have:
        print(f"# {db.dialect}: reusing {have} accounts", file=sys.stderr)
        return
    from app.demo import generate

    started = time.perf_counter()
    last = ""
    for _done, _total, message in generate(db, accounts=args.accounts, seed=args.seed,
                                           with_meters=False):
        if message != last:
            print(f"# {db.dialect} {time.perf_counter() - started:7.1f} s  {message}",
                  file=sys.stderr)
            last = message
    print(f"# {db.dialect}: town of {args.accounts} accounts generated in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)


def _samples(db: Database, n: int, rng: random.Random
             ) -> dict[str, list[tuple[str, str]]]:
    """(typed text, the account it was drawn from) for random existing accounts."""
    with db.session() as s:
        lo, hi = s.execute(select(func.min(Account.id), func.max(Account.id))).one()
        ids = sorted({rng.randint(lo, hi) for _ in range(n * 3)})
        rows = list(s.execute(
            select(Account.number, Account.payer_name, Building.street, Building.house,
                   Premise.number)
            .join(Premise, Premise.id == Account.premise_id)
            .join(Building, Building.id == Premise.building_id)
            .where(Account.id.in_(ids))
        ).all())
    rng.shuffle(rows)
    rows = rows[:n]
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in KINDS}
    for number, payer, street, house, flat in rows:
        out["number"].append((number[:rng.randint(4, 10)], number))
        surname = payer.split()[0]
        out["surname"].append(
            (surname[:rng.randint(min(3, len(surname)), len(surname))], number))
        word = max((w for w in street_words(street) if not w.isdigit()), key=len, default="")
        word = word[:rng.randint(min(4, len(word)), len(word))] if word else ""
        out["address"].append((f"{word.capitalize()} {house} {flat}".strip(), number))
    return out


# --- timing --------------------------------------------------------------------------------

Raw = Callable[[str, dict[str, Any]], list[Any]]


def _raw_runner(db: Database) -> Raw:
    """Execute a statement on the bare DBAPI connection: sqlite3 or psycopg, no SQLAlchemy."""
    url = make_url(db.url)
    if db.dialect == "sqlite":
        conn = sqlite3.connect(str(url.database))
        conn.execute("PRAGMA cache_size=-65536")

        def run_sqlite(sql: str, params: dict[str, Any]) -> list[Any]:
            return conn.execute(sql, params).fetchall()
        return run_sqlite
    pg = psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database,
                         autocommit=True)
    converted: dict[str, str] = {}

    def run_pg(sql: str, params: dict[str, Any]) -> list[Any]:
        if sql not in converted:
            converted[sql] = re.sub(r":(\w+)", r"%(\1)s", sql)
        with pg.cursor() as cur:
            cur.execute(converted[sql], params)
            return cur.fetchall()
    return run_pg


def _measure(db: Database, raw: Raw, kind: str, texts: list[tuple[str, str]], limit: int
             ) -> dict[str, float]:
    """Times per lookup; `found` counts lookups whose hits include the account the text was
    drawn from (a short number prefix or a common surname has more than `limit` hits)."""
    for t, _ in texts[:20]:  # warm the caches: the operator's database is warm too
        lookup(db, SYSTEM, t, limit)
    use_case: list[float] = []
    bare: list[float] = []
    found = 0
    for t, number in texts:
        statements = lookup_statements(db, SYSTEM, t, limit)
        started = time.perf_counter()
        for sql, params in statements:
            raw(sql, params)
        bare.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        hits = lookup(db, SYSTEM, t, limit)
        use_case.append((time.perf_counter() - started) * 1000)
        found += any(h.number == number for h in hits)
    r = {"median": statistics.median(use_case), "p95": _p95(use_case),
         "median_base": statistics.median(bare), "p95_base": _p95(bare)}
    print(f"{db.dialect:10} {kind:8} lookups {len(texts):4}  found {found:4}  "
          f"median {r['median']:7.2f} ms  p95 {r['p95']:7.2f} ms  |  bare SQL median "
          f"{r['median_base']:7.2f} ms  p95 {r['p95_base']:7.2f} ms  e.g. «{texts[0][0]}»")
    return r


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    sys.exit(main())
