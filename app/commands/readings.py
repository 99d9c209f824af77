"""`kvartal readings import|export-blank` and `kvartal meters verification`.

    kvartal readings import FILE [--source controller] [--period 2026-11] [--dry-run]
    kvartal readings export-blank DIR --period 2026-11 [--building ID | --route ID]
    kvartal meters verification --days 30 [--xlsx FILE]
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_support import actor_of, add_subcommand, open_db, show_progress
from app.errors import DomainError, file_errors
from app.models.enums import ReadingSource

SOURCES = {"controller": ReadingSource.CONTROLLER, "consumer": ReadingSource.CONSUMER,
           "import": ReadingSource.IMPORT, "operator": ReadingSource.OPERATOR}
ROWS_ON_SCREEN = 200

if TYPE_CHECKING:
    from collections.abc import Iterator

    from app.calc.period import Period
    from app.meters.importing import RowResult


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "readings", "показания приборов учёта: загрузка и бланки")
    acts = p.add_subparsers(dest="action", metavar="действие", required=True)
    imp = add_subcommand(acts, "import", "загрузить показания из XLSX или CSV")
    imp.add_argument("file", type=Path, help="файл .xlsx или .csv")
    imp.add_argument("--source", choices=sorted(SOURCES), default="import",
                     help="откуда показания (по умолчанию import)")
    imp.add_argument("--period", help="период ГГГГ-ММ для строк без колонки «Период»")
    imp.add_argument("--dry-run", action="store_true",
                     help="только проверить, ничего не записывать")
    imp.add_argument("--accept-warnings", action="store_true",
                     help="загрузить и строки с предупреждениями (большой расход, поверка)")
    imp.add_argument("--report", type=Path, help="записать построчный отчёт в CSV")
    imp.set_defaults(func=run_import)
    exp = add_subcommand(acts, "export-blank", "бланки для контролёров (XLSX по домам)")
    exp.add_argument("folder", type=Path, help="папка для файлов")
    exp.add_argument("--period", required=True, help="период ГГГГ-ММ")
    exp.add_argument("--building", type=int, help="только этот дом (ID)")
    exp.add_argument("--route", type=int, help="маршрут: список лицевых счетов (ID)")
    exp.set_defaults(func=run_export)

    m = add_subcommand(sub, "meters", "приборы учёта")
    macts = m.add_subparsers(dest="action", metavar="действие", required=True)
    ver = add_subcommand(macts, "verification", "приборы с истекающей или истёкшей поверкой")
    ver.add_argument("--days", type=int, default=30, help="истекает в ближайшие N дней (30)")
    ver.add_argument("--building", type=int, help="только этот дом (ID)")
    ver.add_argument("--xlsx", type=Path, help="записать список в XLSX")
    ver.add_argument("--today", type=date.fromisoformat, default=None, help=argparse.SUPPRESS)
    ver.set_defaults(func=run_verification)


def _period(text: str | None) -> Period | None:
    from app.calc.period import Period

    if text is None:
        return None
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise DomainError(str(exc)) from None


def run_import(args: argparse.Namespace) -> int:
    from app.meters.importing import RowStatus, import_readings, parse_file

    if not args.file.is_file():
        print(f"Ошибка: файл {args.file} не найден", file=sys.stderr)
        return 2
    if args.report:  # an unwritable report is said before anything is loaded
        with file_errors(args.report):
            args.report.open("a").close()
    db = open_db(args)
    parsed = parse_file(args.file, period=_period(args.period))
    report = import_readings(db, actor_of(args), parsed, today=date.today(),
                             source=SOURCES[args.source], dry_run=args.dry_run,
                             confirm_warnings=args.accept_warnings)
    shown = report.rows if len(report.rows) <= ROWS_ON_SCREEN else \
        [r for r in report.rows if r.status in (RowStatus.REJECTED, RowStatus.WARNING)]
    for row in shown[:ROWS_ON_SCREEN]:
        print(row)
    if len(shown) > ROWS_ON_SCREEN:
        print(f"… и ещё {len(shown) - ROWS_ON_SCREEN} строк (полностью — с --report FILE.csv)")
    if args.report:
        _write_report(args.report, report.rows)
        print(f"Построчный отчёт: {args.report}")
    print(report.summary())
    if report.count(RowStatus.WARNING) and not args.accept_warnings:
        print("Строки с предупреждениями не загружены: проверьте их и повторите загрузку "
              "с --accept-warnings (уже загруженное будет пропущено)")
    bad = report.count(RowStatus.REJECTED) + report.count(RowStatus.WARNING)
    return 1 if bad else 0


def _write_report(path: Path, rows: list[RowResult]) -> None:
    with file_errors(path), path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Строка", "Результат", "ID прибора", "Период", "Зона", "Показание",
                     "Причина"])
        for r in rows:
            w.writerow([r.where, r.status, r.meter_id or "", r.period or "", r.zone,
                        "" if r.value is None else str(r.value).replace(".", ","), r.message])


def run_export(args: argparse.Namespace) -> int:
    from app.meters.exporting import export_blank_sheets

    db = open_db(args)
    period = _period(args.period)
    assert period is not None
    written: list[Path] = []

    def steps() -> Iterator[tuple[int, int, str]]:
        written.extend((yield from export_blank_sheets(db, actor_of(args), args.folder, period,
                                                       building_id=args.building,
                                                       list_id=args.route)))

    show_progress(steps())
    for f in written:
        print(f)
    print(f"Бланков записано: {len(written)}")
    return 0


def run_verification(args: argparse.Namespace) -> int:
    from app.meters.exporting import write_verification_list
    from app.meters.verification import verification_list

    db = open_db(args)
    today = args.today or date.today()
    rows = verification_list(db, actor_of(args), today=today, days=args.days,
                             building_id=args.building)
    for r in rows:
        m = r.meter
        acc = f"л/с {m.account_number}, " if m.account_number else ""
        print(f"{r.next_verification:%d.%m.%Y}  {acc}{m.address}, {r.resource_title} "
              f"№{m.serial} — {r.state}")
    print(f"Приборов: {len(rows)}")
    if args.xlsx:
        write_verification_list(args.xlsx, rows, today, args.days)
        print(f"Записано: {args.xlsx}")
    return 0
