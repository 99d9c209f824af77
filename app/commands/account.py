"""`kvartal account NUMBER [--json]`: the account card as text for a person, or JSON."""

from __future__ import annotations

import argparse
import json

from app.cli_support import actor_of, add_subcommand, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "account", "карточка лицевого счёта")
    p.add_argument("number", help="номер лицевого счёта (10 цифр)")
    p.add_argument("--json", action="store_true",
                   help="вывести карточку в JSON (суммы в копейках)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.accounts.card import card_to_json, load_card
    from app.accounts.card_text import card_text

    db = open_db(args)
    try:
        card = load_card(db, actor_of(args), args.number)
    finally:
        db.engine.dispose()
    if args.json:
        print(json.dumps(card_to_json(card), ensure_ascii=False, indent=2))
    else:
        print(card_text(card))
    return 0
