"""What every sub-command needs: open the database the user named, print progress."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterable
from datetime import date, datetime

from app.calc.period import Period
from app.db import Database, check_connection, default_db_url, user_data_dir
from app.errors import DomainError
from app.rights import Actor

DEMO_ACCOUNTS = 2000


def demo_db_url() -> str:
    return f"sqlite:///{user_data_dir() / 'demo.db'}"


def db_url(args: argparse.Namespace) -> str:
    if getattr(args, "db", None):
        return str(args.db)
    if getattr(args, "demo", False):
        return demo_db_url()
    return default_db_url()


def may_create_database(args: argparse.Namespace) -> bool:
    """Whether the workstation may create its database when the file is missing: only on its
    first run with the local default (no --db, no KVARTAL_DB) or for the demo town. A path the
    user typed must exist — a typo must not become a new empty database."""
    if getattr(args, "demo", False):
        return True
    return not getattr(args, "db", None) and not os.environ.get("KVARTAL_DB")


def open_db(args: argparse.Namespace, *, upgrade: bool = True, create: bool = False
            ) -> Database:
    """Open and (by default) upgrade the database; a foreign or newer one is refused, and so
    is a SQLite file that does not exist unless `create` (`db init`, `demo`)."""
    db = Database(db_url(args), create=create)
    if upgrade:
        from app.admin.upgrade import prepare_schema

        prepare_schema(db, user_data_dir() / "backups")
    else:
        check_connection(db.engine)
    args._db = db  # who acts on it: `actor_of(args)`
    return db


def show_progress(steps: Iterable[tuple[int, int, str]], *, quiet: bool = False) -> None:
    """Consume a long job's (done, total, message) steps, drawing a bar on a terminal."""
    tty = sys.stderr.isatty() and not quiet
    last = ""
    for done, total, message in steps:
        if not tty:
            if message != last and not quiet:
                print(message, file=sys.stderr)
                last = message
            continue
        width = 30
        filled = int(width * done / total) if total else width
        pct = f"{100 * done // total:3d}%" if total else "   "
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {pct} {message[:50]:<50}")
        sys.stderr.flush()
    if tty:
        sys.stderr.write("\n")


def add_subcommand(sub: argparse._SubParsersAction, name: str, help_text: str,
                   ) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    # accepted after the sub-command too: `kvartal calc --db URL`
    p.add_argument("--db", default=argparse.SUPPRESS, help="адрес базы данных")
    p.add_argument("--user", default=argparse.SUPPRESS,
                   help="логин пользователя Квартала (пароль — из KVARTAL_PASSWORD или "
                        "спросит команда)")
    return p


def optional_period(text: str | None) -> Period | None:
    """A period typed on the command line (ГГГГ-ММ), or None for «the open one»."""
    if not text:
        return None
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise DomainError(str(exc)) from None


def required_period(text: str) -> Period:
    """A period the command cannot do without (ГГГГ-ММ)."""
    period = optional_period(text)
    if period is None:
        raise DomainError("Укажите период ГГГГ-ММ")
    return period


# arguments that name files or the database: the file system's own bytes, kept as they are
_PATH_ARGS = frozenset({"db", "path", "folder", "template", "file", "xlsx", "report", "func"})


def check_text_args(args: argparse.Namespace) -> None:
    """Text typed on the command line reaches the database as a query parameter: a lone
    surrogate (bytes that are not UTF-8) or a control character is refused here, by name."""
    from app.calc.bounds import text_problem

    for name, value in vars(args).items():
        if name in _PATH_ARGS or not isinstance(value, str):
            continue
        problem = text_problem(value)
        if problem is not None:
            raise DomainError(f"Аргумент «{name}»: {problem}")


def parse_day(text: str) -> date:
    """A date typed on the command line: ГГГГ-ММ-ДД or ДД.ММ.ГГГГ."""
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise DomainError(f"Не понимаю дату «{text}»: нужно ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")


