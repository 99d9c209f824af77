"""`kvartal close-period [YYYY-MM]`: close the open period and open the next one."""

from __future__ import annotations

import argparse

from app.cli_support import actor_of, add_subcommand, open_db, optional_period
from app.db import LOCK_WAIT_SECONDS


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "close-period", "закрыть расчётный период")
    p.add_argument("period", nargs="?", help="период ГГГГ-ММ (по умолчанию открытый)")
    p.add_argument("--wait", type=float, default=LOCK_WAIT_SECONDS, metavar="С",
                   help="сколько секунд ждать, пока в периоде идёт расчёт или запись "
                        f"(по умолчанию {LOCK_WAIT_SECONDS})")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from app.ledger.periods import close_period

    period = optional_period(args.period)
    db = open_db(args)
    summary = close_period(db, actor_of(args), period, wait_seconds=max(0.0, args.wait),
                           on_wait=lambda text: print(text, file=sys.stderr))
    for line in summary.totals.lines():
        print(line, file=sys.stderr)
    for warning in summary.warnings:
        print(f"Внимание: {warning}", file=sys.stderr)
    print(f"Открыт период {summary.next_period}", file=sys.stderr)
    print(summary.period)
    return 0
