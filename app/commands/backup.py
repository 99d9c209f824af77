"""`kvartal backup` and `kvartal restore`: a whole database to a file and back, verified."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli_support import actor_of, add_subcommand, db_url, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "backup", "резервная копия базы (SQLite — файл, PostgreSQL — pg_dump)")
    p.add_argument("--out", required=True,
                   help="файл копии или папка (в папке — имя с датой и временем)")
    p.add_argument("--keep", type=int, help="сколько последних копий в папке хранить")
    p.add_argument("--schedule", action="store_true",
                   help="не копировать, а вывести таймер systemd и строку cron для копии "
                        "каждую ночь (с --keep, по умолчанию 14 копий)")
    p.add_argument("--at", default="02:30", help="время копии по расписанию, ЧЧ:ММ")
    p.set_defaults(func=run_backup)

    r = add_subcommand(sub, "restore", "восстановить базу из резервной копии (со сверкой)")
    r.add_argument("file", type=Path, help="файл резервной копии")
    r.add_argument("--replace", action="store_true",
                   help="заменить существующую базу (прежняя сохраняется рядом)")
    r.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from app.admin.backup import backup

    if args.schedule:
        return print_schedule(args)
    info = backup(open_db(args), actor_of(args), args.out, keep=args.keep)
    print(f"Резервная копия: {info.path} ({info.size / 1_048_576:.1f} МБ)")
    for old in info.removed:
        print(f"Удалена старая копия: {old}")
    return 0


def print_schedule(args: argparse.Namespace) -> int:
    import shutil
    import sys

    from app.admin.backup_status import schedule_text

    program = shutil.which("kvartal") or f"{sys.executable} -m app.cli"
    print(schedule_text(program, "KVARTAL_DB", Path(args.out).absolute(),
                        args.keep or 14, args.at), end="")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from app.admin.backup import restore
    from app.rights import SYSTEM

    info = restore(args.file, db_url(args), SYSTEM, replace=args.replace)
    print(f"Восстановлено и сверено: {info.target}")
    if info.kept_previous:
        print(f"Прежняя база сохранена как {info.kept_previous}")
    return 0
