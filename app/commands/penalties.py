"""`kvartal penalties [--period YYYY-MM] [--building ID] [--company ID] [--accounts N1,N2]`:
post the month's penalties; `kvartal penalty --account N [--date YYYY-MM-DD] [--json]`: print the
penalty calculation of an account on a date (kopecks), posting nothing."""

from __future__ import annotations

import argparse
import json
from datetime import date

from app.cli_support import actor_of, add_subcommand, open_db, optional_period, parse_day


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "penalties", "начислить пени за период (операции по услугам)")
    p.add_argument("--period", help="период ГГГГ-ММ (по умолчанию открытый)")
    p.add_argument("--building", type=int, help="только дом с этим кодом")
    p.add_argument("--company", type=int, help="только дома этой управляющей организации")
    p.add_argument("--accounts", help="только эти лицевые счета, через запятую")
    p.set_defaults(func=post)
    q = add_subcommand(sub, "penalty", "расчёт пеней по лицевому счёту на дату")
    q.add_argument("--account", required=True, help="номер лицевого счёта")
    q.add_argument("--date", help="дата расчёта ГГГГ-ММ-ДД (по умолчанию сегодня)")
    q.add_argument("--json", action="store_true", help="вывести в JSON (суммы в копейках)")
    q.set_defaults(func=show)


def post(args: argparse.Namespace) -> int:
    from app.billing.scope import Scope, resolve_account_numbers
    from app.penalties.posting import post_penalties

    period = optional_period(args.period)
    db = open_db(args)
    ids: tuple[int, ...] = ()
    if args.accounts:
        with db.session() as s:
            ids = resolve_account_numbers(s, args.accounts.split(","))
    result = post_penalties(db, actor_of(args), period,
                            Scope(company_id=args.company, building_id=args.building,
                                  account_ids=ids))
    print("\n".join(result.summary()))
    return 0


def show(args: argparse.Namespace) -> int:
    from app.penalties.calculate import account_penalty

    on = parse_day(args.date) if args.date else date.today()
    report = account_penalty(open_db(args), actor_of(args), args.account, on)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        print("\n".join(report.text()))
    return 0
