"""`kvartal print …`: payment documents (ЕПД), one or many into one PDF; certificates
numbered in the issue journal; the statement of the financial personal account."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Generator
from datetime import date
from pathlib import Path
from typing import Any

from app.cli_support import actor_of, add_subcommand, open_db, required_period, show_progress


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "print", "печать документов: ЕПД, справки, выписки")
    kinds = p.add_subparsers(dest="document", required=True, metavar="ДОКУМЕНТ")
    epd = kinds.add_parser("epd", help="единый платёжный документ за период",
                           description="Единый платёжный документ: один счёт или много в "
                                       "одном PDF, по порядку доставки")
    epd.add_argument("--db", default=argparse.SUPPRESS, help="адрес базы данных")
    epd.add_argument("--period", required=True, help="период ГГГГ-ММ")
    which = epd.add_mutually_exclusive_group(required=True)
    which.add_argument("--account", help="лицевой счёт")
    which.add_argument("--building", type=int, help="все счета дома с этим кодом")
    which.add_argument("--company", type=int, help="все счета управляющей организации")
    which.add_argument("--street", help="все счета улицы (часть названия)")
    which.add_argument("--all", action="store_true", help="все лицевые счета")
    epd.add_argument("--debtors", action="store_true", help="только должники")
    epd.add_argument("--out", required=True, type=Path, help="файл PDF")
    epd.add_argument("--quiet", action="store_true", help="без индикатора хода")
    epd.set_defaults(func=run_epd)

    cert = kinds.add_parser("certificate", help="справка с номером в журнале выдачи",
                            description="Справка по лицевому счёту; номер — из журнала выдачи")
    cert.add_argument("--db", default=argparse.SUPPRESS, help="адрес базы данных")
    cert.add_argument("kind", metavar="ВИД",
                      help="family, house-book, debt, account-copy или turnover")
    cert.add_argument("--account", required=True, help="лицевой счёт")
    cert.add_argument("--recipient", help="кому выдана (по умолчанию плательщик)")
    cert.add_argument("--from", dest="first", help="turnover: первый месяц ГГГГ-ММ")
    cert.add_argument("--to", dest="last", help="turnover: последний месяц ГГГГ-ММ")
    cert.add_argument("--date", help="дата справки ДД.ММ.ГГГГ (по умолчанию сегодня)")
    cert.add_argument("--out", required=True, type=Path, help="файл PDF")
    cert.set_defaults(func=run_certificate)

    st = kinds.add_parser("statement", help="выписка из финансового лицевого счёта или расчёт "
                          "пеней", description="Выписка из финансового лицевого счёта по "
                          "месяцам и услугам (--kind account) или расчёт пеней на дату "
                          "(--kind penalty)")
    st.add_argument("--db", default=argparse.SUPPRESS, help="адрес базы данных")
    st.add_argument("--kind", choices=("account", "penalty"), default="account",
                    help="account — выписка (по умолчанию), penalty — расчёт пеней")
    st.add_argument("--account", required=True, help="лицевой счёт")
    st.add_argument("--date", help="penalty: дата расчёта (по умолчанию сегодня)")
    st.add_argument("--from", dest="first", help="первый месяц ГГГГ-ММ (по умолчанию год назад)")
    st.add_argument("--to", dest="last", help="последний месяц ГГГГ-ММ (по умолчанию последний)")
    st.add_argument("--out", required=True, type=Path, help="файл PDF")
    st.set_defaults(func=run_statement)


def _drain(steps: Generator[tuple[int, int, str], None, Any], quiet: bool) -> Any:
    """Show a job's progress and hand back what it returned."""
    box: list[Any] = []

    def watch() -> Generator[tuple[int, int, str], None, None]:
        box.append((yield from steps))

    try:
        show_progress(watch(), quiet=quiet)
    finally:
        steps.close()
    return box[0]


def _period(text: str | None) -> Any:
    from app.cli_support import optional_period

    return optional_period(text)


def _date(text: str | None) -> date | None:
    from app.cli_support import parse_day

    return parse_day(text) if text else None


def run_certificate(args: argparse.Namespace) -> int:
    from app.documents.certificates import kind_of, print_certificate

    kind_of(args.kind)  # an unknown kind is refused before the database is opened
    db = open_db(args)
    cert = print_certificate(db, actor_of(args), args.kind, args.account, args.out,
                             recipient=args.recipient, today=_date(args.date),
                             first=_period(args.first), last=_period(args.last))
    print(f"{cert.title.capitalize()} {cert.subtitle} № {cert.number} от "
          f"{cert.issued_on:%d.%m.%Y}: {args.out}")
    return 0


def run_statement(args: argparse.Namespace) -> int:
    from app.documents.certificates import print_statement

    if args.kind == "penalty":
        from app.documents.penalty_statement import print_penalty_statement

        on = _date(args.date) or date.today()
        db = open_db(args)
        cert = print_penalty_statement(db, actor_of(args), args.account, on, args.out)
        print(f"Расчёт пеней {cert.subtitle}: {args.out}")
        return 0
    db = open_db(args)
    cert = print_statement(db, actor_of(args), args.account, args.out, first=_period(args.first),
                           last=_period(args.last))
    print(f"Выписка {cert.subtitle}: {args.out}")
    return 0


def run_epd(args: argparse.Namespace) -> int:
    from app.documents.epd_print import EpdFilter, print_epd, print_epds

    period = required_period(args.period)
    db = open_db(args)
    if args.account:
        print_epd(db, actor_of(args), args.account, period, args.out)
        print(f"ЕПД лицевого счёта {args.account.strip()} за {period.title()}: {args.out}")
        return 0
    flt = EpdFilter(company_id=args.company, building_id=args.building, street=args.street,
                    debtors_only=args.debtors)
    result = _drain(print_epds(db, actor_of(args), period, flt, args.out), args.quiet)
    print(f"Напечатано документов: {result.pages}, файл {result.path}")
    if result.skipped:
        print(f"Пропущено лицевых счетов: {len(result.skipped)}", file=sys.stderr)
        for sk in result.skipped:
            print(f"  {sk.account_number} {sk.address}: {sk.reason}", file=sys.stderr)
    return 0
