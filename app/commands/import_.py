"""`kvartal import FILE_OR_DIR`: load a migration (JSON or XLSX) in one transaction, or nothing.

`kvartal import --template DIR` writes an XLSX template per entity to fill in.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli_support import actor_of, add_subcommand, open_db
from app.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "import", "загрузить данные из другой системы (JSON или XLSX)")
    p.add_argument("path", nargs="?", help="файл .json/.xlsx или папка с ними")
    p.add_argument("--template", metavar="DIR",
                   help="записать в папку шаблоны XLSX для заполнения (по файлу на раздел)")
    p.add_argument("--renumber", action="store_true",
                   help="пересчитать контрольные цифры номеров лицевых счетов и показать замену")
    p.add_argument("--check", action="store_true", help="только проверить, ничего не записывать")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.template:
        from app.exchange.templates import write_templates

        written = write_templates(Path(args.template))
        print(f"Шаблоны записаны в {args.template}: {len(written)} файлов")
        return 0
    if not args.path:
        print("Укажите файл или папку для загрузки (или --template DIR)", file=sys.stderr)
        return 2
    from app.exchange.importer import check_source, import_source
    from app.exchange.reader_json import read_input

    db = open_db(args)
    source = read_input(Path(args.path))
    try:
        if args.check:
            checked = check_source(db, source, renumber=args.renumber)
            if not checked.ok:
                raise InvalidInput(checked.problems)
            print("Ошибок нет, данные можно загружать")
            return 0
        result = import_source(db, actor_of(args), source, renumber=args.renumber)
    except InvalidInput as exc:
        print(f"Данные не загружены, ничего не записано. Ошибок: {len(exc.problems)}",
              file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    for old, new in sorted(result.renumbered.items()):
        print(f"Лицевой счёт {old} → {new}")
    total = sum(result.counts.values())
    print(f"Загружено записей: {total}")
    for name, n in result.counts.items():
        print(f"  {name}: {n}")
    return 0
