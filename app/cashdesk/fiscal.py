"""The fiscal register behind a driver interface, and the queue of documents it has not taken.

Every receipt is queued (`fiscal_document`, status queued) in the transaction that posts its
payment; `send_queued` hands the queue to the driver in order and marks what it confirmed. A
register that is off or out of paper leaves the documents queued; the next call resends them.

Shipped driver: `JournalFileDriver` — no fiscal register at all: it appends each document as a
JSON line to a journal file, and the UI names it so («Журнал в файле, без ККТ»). A driver for a
real register (АТОЛ, Штрих-М) implements the same two members.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select

from app.db import Database
from app.models import FiscalDocument
from app.models.enums import FiscalStatus
from app.rights import Actor, Right
from app.usecase import transaction


class FiscalError(Exception):
    """The register did not take the document (off, no paper, no connection)."""


@dataclass(frozen=True)
class FiscalAck:
    register: str  # ЗН ККТ
    storage: str  # ФН
    document: str  # ФД
    sign: str  # ФП


class FiscalDriver(Protocol):
    title: str  # what the UI shows

    def register(self, kind: str, number: int, payload: dict[str, Any]) -> FiscalAck: ...


class JournalFileDriver:
    """Writes fiscal documents to a journal file (JSON lines). Not a fiscal register."""

    title = "Журнал в файле, без ККТ"

    def __init__(self, path: Path) -> None:
        self.path = path

    def register(self, kind: str, number: int, payload: dict[str, Any]) -> FiscalAck:
        body = json.dumps({"kind": kind, "number": number, "payload": payload},
                          ensure_ascii=False, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(body + "\n")
                f.flush()
                os.fsync(f.fileno())
        except OSError as exc:
            raise FiscalError(f"Журнал {self.path} недоступен: {exc.strerror}") from None
        sign = str(int(hashlib.sha256(body.encode()).hexdigest()[:12], 16) % 10**10).zfill(10)
        return FiscalAck(register="ЖУРНАЛ", storage=self.path.name, document=str(number),
                         sign=sign)


@dataclass(frozen=True)
class SendResult:
    sent: int
    queued: int  # left in the queue
    error: str | None = None


def send_queued(db: Database, actor: Actor, driver: FiscalDriver, limit: int = 200
                ) -> SendResult:
    """Hand the queued documents to the driver, oldest first; stop at the first refusal so
    the register sees them in order."""
    actor.require(Right.CASH_TAKE)
    sent, error = 0, None
    with db.session() as s:
        ids = list(s.scalars(select(FiscalDocument.id)
                             .where(FiscalDocument.status == FiscalStatus.QUEUED.value)
                             .order_by(FiscalDocument.id).limit(limit)))
    for doc_id in ids:
        with transaction(db, actor, Right.CASH_TAKE) as tx:
            doc = tx.session.scalar(select(FiscalDocument).where(FiscalDocument.id == doc_id)
                                    .with_for_update())
            if doc is None or doc.status != FiscalStatus.QUEUED.value:
                continue  # another desk's sender took it
            doc.attempts += 1
            try:
                ack = driver.register(doc.kind, doc.number, doc.payload)
            except FiscalError as exc:
                doc.last_error = str(exc)[:300]
                error = str(exc)
            else:
                doc.status = FiscalStatus.SENT.value
                doc.fiscal_sign = ack.sign
                doc.sent_at = tx.now
                doc.last_error = None
                doc.payload = {**doc.payload, "register": {
                    "ЗН ККТ": ack.register, "ФН": ack.storage, "ФД": ack.document,
                    "ФП": ack.sign}}
                sent += 1
        if error:
            break
    return SendResult(sent, queued_count(db), error)


def queued_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(FiscalDocument).where(
            FiscalDocument.status == FiscalStatus.QUEUED.value)) or 0)


def journal_path() -> Path:
    """The journal-file register's file: KVARTAL_FISCAL_JOURNAL, else beside the local data."""
    from app.db import user_data_dir

    override = os.environ.get("KVARTAL_FISCAL_JOURNAL")
    return Path(override) if override else user_data_dir() / "fiscal-journal.jsonl"


def default_driver() -> FiscalDriver:
    return JournalFileDriver(journal_path())
