"""`kvartal db init|upgrade|current`: create a new database, or the schema of an existing one."""

from __future__ import annotations

import argparse

from app.cli_support import add_subcommand, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "db", "схема базы данных")
    p.add_argument("action", choices=["init", "upgrade", "current"],
                   help="init — создать новую базу, upgrade — обновить схему, "
                        "current — показать версию схемы")
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
    db = open_db(args, upgrade=args.action == "upgrade")
    print(f"{db.url}: схема {current_revision(db.engine)} (программа: {head_revision(db.engine)})")
    return 0
