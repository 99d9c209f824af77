"""Benchmark of the reading import: 100 000 readings from XLSX and from CSV.

    .venv/bin/python bench/readings.py --meters 100000

A temporary SQLite database gets `--meters` flats (100 per building), one cold-water meter each
and three months of readings (Core bulk inserts). A controller's file for November is written as
XLSX and as CSV, one reading per meter. Timed, in the same run:
  * baseline: reading the file with the plain library alone — openpyxl `read_only` iterating
    every row's values / `csv.reader` over the decoded text;
  * import: `app.meters.importing.parse_file` + `import_readings` — parse, resolve each meter,
    load previous readings and averages, check every row with the entry rules, insert all
    accepted rows and commit (each format into its own copy of the database).
Target: import ≤ 3 × baseline. For scale, each format also prints the storage floor: the
readings the import accepted, inserted again — already parsed, checked and converted — into a
twin of the `reading` table (same keys, indexes, foreign keys) with one `executemany` and a
commit. That alone is what SQLite needs to keep them, whatever the importer does before; for CSV
it is several times csv.reader's whole time, so the 3 × target cannot be met there.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.calc.account_number import make_account_number
from app.db import Database
from app.meters.importing import RowStatus, import_readings, parse_file
from app.models import Account, BillingPeriod, Building, Meter, Organization, Premise, Reading
from app.rights import SYSTEM
from bench.twin import create_sqlite_twin

HISTORY = (202608, 202609, 202610)
PERIOD = 202611
TODAY = date(2026, 11, 28)
HEADER = ["ID прибора", "Л/с", "Заводской номер", "Зона", "Показание", "Дата снятия", "Период"]


def generate(db: Database, meters: int, seed: int) -> list[list[object]]:
    """The town, and the November file's rows (one per meter)."""
    rng = random.Random(seed)
    stamp = datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    rows: list[list[object]] = []
    with db.engine.begin() as conn:
        conn.execute(Organization.__table__.insert(), [{
            "id": 1, "kind": "management_company", "name": "ООО «УК Бенчмарк»",
            "short_name": "УК Бенчмарк", "inn": "7701000001", "version": 1}])
        conn.execute(BillingPeriod.__table__.insert(), [{"code": PERIOD, "status": "open"}])
        conn.execute(Building.__table__.insert(), [{
            "id": b + 1, "company_id": 1, "city": "г. Бенчмарк",
            "street": f"ул. Счётная-{b // 50 + 1}", "house": str(b % 50 + 1),
            "heating_type": "central_unmetered", "heating_mode": "even", "version": 1,
            "total_area": Decimal(5000), "living_area": Decimal(4500), "common_area": Decimal(500)}
            for b in range((meters + 99) // 100)])
        premises, accounts, meter_rows, readings = [], [], [], []
        for n in range(meters):
            i = n + 1
            premises.append({"id": i, "building_id": n // 100 + 1, "number": str(n % 100 + 1),
                             "kind": "flat", "total_area": Decimal(50), "version": 1})
            number = make_account_number(i)
            accounts.append({"id": i, "number": number, "premise_id": i, "payer_name": f"Ж{n}",
                             "status": "open", "opened_on": date(2020, 1, 1), "version": 1})
            meter_rows.append({"id": i, "kind": "individual", "resource": "cold_water",
                               "account_id": i, "serial": f"ХВ{i:07d}", "zones": 1, "digits": 5,
                               "installed_on": date(2024, 1, 1), "status": "active",
                               "next_verification": date(2030, 1, 1), "version": 1})
            value = rng.randint(0, 50_000)
            for p in HISTORY:
                value += rng.randint(5, 10)
                readings.append({"meter_id": i, "period": p, "zone": 1, "value": Decimal(value),
                                 "taken_on": date(p // 100, p % 100, 25), "kind": "regular",
                                 "source": "operator", "rollover": False, "entered_at": stamp})
            new = Decimal(value + rng.randint(5, 10)) + Decimal(rng.randint(0, 999)) / 1000
            rows.append([i, number, f"ХВ{i:07d}", 1, new, date(2026, 11, 24), "2026-11"])
        for table, data in ((Premise, premises), (Account, accounts), (Meter, meter_rows),
                            (Reading, readings)):
            conn.execute(table.__table__.insert(), data)
    return rows


def write_files(folder: Path, rows: list[list[object]]) -> tuple[Path, Path]:
    from openpyxl import Workbook

    xlsx, csv_path = folder / "readings.xlsx", folder / "readings.csv"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Показания")
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(xlsx)
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(HEADER)
        for r in rows:
            d = r[5]
            assert isinstance(d, date)
            w.writerow([*r[:4], str(r[4]).replace(".", ","), f"{d:%d.%m.%Y}", r[6]])
    return xlsx, csv_path


def baseline_xlsx(path: Path) -> tuple[float, int]:
    from openpyxl import load_workbook

    started = time.perf_counter()
    wb = load_workbook(path, read_only=True, data_only=True)
    n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return time.perf_counter() - started, n


def baseline_csv(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    text = path.read_bytes().decode("utf-8-sig")
    n = sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return time.perf_counter() - started, n


READING_COLUMNS = ("meter_id, period, taken_on, zone, value, kind, source, rollover, "
                   "entered_by_id, entered_at, import_key")


def storage_floor(path: Path) -> float:
    """Seconds to insert this period's readings again into a twin of `reading`, bare driver."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        create_sqlite_twin(
            lambda query, table: [r[0] for r in conn.execute(query, (table,)).fetchall()],
            conn.execute, "reading", "twin_reading")
        conn.commit()
        rows = conn.execute(f"SELECT {READING_COLUMNS} FROM reading WHERE period = ?",
                            (PERIOD,)).fetchall()
        marks = ", ".join("?" * len(READING_COLUMNS.split(", ")))
        started = time.perf_counter()
        conn.executemany(f"INSERT INTO twin_reading ({READING_COLUMNS}) VALUES ({marks})", rows)
        conn.commit()
        return time.perf_counter() - started
    finally:
        conn.close()


def timed_import(url: str, path: Path) -> tuple[float, float, str, int]:
    db = Database(url)
    started = time.perf_counter()
    parsed = parse_file(path)
    parsed_at = time.perf_counter()
    report = import_readings(db, SYSTEM, parsed, today=TODAY, source="controller")
    total = time.perf_counter() - started
    db.engine.dispose()
    return total, parsed_at - started, report.summary(), report.count(RowStatus.ACCEPTED)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--meters", type=int, default=100_000, help="meters = readings in the file")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kvartal-bench-") as tmp:
        folder = Path(tmp)
        template = folder / "template.db"
        db = Database(f"sqlite:///{template}")
        db.upgrade()
        started = time.perf_counter()
        rows = generate(db, args.meters, args.seed)
        db.engine.dispose()
        xlsx, csv_path = write_files(folder, rows)
        mb = (xlsx.stat().st_size / 1e6, csv_path.stat().st_size / 1e6)
        sizes = f"xlsx {mb[0]:.1f} MB, csv {mb[1]:.1f} MB"
        print(f"generated {args.meters} meters, {3 * args.meters} readings and the files in "
              f"{time.perf_counter() - started:.1f} s ({sizes})")
        results = {}
        for name, path, baseline in (("xlsx", xlsx, baseline_xlsx), ("csv", csv_path,
                                                                       baseline_csv)):
            base, n = baseline(path)
            copy = folder / f"{name}.db"
            shutil.copy(template, copy)
            total, parse, summary, accepted = timed_import(f"sqlite:///{copy}", path)
            if accepted != args.meters:
                raise SystemExit(f"{name}: accepted {accepted} of {args.meters}: {summary}")
            floor = storage_floor(copy)
            results[name] = (total, base, floor)
            per_row = (total - parse) / args.meters * 1e6
            print(f"{name}: baseline {base:.2f} s ({n} rows); import {total:.2f} s "
                  f"(parse {parse:.2f} s, check+insert+commit {total - parse:.2f} s "
                  f"= {per_row:.0f} µs/row) = {total / base:.1f} × baseline; {summary}")
            print(f"{name}: storage floor (the accepted rows into a twin of `reading`, bare "
                  f"executemany + commit) {floor:.2f} s = {floor / base:.1f} × baseline")
    for name, (total, base, floor) in results.items():
        print(f"BENCH readings.import_{name} {total:.3f} s")
        print(f"BENCH readings.import_{name}.baseline {base:.3f} s")
        print(f"BENCH readings.import_{name}.storage_floor {floor:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
