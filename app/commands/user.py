"""`kvartal user add LOGIN --role ROLE [--name ФИО]`: create a user (password asked twice)."""

from __future__ import annotations

import argparse

from app.cli_support import actor_of, add_subcommand, new_password, open_db
from app.errors import DomainError
from app.rights import Role
from app.titles import ROLE


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "user", "пользователи")
    p.add_argument("action", choices=["add"])
    p.add_argument("login")
    p.add_argument("--role", action="append", choices=[r.value for r in Role], required=True,
                   help="роль (можно несколько): " + ", ".join(
                       f"{r} — {t.lower()}" for r, t in ROLE.items()))
    p.add_argument("--name", help="ФИО")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import IntegrityError

    from app.auth.login import MIN_PASSWORD, create_user, has_users
    from app.auth.users import add_user
    from app.auth.views import UserForm
    from app.rights import SYSTEM, Right

    db = open_db(args)
    # the first user of a new database needs nobody's leave; later ones an administrator's
    acting = actor_of(args) if has_users(db) else None
    if acting is not None:
        acting.require(Right.ADMIN)
    password = new_password(acting is not None and acting is not SYSTEM)
    if len(password) < MIN_PASSWORD:
        raise DomainError(f"Пароль должен быть не короче {MIN_PASSWORD} символов")
    try:
        if acting is None:
            user_id = create_user(db, args.login, args.name or args.login, password, args.role)
        else:
            user_id = add_user(db, acting, UserForm(args.login, args.name or args.login,
                                                    tuple(args.role)), password, password)
    except IntegrityError:
        raise DomainError(f"Пользователь «{args.login}» уже есть") from None
    print(f"Создан пользователь {args.login.strip().lower()} (№ {user_id}): "
          + ", ".join(ROLE[r] for r in args.role))
    return 0
