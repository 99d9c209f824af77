"""`kvartal recalc --from YYYY-MM --to YYYY-MM [--building ID] [--company ID] [--accounts N,…]
[--preview]`: recompute closed periods and post the differences in the open period;
`kvartal recalc --reverse BATCH`: post the opposite of a recalculation;
`kvartal recalc --requests`: run the open recalculation requests (changes of closed periods'
inputs whose recalculation did not run)."""

from __future__ import annotations

import argparse

from app.cli_support import actor_of, add_subcommand, open_db
from app.errors import DomainError


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "recalc", "перерасчёт закрытых периодов (разница — в открытом)")
    p.add_argument("--from", dest="first", help="первый пересчитываемый период ГГГГ-ММ")
    p.add_argument("--to", dest="last", help="последний пересчитываемый период ГГГГ-ММ")
    p.add_argument("--building", type=int, help="только дом с этим кодом")
    p.add_argument("--company", type=int, help="только дома этой управляющей организации")
    p.add_argument("--accounts", help="только эти лицевые счета, через запятую")
    p.add_argument("--preview", action="store_true",
                   help="показать разницу, ничего не записывая")
    p.add_argument("--reverse", metavar="ПАКЕТ", help="сторнировать записанный перерасчёт")
    p.add_argument("--requests", action="store_true",
                   help="выполнить открытые запросы на перерасчёт")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.billing.scope import Scope, resolve_account_numbers
    from app.calc.period import Period
    from app.recalc.retro import recalculate, reverse_recalculation

    db = open_db(args)
    if args.requests:
        from app.passport.billing_effect import run_open_requests

        done = run_open_requests(db, actor_of(args))
        print("\n".join(done.summary() or ["Открытых запросов на перерасчёт нет"]))
        return 0
    if args.reverse:
        lines = reverse_recalculation(db, actor_of(args), args.reverse)
        print(f"Сторнировано строк перерасчёта: {lines}")
        return 0
    if not args.first:
        raise DomainError("Укажите период --from ГГГГ-ММ (и --to, если периодов несколько)")
    try:
        first = Period.parse(args.first)
        last = Period.parse(args.last) if args.last else first
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    ids: tuple[int, ...] = ()
    if args.accounts:
        with db.session() as s:
            ids = resolve_account_numbers(s, args.accounts.split(","))
    result = recalculate(db, actor_of(args), first, last,
                         Scope(company_id=args.company, building_id=args.building,
                               account_ids=ids), preview=args.preview)
    print("\n".join(result.summary()))
    return 0
