"""`kvartal demo`: generate the demo town into an empty database."""

from __future__ import annotations

import argparse
import time

from app.cli_support import DEMO_ACCOUNTS, add_subcommand, demo_db_url, open_db, show_progress


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "demo", "создать демо-город в пустой базе данных")
    p.add_argument("--accounts", type=int, default=DEMO_ACCOUNTS, metavar="N",
                   help=f"число лицевых счетов (по умолчанию {DEMO_ACCOUNTS})")
    p.add_argument("--seed", type=int, default=1, metavar="S",
                   help="зерно генератора: одно зерно — одна и та же база (по умолчанию 1)")
    p.add_argument("--no-meters", dest="meters", action="store_false",
                   help="без приборов учёта и показаний (быстро, для больших баз)")
    p.add_argument("--no-history", dest="history", action="store_false",
                   help="без расчёта прошлых периодов (только открытый период, не рассчитан)")
    p.add_argument("--quiet", action="store_true", help="не показывать ход работы")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.billing.history import calculate_history
    from app.demo import generate

    if not getattr(args, "db", None):
        args.db = demo_db_url()
    db = open_db(args, create=True)
    started = time.perf_counter()
    history = calculate_history if args.history else None
    show_progress(generate(db, accounts=args.accounts, seed=args.seed, with_meters=args.meters,
                           history_calculator=history), quiet=args.quiet)
    elapsed = time.perf_counter() - started
    print(f"Демо-город: {args.accounts} лицевых счетов в {db.url} за {elapsed:.1f} с")
    return 0
