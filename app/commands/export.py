"""`kvartal export DIR [--period YYYY-MM]`: everything, in the import format."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli_support import add_subcommand, open_db, show_progress
from app.errors import DomainError


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "export", "выгрузить все данные в формате загрузки (папка JSON)")
    p.add_argument("folder", help="папка для файлов")
    p.add_argument("--period", help="история по этот период включительно (ГГГГ-ММ)")
    p.add_argument("--quiet", action="store_true", help="без индикатора хода работы")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.calc.period import Period
    from app.exchange.exporter import export_all

    through = None
    if args.period:
        try:
            through = Period.parse(args.period).code
        except ValueError as exc:
            raise DomainError(str(exc)) from None
    db = open_db(args)
    folder = Path(args.folder)
    show_progress(export_all(db, folder, through), quiet=args.quiet)
    files = sorted(p.name for p in folder.glob("*.json"))
    print(f"Выгружено в {folder}: {', '.join(files) if files else 'нет данных'}")
    return 0
