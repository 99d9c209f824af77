"""`kvartal verify`: rebuild the balance snapshots from the ledger and compare (exit 1 on any
difference)."""

from __future__ import annotations

import argparse

from app.cli_support import add_subcommand, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "verify", "сверить снимки остатков с операциями")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.ledger.snapshots import describe, verify

    db = open_db(args)
    diffs = verify(db)
    if not diffs:
        print("Расхождений нет")
        return 0
    print(f"Расхождений: {len(diffs)}")
    for line in describe(db, diffs[:1000]):
        print(f"• {line}")
    if len(diffs) > 1000:
        print(f"… и ещё {len(diffs) - 1000}")
    return 1
