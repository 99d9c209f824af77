"""`kvartal charges [--period YYYY-MM] [--account N | --filter TEXT] [--limit N] [--json]`:
the charges of a period by account and service, each with «почему столько»."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from app.cli_support import actor_of, add_subcommand, open_db, optional_period

if TYPE_CHECKING:
    from app.billing.results import ChargeRow


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "charges", "начисления за период с объяснением расчёта")
    p.add_argument("--period", help="период ГГГГ-ММ (по умолчанию открытый)")
    p.add_argument("--account", help="один лицевой счёт (10 цифр)")
    p.add_argument("--filter", default="", help="номер счёта или его начало, фамилия, адрес")
    p.add_argument("--limit", type=int, default=50, help="не больше строк (по умолчанию 50)")
    p.add_argument("--json", action="store_true", help="строки в JSON (суммы в копейках)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.billing.results import account_charges, charges_for_period, current_period
    from app.calc.money import format_rub

    period = optional_period(args.period)
    db = open_db(args)
    try:
        period = period or current_period(db)
        if args.account:
            rows = account_charges(db, actor_of(args), args.account, period)
            total_rows, total = len(rows), sum(r.amount for r in rows)
        else:
            page = charges_for_period(db, actor_of(args), period, args.filter, limit=args.limit)
            rows, total_rows, total = page.rows, page.total_rows, page.total_amount
    finally:
        db.engine.dispose()
    if args.json:
        print(json.dumps([_as_json(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    last = None
    for r in rows:
        if r.account_number != last:
            print(f"\nЛС {r.account_number} — {r.address}, {r.payer_name}")
            last = r.account_number
        print(f"  {r.service_name}: {format_rub(r.amount)}\n    {r.explanation}")
    shown = f" (показано {len(rows)})" if len(rows) < total_rows else ""
    print(f"\nЗа {period.title()}: строк {total_rows}{shown}, сумма {format_rub(total)}")
    return 0


def _as_json(r: ChargeRow) -> dict[str, Any]:
    data = asdict(r)
    for key in ("volume", "tariff"):
        data[key] = None if data[key] is None else str(data[key])
    return data
