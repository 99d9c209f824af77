"""`kvartal server init --db URL --admin LOGIN --name ФИО`: a new shared database."""

from __future__ import annotations

import argparse

from app.cli_support import add_subcommand, new_password


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "server", "общая база на сервере PostgreSQL")
    p.add_argument("action", choices=["init"],
                   help="init — создать схему и первого администратора в пустой базе")
    p.add_argument("--admin", default="admin", help="логин первого администратора")
    p.add_argument("--name", required=True, help="ФИО первого администратора")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.admin.server import init_server
    from app.cli_support import open_db

    db = open_db(args, upgrade=False)
    try:
        password = new_password()
        done = init_server(db, args.admin, args.name, password, password)
    finally:
        db.close()
    print(f"{db.location}: схема {done.revision} создана, администратор «{done.admin}». "
          "Рабочие места подключаются к этой базе при первом запуске программы.")
    return 0
