"""`kvartal absence --account N --person ID --from YYYY-MM-DD --to YYYY-MM-DD --document TEXT`:
record a temporary absence (full days away) and recalculate the norm-based charges;
`kvartal act --service CODE (--building ID | --account N) --start "YYYY-MM-DD HH:MM"
--end "…" [--degrees N] [--document TEXT]`: an act of interruption or poor quality;
`kvartal correction --account N --service CODE --amount KOP --reason TEXT [--period YYYY-MM]`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from app.calc.money import format_rub
from app.cli_support import actor_of, add_subcommand, open_db, optional_period, parse_day
from app.errors import DomainError


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "absence", "временное отсутствие и перерасчёт за него")
    p.add_argument("--account", required=True, help="номер лицевого счёта")
    p.add_argument("--person", type=int, required=True, help="код гражданина")
    p.add_argument("--from", dest="first", required=True, help="первый полный день отсутствия")
    p.add_argument("--to", dest="last", required=True, help="последний полный день отсутствия")
    p.add_argument("--document", required=True, help="подтверждающий документ")
    p.set_defaults(func=absence)
    a = add_subcommand(sub, "act", "акт о перерыве или ненадлежащем качестве услуги")
    a.add_argument("--service", required=True, help="код услуги")
    where = a.add_mutually_exclusive_group(required=True)
    where.add_argument("--building", type=int, help="дом")
    where.add_argument("--account", help="лицевой счёт")
    a.add_argument("--start", required=True, help="начало «ГГГГ-ММ-ДД ЧЧ:ММ» (UTC)")
    a.add_argument("--end", required=True, help="окончание «ГГГГ-ММ-ДД ЧЧ:ММ» (UTC)")
    a.add_argument("--degrees", help="горячая вода: на сколько °C ниже допустимого")
    a.add_argument("--document", default="", help="номер и дата акта")
    a.set_defaults(func=act)
    c = add_subcommand(sub, "correction", "ручная корректировка сальдо с основанием")
    c.add_argument("--account", required=True, help="номер лицевого счёта")
    c.add_argument("--service", required=True, help="код услуги")
    c.add_argument("--amount", type=int, required=True, help="сумма в копейках (− уменьшает)")
    c.add_argument("--reason", required=True, help="основание")
    c.add_argument("--period", help="период, к которому относится (по умолчанию открытый)")
    c.set_defaults(func=correction)


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise DomainError(f"Время «{text}» не в формате ГГГГ-ММ-ДД ЧЧ:ММ") from None


def absence(args: argparse.Namespace) -> int:
    from app.recalc.absence import AbsenceInput, register_absence

    result = register_absence(open_db(args), actor_of(args), AbsenceInput(
        args.account, args.person, parse_day(args.first), parse_day(args.last), args.document))
    print(result.message)
    for line in result.lines:
        print(f"  {line.period} {line.service_code}: {format_rub(line.amount)}")
    return 0


def act(args: argparse.Namespace) -> int:
    from app.recalc.acts import INTERRUPTION, TEMPERATURE, ActInput, register_act

    try:
        degrees = Decimal(args.degrees.replace(",", ".")) if args.degrees else None
    except InvalidOperation:
        raise DomainError(f"«{args.degrees}» — не число градусов") from None
    result = register_act(open_db(args), actor_of(args), ActInput(
        args.service, _moment(args.start), _moment(args.end), args.building, args.account,
        TEMPERATURE if degrees is not None else INTERRUPTION, degrees, args.document))
    print(f"Акт №{result.act_id} за {result.period}. {result.message}")
    return 0


def correction(args: argparse.Namespace) -> int:
    from app.recalc.corrections import Side, post_correction

    post_correction(open_db(args), actor_of(args), Side(args.account, args.service), args.amount,
                    args.reason, optional_period(args.period))
    print("Корректировка записана")
    return 0
