"""Benchmark: `kvartal import` of a large town with a year of history, against the plain-library
baseline measured in the same run (json.load of the same file + the driver's bulk insert of the
same rows: sqlite3 executemany / psycopg COPY, ids assigned in Python, no validation).

    .venv/bin/python bench/exchange.py --accounts 100000 --months 12
    .venv/bin/python bench/exchange.py --accounts 10000 --db postgresql+psycopg://postgres@127.0.0.1/bench

The input is synthetic (deterministic): 100 flats per building, two residents per flat, three
services per account (maintenance by area, cold water by meter, waste by norm), one meter with a
reading per month, an opening balance per service, and each month a charge per service and (in
two months of three) a payment per service, as closed periods; the next period is open.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from app.calc.account_number import make_account_number  # noqa: E402
from app.calc.period import Period  # noqa: E402
from app.db import Database  # noqa: E402

SERVICES = (
    ("maintenance", "Содержание жилого помещения", "м²", "area", None, "32.15"),
    ("cold_water", "Холодное водоснабжение", "м³", "metered", "cold_water", "45.20"),
    ("waste", "Обращение с ТКО", "чел.", "norm", None, "120.30"),
)
COMPANY, SUPPLIER = "7701000001", "7701000002"
FLATS = 100


def _dump(out: Any, name: str, rows: Iterator[dict[str, Any]], first: bool = False) -> int:
    out.write(("" if first else ",\n") + f'"{name}": [')
    n = 0
    for row in rows:
        out.write(("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False))
        n += 1
    out.write("\n]")
    return n


def write_town(path: Path, accounts: int, months: int) -> dict[str, int]:
    last = Period(2026, 10)
    first = last.shift(-(months - 1))
    periods = [first.shift(i) for i in range(months)]
    numbers = [make_account_number(i + 1) for i in range(accounts)]
    buildings = (accounts + FLATS - 1) // FLATS

    def bkey(i: int) -> str:
        return f"ул. Синтетическая {i // FLATS + 1}"

    counts: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "kvartal-exchange", "version": 1,\n')
        counts["organizations"] = _dump(out, "organizations", iter([
            {"kind": "management_company", "name": "ООО «УК Бенч»", "inn": COMPANY},
            {"kind": "supplier", "name": "АО «Ресурс»", "inn": SUPPLIER}]), first=True)
        counts["services"] = _dump(out, "services", (
            {"code": c, "name": n, "unit": u, "method": m, **({"resource": r} if r else {})}
            for c, n, u, m, r, _ in SERVICES))
        counts["buildings"] = _dump(out, "buildings", (
            {"company": COMPANY, "city": "г. Бенч", "street": "ул. Синтетическая",
             "house": str(b + 1), "total_area": "5430", "heating_type": "central_unmetered",
             "heating_mode": "season"} for b in range(buildings)))
        counts["premises"] = _dump(out, "premises", (
            {"building": bkey(i), "number": str(i % FLATS + 1),
             "total_area": f"{40 + i % 30}.{i % 10}"} for i in range(accounts)))
        counts["persons"] = _dump(out, "persons", (
            {"key": f"p{i}", "last_name": "Иванов", "first_name": f"Имя{i % 50}"}
            for i in range(2 * accounts)))
        counts["accounts"] = _dump(out, "accounts", (
            {"number": n, "premise": f"{bkey(i)}-{i % FLATS + 1}", "payer": f"p{2 * i}",
             "payer_name": f"Иванов Имя{2 * i % 50}", "opened_on": "2015-01-01"}
            for i, n in enumerate(numbers)))
        counts["account_services"] = _dump(out, "account_services", (
            {"account": n, "service": c, "supplier": SUPPLIER, "date_from": "2015-01-01"}
            for n in numbers for c, *_ in SERVICES))
        counts["registrations"] = _dump(out, "registrations", (
            {"person": f"p{p}", "premise": f"{bkey(p // 2)}-{p // 2 % FLATS + 1}",
             "date_from": "2015-01-01"} for p in range(2 * accounts)))
        counts["tariffs"] = _dump(out, "tariffs", (
            {"service": c, "value": v, "date_from": "2015-01-01"} for c, *_, v in SERVICES))
        counts["norms"] = _dump(out, "norms", iter([
            {"service": "cold_water", "value": "4.745", "date_from": "2015-01-01"},
            {"service": "waste", "value": "1", "date_from": "2015-01-01"}]))
        counts["meters"] = _dump(out, "meters", (
            {"serial": f"CW{i:08d}", "resource": "cold_water", "service": "cold_water",
             "account": n, "installed_on": "2015-01-01"} for i, n in enumerate(numbers)))
        counts["readings"] = _dump(out, "readings", (
            {"meter": f"CW{i:08d}", "period": str(p), "taken_on": f"{p}-25",
             "value": f"{100 + 4 * m + i % 3}.{i % 1000:03d}"}
            for i in range(accounts) for m, p in enumerate(periods)))
        counts["opening_balances"] = _dump(out, "opening_balances", (
            {"account": n, "service": c, "supplier": SUPPLIER, "period": str(first),
             "amount_kop": 1000 + i % 5000} for i, n in enumerate(numbers) for c, *_ in SERVICES))
        counts["operations"] = _dump(out, "operations", _operations(numbers, periods))
        out.write("\n}\n")
    return counts


def _operations(numbers: list[str], periods: list[Period]) -> Iterator[dict[str, Any]]:
    for i, n in enumerate(numbers):
        for m, p in enumerate(periods):
            ps = str(p)
            for k, (code, *_rest) in enumerate(SERVICES):
                amount = 150_000 + (i * 7 + m * 13 + k * 101) % 50_000
                yield {"kind": "charge", "period": ps, "account": n, "service": code,
                       "supplier": SUPPLIER, "amount_kop": amount}
                if (i + m) % 3:
                    yield {"kind": "payment", "period": ps, "ref_period": ps,
                           "date": f"{ps}-20", "account": n, "service": code,
                           "supplier": SUPPLIER, "amount_kop": -amount}


# --- the baseline: parse, assign ids, bulk insert with the driver ---------------------------

def _q(v: str) -> int:
    return int(Decimal(v) * 1_000_000)


def baseline_rows(doc: dict[str, Any]) -> list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]]:
    """The same rows the import writes, as (table, columns, tuples); ids assigned here."""
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    out: list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]] = []
    orgs = {r["inn"]: i + 1 for i, r in enumerate(doc["organizations"])}
    out.append(("organization", ("id", "kind", "name", "short_name", "inn", "version"),
                [(orgs[r["inn"]], r["kind"], r["name"], r["name"], r["inn"], 1)
                 for r in doc["organizations"]]))
    svc = {r["code"]: i + 1 for i, r in enumerate(doc["services"])}
    out.append(("service", ("id", "code", "name", "unit", "method", "resource", "zones",
                            "penalty_kind", "raising_applies", "absence_applies", "sort_order",
                            "version"),
                [(svc[r["code"]], r["code"], r["name"], r["unit"], r["method"], r.get("resource"),
                  1, "housing", False, False, 0, 1) for r in doc["services"]]))
    bld = {f"{r['street']} {r['house']}": i + 1 for i, r in enumerate(doc["buildings"])}
    out.append(("building", ("id", "company_id", "city", "street", "house", "total_area",
                             "living_area", "common_area", "heating_type", "heating_mode",
                             "version"),
                [(i + 1, orgs[r["company"]], r["city"], r["street"], r["house"],
                  _q(r["total_area"]), 0, 0, r["heating_type"], r["heating_mode"], 1)
                 for i, r in enumerate(doc["buildings"])]))
    prem = {f"{r['building']}-{r['number']}": i + 1 for i, r in enumerate(doc["premises"])}
    out.append(("premise", ("id", "building_id", "number", "kind", "total_area", "version"),
                [(i + 1, bld[r["building"]], r["number"], "flat", _q(r["total_area"]), 1)
                 for i, r in enumerate(doc["premises"])]))
    pers = {r["key"]: i + 1 for i, r in enumerate(doc["persons"])}
    out.append(("person", ("id", "last_name", "first_name", "version"),
                [(i + 1, r["last_name"], r["first_name"], 1)
                 for i, r in enumerate(doc["persons"])]))
    acc = {r["number"]: i + 1 for i, r in enumerate(doc["accounts"])}
    out.append(("account", ("id", "number", "premise_id", "payer_person_id", "payer_name",
                            "status", "opened_on", "version"),
                [(i + 1, r["number"], prem[r["premise"]], pers[r["payer"]], r["payer_name"],
                  "open", r["opened_on"], 1) for i, r in enumerate(doc["accounts"])]))
    out.append(("account_service", ("account_id", "service_id", "supplier_id", "date_from",
                                    "meter_required"),
                [(acc[r["account"]], svc[r["service"]], orgs[r["supplier"]], r["date_from"],
                  False) for r in doc["account_services"]]))
    out.append(("registration", ("person_id", "premise_id", "kind", "date_from"),
                [(pers[r["person"]], prem[r["premise"]], "permanent", r["date_from"])
                 for r in doc["registrations"]]))
    out.append(("tariff", ("service_id", "zone", "value", "date_from", "version"),
                [(svc[r["service"]], 0, _q(r["value"]), r["date_from"], 1)
                 for r in doc["tariffs"]]))
    out.append(("norm", ("service_id", "kind", "value", "date_from", "version"),
                [(svc[r["service"]], "individual", _q(r["value"]), r["date_from"], 1)
                 for r in doc["norms"]]))
    met = {r["serial"]: i + 1 for i, r in enumerate(doc["meters"])}
    out.append(("meter", ("id", "kind", "resource", "service_id", "account_id", "serial",
                          "zones", "digits", "installed_on", "status", "version"),
                [(i + 1, "individual", r["resource"], svc[r["service"]], acc[r["account"]],
                  r["serial"], 1, 5, r["installed_on"], "active", 1)
                 for i, r in enumerate(doc["meters"])]))
    out.append(("reading", ("meter_id", "period", "taken_on", "zone", "value", "kind", "source",
                            "rollover", "entered_at"),
                [(met[r["meter"]], int(r["period"].replace("-", "")), r["taken_on"], 1,
                  _q(r["value"]), "regular", "import", False, now) for r in doc["readings"]]))
    periods = sorted({int(r["period"].replace("-", "")) for r in doc["operations"]})
    out.append(("billing_period", ("code", "status"), [(p, "closed") for p in periods]))
    ops = [("opening_balance", r["period"] + "-01", int(r["period"].replace("-", "")), None,
            acc[r["account"]], svc[r["service"]], orgs[r["supplier"]], r["amount_kop"], now)
           for r in doc["opening_balances"]]
    ops += [(r["kind"], r.get("date") or r["period"] + "-01",
             int(r["period"].replace("-", "")),
             int(r["ref_period"].replace("-", "")) if r.get("ref_period") else None,
             acc[r["account"]], svc[r["service"]], orgs[r["supplier"]], r["amount_kop"], now)
            for r in doc["operations"]]
    out.append(("operation", ("kind", "op_date", "period", "ref_period", "account_id",
                              "service_id", "supplier_id", "amount", "created_at"), ops))
    return out


def run_baseline(path: Path, url: str) -> float:
    started = time.perf_counter()
    with path.open(encoding="utf-8") as f:
        doc = json.load(f)
    tables = baseline_rows(doc)
    del doc
    db = Database(url)
    raw: Any = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        for table, cols, rows in tables:
            if db.dialect == "sqlite":
                sql = (f"INSERT INTO {table} ({', '.join(cols)}) "
                       f"VALUES ({', '.join('?' for _ in cols)})")
                cur.executemany(sql, rows)
            else:
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        raw.commit()
    finally:
        raw.close()
        db.engine.dispose()
    return time.perf_counter() - started


def run_import(path: Path, url: str) -> float:
    from app.exchange.importer import import_path
    from app.rights import SYSTEM

    db = Database(url)
    started = time.perf_counter()
    import_path(db, SYSTEM, path)
    elapsed = time.perf_counter() - started
    db.engine.dispose()
    return elapsed


def in_child(kind: str, path: Path, url: str) -> tuple[float, float]:
    """(seconds, peak resident MB) of one run in a process of its own, so that each peak is
    that run's alone."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", kind, "--path", str(path),
                             "--url", url], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed ({proc.returncode})")
    return float(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def fresh(url: str | None, work: Path, name: str) -> str:
    if url is None:
        target = f"sqlite:///{work / name}.db"
        Database(target).upgrade()
        return target
    db = Database(url)
    db.upgrade()
    from app.models import Base

    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables if t.name != "app_meta")
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.engine.dispose()
    return url


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--accounts", type=int, default=100_000)
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--db", help="PostgreSQL URL (emptied!); default: temporary SQLite files")
    ap.add_argument("--keep", action="store_true", help="keep the generated file and databases")
    ap.add_argument("--child", choices=["import", "baseline"], help=argparse.SUPPRESS)
    ap.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run = run_import if args.child == "import" else run_baseline
        print(run(args.path, args.url))
        return 0
    work = Path(tempfile.mkdtemp(prefix="kvartal-bench-exchange-"))
    try:
        path = work / "town.json"
        t = time.perf_counter()
        counts = write_town(path, args.accounts, args.months)
        size = path.stat().st_size / 1e6
        print(f"input: {path} {size:.0f} MB, {sum(counts.values())} records "
              f"({counts['operations']} operations, {counts['readings']} readings), "
              f"written in {time.perf_counter() - t:.1f} s")
        base, base_mb = in_child("baseline", path, fresh(args.db, work, "baseline"))
        print(f"baseline (json.load + driver bulk insert): {base:.1f} s, peak {base_mb:.0f} MB")
        ours, ours_mb = in_child("import", path, fresh(args.db, work, "import"))
        print(f"kvartal import (validate all + one transaction + snapshots + search index): "
              f"{ours:.1f} s = {ours / base:.2f}× the baseline (target ≤ 3×), "
              f"peak {ours_mb:.0f} MB (target < 1024 MB at 100,000 accounts × 12 months)")
        print(f"BENCH exchange.import {ours:.2f} s")
        print(f"BENCH exchange.import.baseline {base:.2f} s")
        print(f"BENCH exchange.import.peak_rss {ours_mb:.0f} MB")
        print(f"BENCH exchange.import.peak_rss.baseline {base_mb:.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept: {work}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
