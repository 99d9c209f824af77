"""Use case: print notices or warnings for a list of accounts into one PDF — each numbered in
the journal, with its debt and penalty calculation attached.

A generator of `(done, total, message)` like every long job. The numbers and the journal rows
are one transaction that commits only after the last notice is drawn and the file is complete;
stop iterating to cancel: nothing is journaled and no file is left (the PDF is written beside
the target and moved into place after the commit).
"""

from __future__ import annotations

import io
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.db import Database
from app.debtors.notice_texts import notice_document
from app.debtors.notices import compose_notices, record_notices
from app.documents.epd_rows import party_of
from app.errors import DomainError
from app.models import Organization
from app.models.enums import NoticeKind
from app.print.certificate import write_certificate
from app.print.epd_data import Party
from app.print.pdf_join import PdfJoiner
from app.rights import Actor, Right
from app.titles import NOTICE_KIND
from app.usecase import Tx, transaction

MAX_SKIPPED_SHOWN = 20


@dataclass
class NoticePrintResult:
    path: Path
    numbers: list[str] = field(default_factory=list)
    pages: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # account number, why

    def summary(self) -> str:
        first_last = f" ({self.numbers[0]} — {self.numbers[-1]})" if self.numbers else ""
        text = (f"Напечатано {len(self.numbers)}{first_last}, страниц {self.pages}: "
                f"{self.path}")
        if self.skipped:
            text += f"; пропущено {len(self.skipped)}"
        return text


def print_notices(db: Database, actor: Actor, account_ids: Sequence[int], kind: NoticeKind,
                  on: date, out: Path, services: Sequence[str] = (), *,
                  skip_refused: bool = False
                  ) -> Generator[tuple[int, int, str], None, NoticePrintResult]:
    actor.require(Right.DEBTORS)
    if not account_ids:
        raise DomainError("Список пуст: выберите должников")
    if not out.parent.is_dir():
        raise DomainError(f"Папки {out.parent} нет: файл не записать")
    what = NOTICE_KIND[kind]
    yield 0, len(account_ids), f"Расчёт долга и пеней: {len(account_ids)} лицевых счетов…"
    part = out.with_name(out.name + ".part")
    result = NoticePrintResult(out)
    try:
        with transaction(db, actor, Right.DEBTORS) as tx:
            batch = compose_notices(tx.session, actor, account_ids, kind, on, services,
                                    skip_refused=skip_refused)
            result.skipped = batch.skipped
            if not batch.contents:
                raise DomainError(f"Ни одного документа ({what}) не сформировано:\n" + "\n".join(
                    f"• {a}: {why}" for a, why in batch.skipped[:MAX_SKIPPED_SHOWN]))
            numbered = record_notices(tx, batch)
            issuers: dict[int | None, Party] = {}
            total = len(batch.contents)
            with part.open("wb") as f:
                joiner = PdfJoiner(f)
                for i, (content, (_id, number)) in enumerate(
                        zip(batch.contents, numbered, strict=True), start=1):
                    company = content.debt.company_id
                    if company not in issuers:
                        issuers[company] = _issuer(tx, company)
                    buf = io.BytesIO()
                    write_certificate(buf, notice_document(content, batch, number,
                                                           issuers[company], actor.full_name))
                    joiner.add(buf.getvalue())
                    result.numbers.append(number)
                    yield i, total, f"{number}: лицевой счёт {content.debt.number}"
                joiner.close()
                result.pages = joiner.pages
        part.replace(out)
    finally:
        part.unlink(missing_ok=True)
    return result


def _issuer(tx: Tx, company_id: int | None) -> Party:
    session = tx.session
    org = session.get(Organization, company_id) if company_id is not None else None
    if org is None:
        org = session.scalars(select(Organization).order_by(Organization.id)).first()
    if org is None:
        raise DomainError("В базе нет управляющей компании: уведомление не от кого выдать")
    return party_of(org)
