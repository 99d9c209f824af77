"""`kvartal db upgrade|current`: the schema."""

from __future__ import annotations

import argparse

from app.cli_support import add_subcommand, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "db", "схема базы данных")
    p.add_argument("action", choices=["upgrade", "current"], help="upgrade — обновить схему")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.schema import current_revision, head_revision

    db = open_db(args, upgrade=args.action == "upgrade")
    print(f"{db.url}: схема {current_revision(db.engine)} (программа: {head_revision(db.engine)})")
    return 0
