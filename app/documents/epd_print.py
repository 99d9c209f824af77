"""Use cases: print the payment document of one account, or of many into one PDF.

Mass printing is a generator of `(done, total, message)` like every long job: stop iterating to
cancel (the unfinished file is removed). Accounts come sorted for delivery — city, street,
house, flat in natural order — and each skipped account is listed with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, exists, func, select

from app.accounts.scope import scope_condition, visible_account
from app.calc.period import Period
from app.db import Database
from app.documents.epd import Skipped, build_documents
from app.documents.epd_parallel import (
    read_period_common,
    render_chunk,
    rendered_in_workers,
    usable_workers,
)
from app.documents.epd_rows import read_batch
from app.errors import DomainError
from app.models import Account, Building, Operation, Premise
from app.models.enums import OperationKind as K
from app.print.epd import EpdWriter
from app.print.epd_data import EpdDocument
from app.print.pdf_join import PdfJoiner
from app.rights import Actor, Right

CHUNK = 200  # accounts read and drawn at a time, a PDF of their own joined to the output as
# it comes (app.print.pdf_join): memory stays flat however many pages

Steps = Generator[tuple[int, int, str], None, "MassPrintResult"]


@dataclass(frozen=True)
class EpdFilter:
    """Which accounts a mass print covers; empty = every account the user sees."""

    company_id: int | None = None
    building_id: int | None = None
    street: str | None = None
    debtors_only: bool = False  # a debt at the end of the period
    account_numbers: tuple[str, ...] = ()


@dataclass
class MassPrintResult:
    path: Path
    pages: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def epd_document(db: Database, actor: Actor, number: str, period: Period) -> EpdDocument:
    """The payment document of one account; an account that gets none says why."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        account = visible_account(s, actor, number)[0]
        (doc,) = build_documents(read_batch(s, [account.id], period))
    if isinstance(doc, Skipped):
        raise DomainError(doc.reason)
    return doc


def print_epd(db: Database, actor: Actor, number: str, period: Period, out: Path) -> Path:
    """One account's payment document into `out` (PDF)."""
    doc = epd_document(db, actor, number, period)
    writer = EpdWriter(out)
    writer.add(doc)
    writer.save()
    return out


def print_epds(db: Database, actor: Actor, period: Period, flt: EpdFilter, out: Path,
               workers: int | None = None) -> Steps:
    """Payment documents of every account of the filter into one PDF, in delivery order.
    `workers`: processes drawing chunks (None: one per core for a large print, 0: here)."""
    actor.require(Right.ACCOUNT_VIEW)
    yield 0, 0, f"Отбор лицевых счетов за {period.title()}…"
    ids = delivery_ids(db, actor, period, flt)
    if not ids:
        raise DomainError("Под условия отбора не попал ни один лицевой счёт")
    result = MassPrintResult(out)
    chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]
    n = usable_workers(workers, len(ids))
    url = db.engine.url.render_as_string(hide_password=False)
    if n:
        rendered = rendered_in_workers(url, chunks, period, n)
    else:
        common = read_period_common(db, period)
        rendered = (render_chunk(db, chunk, period, common) for chunk in chunks)
    finished = False
    try:
        with out.open("wb") as f:
            joiner = PdfJoiner(f)
            done = 0
            for (pdf, pages, skipped), chunk in zip(rendered, chunks, strict=True):
                if pages:
                    joiner.add(pdf)
                result.skipped += skipped
                done += len(chunk)
                yield done, len(ids), f"Сформировано {done} из {len(ids)} документов"
            if joiner.pages == 0:
                raise DomainError("Ни один документ не сформирован:\n" + "\n".join(
                    f"• {sk.reason}" for sk in result.skipped[:20]))
            joiner.close()
            result.pages = joiner.pages
        finished = True
    finally:
        if not finished:
            out.unlink(missing_ok=True)
    return result


def delivery_ids(db: Database, actor: Actor, period: Period, flt: EpdFilter) -> list[int]:
    """The accounts of the filter this user sees, in delivery order."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        return delivery_order(s.execute(_accounts_query(actor, period, flt)).all())


def _accounts_query(actor: Actor, period: Period, flt: EpdFilter) -> Select[Any]:
    q: Select[Any]
    q = (select(Account.id, Building.city, Building.street, Building.house,  # type: ignore[assignment]
                Premise.number)
         .join(Premise, Premise.id == Account.premise_id)
         .join(Building, Building.id == Premise.building_id))
    if flt.company_id is not None:
        q = q.where(Building.company_id == flt.company_id)
    if flt.building_id is not None:
        q = q.where(Building.id == flt.building_id)
    if flt.street:
        q = q.where(func.lower(Building.street).contains(flt.street.strip().lower()))
    if flt.account_numbers:
        q = q.where(Account.number.in_([n.strip() for n in flt.account_numbers]))
    if (in_scope := scope_condition(actor)) is not None:
        q = q.where(in_scope)
    if flt.debtors_only:
        debt = (select(func.sum(Operation.amount)).where(Operation.account_id == Account.id,
                                                         Operation.period <= period.code)
                .scalar_subquery())
        q = q.where(debt > 0)
    else:
        charged = exists().where(and_(Operation.account_id == Account.id,
                                      Operation.period == period.code,
                                      Operation.kind == K.CHARGE.value))
        # an open account first: its operations are not looked at (a mass print's selection
        # would otherwise fill the SQLite page cache with the ledger of every account)
        q = q.where(Account.closed_on.is_(None) | charged)
    return q


_NUMBER = re.compile(r"(\d+)")


def natural(text: str) -> tuple[object, ...]:
    """"5к1" after "5" and before "12": numbers compared as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower())
                 for p in _NUMBER.split(text) if p)


def delivery_order(rows: Iterable[Sequence[Any]]) -> list[int]:
    """Account ids in the order a postman walks: city, street, house, flat."""
    keyed = sorted(rows, key=lambda r: (r[1], r[2].lower(), natural(r[3]), natural(r[4]), r[0]))
    return [r[0] for r in keyed]

