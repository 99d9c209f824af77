"""`kvartal verify`: rebuild the balance snapshots from the ledger and compare (exit 1 on any
difference)."""

from __future__ import annotations

import argparse

from app.cli_support import add_subcommand, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "verify", "сверить снимки остатков и итоги отчётов с операциями")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.ledger.snapshots import describe, verify
    from app.reports.reconcile import reconcile_reports

    db = open_db(args)
    diffs = verify(db)
    lines = describe(db, diffs[:1000])
    reports = reconcile_reports(db)
    if not diffs and not reports:
        print("Расхождений нет: снимки остатков и итоги отчётов сходятся с операциями")
        return 0
    if diffs:
        print(f"Расхождений снимков с операциями: {len(diffs)}")
        for line in lines:
            print(f"• {line}")
        if len(diffs) > 1000:
            print(f"… и ещё {len(diffs) - 1000}")
    if reports:
        print(f"Расхождений отчётов с остатками: {len(reports)}")
        for line in reports[:1000]:
            print(f"• {line}")
        if len(reports) > 1000:
            print(f"… и ещё {len(reports) - 1000}")
    return 1
