"""`kvartal print …`: payment documents (ЕПД), one or many into one PDF."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

from app.cli_support import add_subcommand, open_db, show_progress
from app.errors import DomainError


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


def run_epd(args: argparse.Namespace) -> int:
    from app.calc.period import Period
    from app.documents.epd_print import EpdFilter, print_epd, print_epds
    from app.rights import SYSTEM

    try:
        period = Period.parse(args.period)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    db = open_db(args)
    if args.account:
        print_epd(db, SYSTEM, args.account, period, args.out)
        print(f"ЕПД лицевого счёта {args.account.strip()} за {period.title()}: {args.out}")
        return 0
    flt = EpdFilter(company_id=args.company, building_id=args.building, street=args.street,
                    debtors_only=args.debtors)
    result = _drain(print_epds(db, SYSTEM, period, flt, args.out), args.quiet)
    print(f"Напечатано документов: {result.pages}, файл {result.path}")
    if result.skipped:
        print(f"Пропущено лицевых счетов: {len(result.skipped)}", file=sys.stderr)
        for sk in result.skipped:
            print(f"  {sk.account_number} {sk.address}: {sk.reason}", file=sys.stderr)
    return 0
