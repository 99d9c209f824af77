"""`kvartal debtors`: the debtor list by criteria (to the screen or Excel), the court cases
that need an action this week, and `kvartal debtors notices`: notices or warnings for the debtors
of the criteria printed into one PDF, numbered in the journal.

    kvartal debtors notices --kind warning --services hot_water --min-debt 5000 --out w.pdf"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Generator
from datetime import date
from pathlib import Path
from typing import Any

from app.cli_support import actor_of, add_subcommand, open_db, parse_day


def _rub(text: str) -> int:
    from app.calc.money import parse_rub

    try:
        return parse_rub(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


KINDS = {"notice": "debt_notice", "warning": "limitation_warning"}


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "debtors", "должники по условиям; дела, которые ждут действий; "
                       "печать уведомлений и предупреждений")
    p.add_argument("action", nargs="?", choices=["notices"],
                   help="notices — напечатать уведомления или предупреждения должникам списка")
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
    p.add_argument("--kind", choices=list(KINDS), default="notice",
                   help="notice — уведомление о задолженности, warning — предупреждение об "
                        "ограничении (приостановлении) услуги")
    p.add_argument("--services", default="",
                   help="коды ограничиваемых услуг через запятую (для предупреждения)")
    p.add_argument("--accounts", default="", help="только эти лицевые счета, через запятую")
    p.add_argument("--skip-refused", action="store_true",
                   help="пропустить счета, где долг по услуге не превышает порога п. 117")
    p.add_argument("--out", type=Path, help="файл PDF уведомлений")
    p.add_argument("--quiet", action="store_true", help="без индикатора хода")
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
    if args.action == "notices":
        return _notices(args, db, criteria, on)
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


def _notices(args: argparse.Namespace, db: Any, criteria: Any, on: date) -> int:
    from app.cli_support import show_progress
    from app.debtors.lists import debtor_list
    from app.debtors.notice_print import print_notices
    from app.errors import DomainError
    from app.models.enums import NoticeKind

    if args.out is None:
        raise DomainError("Укажите файл: --out ФАЙЛ.pdf")
    debtors = debtor_list(db, actor_of(args), criteria, on)
    wanted = {a.strip() for a in args.accounts.split(",") if a.strip()}
    ids = [d.debt.account_id for d in debtors if not wanted or d.debt.number in wanted]
    if wanted - {d.debt.number for d in debtors}:
        missing = ", ".join(sorted(wanted - {d.debt.number for d in debtors}))
        raise DomainError(f"Не должники по условиям отбора: {missing}")
    if not ids:
        raise DomainError("Под условия отбора не попал ни один должник")
    steps = print_notices(db, actor_of(args), ids, NoticeKind(KINDS[args.kind]), on, args.out,
                          [c for c in args.services.split(",") if c.strip()],
                          skip_refused=args.skip_refused)
    box: list[Any] = []

    def watch() -> Generator[tuple[int, int, str], None, None]:
        box.append((yield from steps))

    try:
        show_progress(watch(), quiet=args.quiet)
    finally:
        steps.close()
    result = box[0]
    print(result.summary())
    for account, why in result.skipped:
        print(f"  пропущен {account}: {why}", file=sys.stderr)
    return 0