def local_owner(db: Database) -> bool:
    """Whether the connection could change anything in the database directly anyway — a SQLite
    file owned by the operating-system user who runs the command, or a PostgreSQL superuser or
    owner of the database — so a Kvartal password would protect nothing: such a command acts as
    the built-in administrator. Workstations connect as the application role (`kvartal db
    roles`) and must say who is acting."""
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        from sqlalchemy import text

        with db.engine.connect() as conn:
            return bool(conn.scalar(text(
                "SELECT r.rolsuper OR d.datdba = r.oid FROM pg_roles r, pg_database d "
                "WHERE r.rolname = current_user AND d.datname = current_database()")))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return False
    path = url.database
    if path.startswith("file:"):  # a URI filename: sqlite:///file:/path/kvartal.db?mode=ro
        path = path[len("file:"):].split("?", 1)[0]
    try:
        return os.stat(path).st_uid == os.getuid()
    except (OSError, AttributeError):
        return False


def actor_of(args: argparse.Namespace) -> Actor:
    """Who is acting for this command (on the database `open_db` opened): the Kvartal user of
    `--user LOGIN` (or KVARTAL_USER), the password from KVARTAL_PASSWORD or asked unseen —
    rights, scope and lockout apply and the audit names them. Without a user, only the owner of
    a local SQLite file acts, as the built-in administrator; a shared PostgreSQL server always
    asks who is acting unless connected as its owner."""
    cached = getattr(args, "_actor", None)
    if cached is not None:
        return cached
    from app.rights import SYSTEM

    db: Database | None = getattr(args, "_db", None)
    if db is None:
        raise RuntimeError("actor_of before open_db")
    name = getattr(args, "user", None) or os.environ.get("KVARTAL_USER")
    if name:
        from app.auth.login import login

        actor = login(db, name, _password_for(name))
    elif local_owner(db):
        actor = SYSTEM
    else:
        raise DomainError("Укажите, кто работает: --user ЛОГИН (пароль команда спросит или "
                          "возьмёт из переменной KVARTAL_PASSWORD). Без входа работает только "
                          "владелец базы данных (файла SQLite или базы PostgreSQL)")
    args._actor = actor
    return actor


def _password_for(name: str) -> str:
    import getpass

    env = os.environ.get("KVARTAL_PASSWORD")
    if env:
        return env
    try:
        return getpass.getpass(f"Пароль пользователя {name}: ")
    except EOFError:
        raise DomainError("Пароль не введён: ввод закрыт; задайте его в KVARTAL_PASSWORD "
                          "или запустите команду в терминале") from None


def cashier_of(args: argparse.Namespace, db: Database) -> Actor:
    """`--cashier LOGIN` of the payment commands: the local owner may post as any cashier (a
    batch of the desk's day); a logged-in user posts as herself only."""
    from app.rights import SYSTEM

    acting = actor_of(args)
    named = (getattr(args, "cashier", None) or "").strip().lower()
    if not named or named == acting.login:
        return acting
    if acting is not SYSTEM:
        raise DomainError(f"Пользователь {acting.login} не может принимать платежи от имени "
                          f"кассира {named}: войдите под его логином (--user {named})")
    from app.cashdesk.intake import cashier_actor

    return cashier_actor(db, named)


def new_password(acting_logged_in: bool = False) -> str:
    """A new user's password (`user add`, `server init`): KVARTAL_NEW_PASSWORD, or
    KVARTAL_PASSWORD when nobody is logged in to act, else typed twice, unseen."""
    # scripts pass it in the environment (KVARTAL_PASSWORD is the acting user's own when
    # --user is given); a person types it twice, unseen
    env = os.environ.get("KVARTAL_NEW_PASSWORD") or (
        None if acting_logged_in else os.environ.get("KVARTAL_PASSWORD"))
    if env:
        return env
    try:
        first = getpass.getpass("Пароль: ")
        again = getpass.getpass("Пароль ещё раз: ")
    except EOFError:  # no terminal and nothing on stdin
        raise DomainError("Пароль не введён: ввод закрыт; задайте его в KVARTAL_PASSWORD "
                          "или запустите команду в терминале") from None
    if first != again:
        raise DomainError("Пароли не совпадают")
    return first
