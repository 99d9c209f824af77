"""What every sub-command needs: open the database the user named, print progress."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from datetime import date, datetime

from app.calc.period import Period
from app.db import Database, check_connection, default_db_url, user_data_dir
from app.errors import DomainError

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
