"""`kvartal db init|upgrade|current`: create a new database, or the schema of an existing one."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli_support import add_subcommand, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "db", "схема базы данных")
    p.add_argument("action", choices=["init", "upgrade", "current"],
                   help="init — создать новую базу, upgrade — обновить схему, "
                        "current — показать версию схемы")
    p.add_argument("--backup-dir", type=Path,
                   help="куда положить копию перед обновлением (по умолчанию — папка данных "
                        "программы, backups)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.errors import DatabaseProblem
    from app.schema import current_revision, head_revision

    if args.action == "init":
        db = open_db(args, upgrade=False, create=True)
        if not db.is_empty():
            raise DatabaseProblem(f"База данных {db.url} уже есть; её схему обновляет "
                                  "«kvartal db upgrade»")
        db.upgrade()
        print(f"{db.url}: база создана, схема {current_revision(db.engine)}")
        return 0
    db = open_db(args, upgrade=False)
    if args.action == "upgrade":
        from app.admin.upgrade import upgrade_with_backup
        from app.db import user_data_dir
        from app.rights import SYSTEM

        result = upgrade_with_backup(db, SYSTEM, args.backup_dir or user_data_dir() / "backups")
        if result.backup is not None:
            print(f"Копия перед обновлением: {result.backup}")
        print(f"{db.url}: схема {result.before} → {result.after}")
        return 0
    print(f"{db.url}: схема {current_revision(db.engine)} (программа: {head_revision(db.engine)})")
    return 0
