"""`kvartal debtors`: the debtor list by criteria (to the screen or Excel), and the court cases
that need an action this week."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli_support import actor_of, add_subcommand, open_db, parse_day


def _rub(text: str) -> int:
    from app.calc.money import parse_rub

    try:
        return parse_rub(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "debtors", "должники по условиям; дела, которые ждут действий")
    p.add_argument("--min-debt", type=_rub, default=0, help="долг от, ₽")
    p.add_argument("--months", type=int, default=0, help="долг не меньше стольких месяцев")
    p.add_argument("--company", type=int, help="код управляющей компании")
    p.add_argument("--building", type=int, help="код дома")
    p.add_argument("--service", help="код услуги")
    p.add_argument("--with-agreements", action="store_true",
                   help="включить счета, соблюдающие соглашение о рассрочке")
    p.add_argument("--on", help="на дату ГГГГ-ММ-ДД (по умолчанию сегодня)")
    p.add_argument("--xlsx", type=Path, help="записать список в файл Excel")
    p.add_argument("--cases", action="store_true", help="дела, которые ждут действий на неделе")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.calc.money import format_rub
    from app.debtors.cases import cases_needing_action
    from app.debtors.lists import DebtorCriteria, debtor_list, debtor_table
    from app.reports.xlsx import write_xlsx

    db = open_db(args)
    on = parse_day(args.on) if args.on else date.today()
    if args.cases:
        for c in cases_needing_action(db, actor_of(args), on):
            mark = "ПРОСРОЧЕНО " if c.overdue else ""
            print(f"{mark}{c.next_action_on:%d.%m.%Y}\tдело {c.case_id}\t{c.account}\t"
                  f"{c.address}\t{c.stage}\t{c.next_action}")
        return 0
    criteria = DebtorCriteria(min_debt=args.min_debt, min_months=args.months,
                              company_id=args.company, building_id=args.building,
                              service_code=args.service, with_agreements=args.with_agreements)
    table = debtor_table(debtor_list(db, actor_of(args), criteria, on), criteria, on)
    if args.xlsx:
        print(f"Должников: {len(table.rows)} → {write_xlsx(table, args.xlsx)}")
        return 0
    print(f"{table.title} {table.subtitle}")
    for row in table.rows:
        print("\t".join(format_rub(v, currency=False) if isinstance(v, int) and i == 3 else str(v)
                        for i, v in enumerate(row)))
    print(f"Должников: {len(table.rows)}")
    return 0
