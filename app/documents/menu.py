"""What the account card's «Печать» offers this user, and producing the chosen document.

Each document is saved under the user's documents folder (`<data dir>/documents/`) with a name
that says what it is, then shown in the preview; the file stays for reprinting or sending.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from app.calc.period import Period
from app.db import Database, user_data_dir
from app.documents.certificates import kinds_for, print_certificate, print_statement
from app.documents.epd_print import print_epd
from app.documents.penalty_statement import print_penalty_statement
from app.errors import DomainError
from app.models import Account, Operation
from app.models.enums import OperationKind as K
from app.print.rasterize import render_pages
from app.rights import Actor, Right

__all__ = ["Printable", "documents_folder", "printables_for", "produce", "render_pages"]

EPD = "epd"
STATEMENT = "statement"
PENALTY = "penalty"
CERTIFICATE = "certificate:"


@dataclass(frozen=True)
class Printable:
    code: str  # "epd", "statement", "certificate:debt"…
    title: str  # as the menu shows it


def printables_for(actor: Actor) -> list[Printable]:
    """The documents this user may print from an account's card."""
    out: list[Printable] = []
    if actor.can(Right.ACCOUNT_VIEW):
        out.append(Printable(EPD, "Единый платёжный документ (последний расчётный период)"))
        out.append(Printable(STATEMENT, "Выписка из финансового лицевого счёта за год"))
        out.append(Printable(PENALTY, "Расчёт пеней на сегодня (по периодам и дням)"))
    out += [Printable(CERTIFICATE + k.code, f"{k.title.capitalize()} {k.subtitle}")
            for k in kinds_for(actor)]
    return out


def documents_folder() -> Path:
    return user_data_dir() / "documents"


def last_charged_period(db: Database, number: str) -> Period:
    with db.session() as s:
        code = s.scalar(select(func.max(Operation.period))
                        .join(Account, Account.id == Operation.account_id)
                        .where(Account.number == number.strip(),
                               Operation.kind == K.CHARGE.value))
    if code is None:
        raise DomainError(f"Лицевой счёт {number}: начислений ещё не было — ЕПД не из чего "
                          "составить")
    return Period.from_code(int(code))


def produce(db: Database, actor: Actor, code: str, number: str, folder: Path | None = None,
            today: date | None = None) -> Generator[tuple[int, int, str], None, Path]:
    """Make document `code` of account `number` as a PDF; returns its path (a job: yields
    progress)."""
    actor.require(Right.ACCOUNT_VIEW)
    folder = folder or documents_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    yield 0, 1, "Формирование документа…"
    if code == EPD:
        period = last_charged_period(db, number)
        out = folder / f"ЕПД-{number}-{period}.pdf"
        print_epd(db, actor, number, period, out)
    elif code == STATEMENT:
        out = folder / f"Выписка-{number}-{stamp}.pdf"
        print_statement(db, actor, number, out, today=today)
    elif code == PENALTY:
        on = today or date.today()
        out = folder / f"Расчёт-пеней-{number}-{stamp}.pdf"
        print_penalty_statement(db, actor, number, on, out)
    elif code.startswith(CERTIFICATE):
        kind = code.removeprefix(CERTIFICATE)
        out = folder / f"Справка-{kind}-{number}-{stamp}.pdf"
        print_certificate(db, actor, kind, number, out, today=today)
    else:
        raise DomainError(f"Неизвестный документ «{code}»")
    yield 1, 1, "Готово"
    return out
