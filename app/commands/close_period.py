"""`kvartal close-period [YYYY-MM]`: close the open period and open the next one."""

from __future__ import annotations

import argparse

from app.cli_support import add_subcommand, open_db, optional_period


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "close-period", "закрыть расчётный период")
    p.add_argument("period", nargs="?", help="период ГГГГ-ММ (по умолчанию открытый)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from app.ledger.periods import close_period
    from app.rights import SYSTEM

    period = optional_period(args.period)
    db = open_db(args)
    summary = close_period(db, SYSTEM, period)
    for line in summary.totals.lines():
        print(line, file=sys.stderr)
    for warning in summary.warnings:
        print(f"Внимание: {warning}", file=sys.stderr)
    print(f"Открыт период {summary.next_period}", file=sys.stderr)
    print(summary.period)
    return 0
