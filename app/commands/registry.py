"""Bank payment registries and the money passed on to suppliers (profiles: sber, ubrir — see
app/cashdesk/registry_format.py):

    kvartal registry import FILE --bank NAME [--preview]
    kvartal registry export --period YYYY-MM --bank NAME --out FILE
    kvartal registry owed --from D --to D
    kvartal registry transfer --supplier ИНН --date Д --amount Р --document N
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli_support import (
    actor_of,
    add_subcommand,
    cashier_of,
    open_db,
    parse_day,
    required_period,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "registry", "реестры платежей банков: загрузка, выгрузка, сверка")
    inner = p.add_subparsers(dest="registry_command", required=True)
    imp = inner.add_parser("import", help="загрузить реестр платежей банка")
    imp.add_argument("file", type=Path)
    imp.add_argument("--bank", required=True, help="профиль банка: sber, ubrir")
    imp.add_argument("--preview", action="store_true",
                     help="только проверить: контрольные суммы, строки, отклонённые строки")
    imp.add_argument("--cashier", help="логин пользователя (по умолчанию — системный)")
    imp.set_defaults(func=run_import)
    exp = inner.add_parser("export", help="выгрузить реестр начислений для банка")
    exp.add_argument("--period", required=True, help="период ГГГГ-ММ")
    exp.add_argument("--bank", required=True)
    exp.add_argument("--out", required=True, type=Path)
    exp.set_defaults(func=run_export)
    owed = inner.add_parser("owed", help="собрано для поставщиков по дням за вычетом комиссии")
    owed.add_argument("--from", dest="date_from", required=True, type=date.fromisoformat)
    owed.add_argument("--to", dest="date_to", required=True, type=date.fromisoformat)
    owed.set_defaults(func=run_owed)
    sent = inner.add_parser("transfer", help="записать перечисление поставщику "
                                             "(платёжное поручение)")
    sent.add_argument("--supplier", required=True, help="ИНН поставщика")
    sent.add_argument("--date", required=True, help="дата перечисления ДД.ММ.ГГГГ")
    sent.add_argument("--amount", required=True, help="сумма, ₽")
    sent.add_argument("--document", required=True, help="номер платёжного поручения")
    sent.add_argument("--note", default="", help="примечание")
    sent.set_defaults(func=run_transfer)
    for q in (imp, exp, owed, sent):  # `kvartal registry import FILE --db URL`
        q.add_argument("--db", default=argparse.SUPPRESS, help="адрес базы данных")


def run_import(args: argparse.Namespace) -> int:
    from app.cashdesk.registries import import_registry, preview_registry

    db = open_db(args)
    try:
        actor = cashier_of(args, db)
        if args.preview:
            preview = preview_registry(db, actor, args.file, args.bank)
            print("\n".join(preview.summary()))
            print("Проверка: ничего не проведено")
            return 0 if preview.can_post else 2
        result = import_registry(db, actor, args.file, args.bank)
    finally:
        db.engine.dispose()
    print("\n".join(result.preview.summary()))
    from app.calc.money import format_rub

    print(f"Проведено платежей: {result.posted} на {format_rub(result.total)} "
          f"(реестр №{result.registry_id})")
    if result.readings_summary:
        print(f"Показания: {result.readings_summary}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from app.cashdesk.registries import export_registry

    period = required_period(args.period)
    db = open_db(args)
    try:
        n = export_registry(db, actor_of(args), period, args.bank, args.out)
    finally:
        db.engine.dispose()
    print(f"Выгружено строк: {n} → {args.out}")
    return 0


def run_owed(args: argparse.Namespace) -> int:
    from app.calc.money import format_rub
    from app.cashdesk.registries import supplier_owed

    db = open_db(args)
    try:
        rows = supplier_owed(db, actor_of(args), args.date_from, args.date_to)
    finally:
        db.engine.dispose()
    print("Дата;Поставщик;ИНН;Собрано;Комиссия банка;К перечислению")
    for r in rows:
        print(f"{r.day:%d.%m.%Y};{r.supplier};{r.inn};{format_rub(r.collected)};"
              f"{format_rub(r.commission)};{format_rub(r.owed)}")
    return 0


def run_transfer(args: argparse.Namespace) -> int:
    from app.calc.money import format_rub, parse_rub
    from app.cashdesk.transfers import TransferInput, record_transfer
    from app.errors import DomainError

    try:
        amount = parse_rub(args.amount)
    except ValueError as exc:
        raise DomainError(f"Сумма: {exc}") from None
    inp = TransferInput(args.supplier, parse_day(args.date), amount, args.document, args.note)
    db = open_db(args)
    try:
        transfer_id = record_transfer(db, actor_of(args), inp, today=date.today())
    finally:
        db.engine.dispose()
    print(f"Перечисление № {transfer_id} записано: {format_rub(amount)} поставщику "
          f"{args.supplier} по документу {args.document.strip()}")
    return 0
