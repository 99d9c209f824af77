"""`kvartal db init|upgrade|current`: create a new database, or the schema of an existing one."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli_support import add_subcommand, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "db", "схема базы данных")
    p.add_argument("action", choices=["init", "upgrade", "current", "roles"],
                   help="init — создать новую базу, upgrade — обновить схему, "
                        "current — показать версию схемы, roles — роли PostgreSQL "
                        "(владелец и рабочие места)")
    p.add_argument("--owner", default="kvartal_owner", help="roles: роль-владелец схемы")
    p.add_argument("--app", default="kvartal_app", help="roles: роль рабочих мест")
    p.add_argument("--apply", action="store_true",
                   help="roles: выполнить (под суперпользователем), а не только напечатать")
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
    if args.action == "roles":
        return _roles(db, args)
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


def _roles(db: object, args: argparse.Namespace) -> int:
    from sqlalchemy import text

    from app.auth.pg_roles import roles_sql
    from app.db import Database
    from app.errors import DomainError

    assert isinstance(db, Database)
    if db.dialect != "postgresql":
        raise DomainError("Роли есть только у PostgreSQL; файл SQLite защищают права на файл")
    try:
        sql = roles_sql(str(db.engine.url.database), args.owner, args.app)
    except ValueError:
        raise DomainError("Имена ролей и базы — латинские строчные буквы, цифры и «_»") from None
    if not args.apply:
        print(sql, end="")
        return 0
    with db.engine.begin() as conn:
        conn.execute(text(sql))
    print(f"{db.url}: роли {args.owner} (владелец) и {args.app} (рабочие места) настроены")
    return 0
