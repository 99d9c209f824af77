"""`kvartal calc [--period YYYY-MM] [--building ID] [--company ID] [--accounts N1,N2]
[--skip-errors] [--penalties]`: calculate charges for the open period (or the one named), and
with `--penalties` post the month's penalties in the same transaction."""

from __future__ import annotations

import argparse

from app.cli_support import actor_of, add_subcommand, open_db, optional_period, show_progress


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "calc", "расчёт начислений за период")
    p.add_argument("--period", help="период ГГГГ-ММ (по умолчанию открытый)")
    p.add_argument("--building", type=int, help="только дом с этим кодом")
    p.add_argument("--company", type=int, help="только дома этой управляющей организации")
    p.add_argument("--accounts", help="только эти лицевые счета, через запятую")
    p.add_argument("--skip-errors", action="store_true",
                   help="пропустить счета с ошибками в данных (иначе расчёт не выполняется)")
    p.add_argument("--penalties", action="store_true",
                   help="начислить и пени за месяц (в той же транзакции)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="считать в N процессах (0 — в одном; по умолчанию для больших баз — "
                        "по процессу на ядро)")
    p.add_argument("--quiet", action="store_true", help="без индикатора хода расчёта")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.billing.run import run_billing
    from app.billing.scope import Scope, resolve_account_numbers

    period = optional_period(args.period)
    db = open_db(args)
    account_ids: tuple[int, ...] = ()
    if args.accounts:
        with db.session() as s:
            account_ids = resolve_account_numbers(s, args.accounts.split(","))
    scope = Scope(company_id=args.company, building_id=args.building, account_ids=account_ids)
    job = run_billing(db, actor_of(args), period, scope, "skip" if args.skip_errors else "stop",
                      workers=args.workers, penalties=args.penalties)
    try:
        show_progress(job, quiet=args.quiet)
    finally:
        job.close()
    assert job.result is not None
    print("\n".join(job.result.summary()))
    return 0
