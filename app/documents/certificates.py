"""Use cases: issue a certificate (numbered in the journal), print a statement, list the journal.

A certificate is composed first, then numbered: the journal row, its audit entry and the
number are one transaction, so a certificate that could not be composed leaves no gap in the
numbering. The statement of the financial account is not a certificate and is not journaled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from app.accounts.card import load_card
from app.accounts.views import AccountCard
from app.calc.period import Period
from app.db import Database
from app.documents import certificate_texts as texts
from app.documents.epd_rows import party_of
from app.errors import DomainError
from app.models import Account, Building, CertificateIssue, Organization, Premise
from app.models.base import utcnow
from app.print.certificate import Certificate, write_certificate
from app.print.epd_data import Party
from app.rights import Actor, Right
from app.usecase import transaction


@dataclass(frozen=True)
class CertificateKind:
    code: str  # as the command line names it
    title: str
    subtitle: str
    signer: str
    rights: tuple[Right, ...]  # besides issuing certificates
    span: bool = False  # covers a range of periods


KINDS = {k.code: k for k in (
    CertificateKind("family", "СПРАВКА", "о составе семьи", "Паспортист",
                    (Right.PERSONAL_DATA,)),
    CertificateKind("house-book", "ВЫПИСКА", "из домовой книги (поквартирной карточки)",
                    "Паспортист", (Right.PERSONAL_DATA,)),
    CertificateKind("debt", "СПРАВКА", "о наличии (отсутствии) задолженности",
                    "Специалист расчётного отдела", ()),
    CertificateKind("account-copy", "КОПИЯ", "финансово-лицевого счёта",
                    "Специалист расчётного отдела", ()),
    CertificateKind("turnover", "СПРАВКА", "о начислениях и оплатах за период",
                    "Специалист расчётного отдела", (), span=True),
)}


@dataclass(frozen=True)
class JournalRow:
    number: str
    issued_on: date
    kind: str
    kind_title: str
    account_number: str
    issued_by: str
    recipient: str


def kinds_for(actor: Actor) -> list[CertificateKind]:
    """The certificates this user may issue (the «Печать» menu shows these)."""
    if not actor.can(Right.CERTIFICATE_ISSUE):
        return []
    return [k for k in KINDS.values() if all(actor.can(r) for r in k.rights)]


def kind_of(code: str) -> CertificateKind:
    kind = KINDS.get(code)
    if kind is None:
        raise DomainError(f"Неизвестный вид справки «{code}»: допустимы "
                          + ", ".join(KINDS))
    return kind


def issue_certificate(db: Database, actor: Actor, code: str, number: str, *,
                      recipient: str | None = None, today: date | None = None,
                      first: Period | None = None, last: Period | None = None) -> Certificate:
    """Compose certificate `code` for account `number`, enter it in the journal, return it."""
    actor.require(Right.CERTIFICATE_ISSUE)
    kind = kind_of(code)
    for right in kind.rights:
        actor.require(right)
    today = today or date.today()
    card = load_card(db, actor, number, today)
    blocks = _blocks(kind, card, today, first, last)
    whom = (recipient or card.general.payer_name).strip()
    cert = Certificate(title=kind.title, subtitle=kind.subtitle, number="", issued_on=today,
                       issuer=issuer_of(db, card.general.account_id), blocks=blocks,
                       signer_title=kind.signer, signer_name=actor.full_name, recipient=whom)
    with transaction(db, actor, Right.CERTIFICATE_ISSUE) as tx:
        s = tx.session
        seq = (s.scalar(select(func.max(CertificateIssue.seq))
                        .where(CertificateIssue.year == today.year)) or 0) + 1
        row = CertificateIssue(year=today.year, seq=seq, issued_on=today, kind=kind.code,
                               account_id=card.general.account_id, issued_by_id=actor.user_id,
                               issued_by_name=actor.full_name, recipient=whom,
                               created_at=utcnow())
        s.add(row)
        s.flush()
        tx.audit("certificate.issue", "certificate_issue", row.id,
                 after={"number": row.number, "kind": kind.code, "account": card.general.number,
                        "recipient": whom})
        return replace(cert, number=row.number)


def _blocks(kind: CertificateKind, card: AccountCard, today: date, first: Period | None,
            last: Period | None) -> texts.Blocks:
    if kind.span:
        return texts.turnover(card, _span(card, first, last))
    build: dict[str, Callable[[AccountCard, date], texts.Blocks]] = {
        "family": texts.family, "house-book": texts.house_book, "debt": texts.debt,
        "account-copy": texts.account_copy}
    return build[kind.code](card, today)


def _span(card: AccountCard, first: Period | None, last: Period | None) -> texts.Span | None:
    default = texts.default_span(card)
    if first is None and last is None:
        return default
    end = last or (default.last if default else first)
    start = first or (end.shift(-11) if end else None)
    if start is None or end is None:
        return None
    if start > end:
        raise DomainError(f"Начало периода {start.title()} позже его конца {end.title()}")
    return texts.Span(start, end)


def print_certificate(db: Database, actor: Actor, code: str, number: str, out: Path, *,
                      recipient: str | None = None, today: date | None = None,
                      first: Period | None = None, last: Period | None = None) -> Certificate:
    actor.require(Right.CERTIFICATE_ISSUE)
    cert = issue_certificate(db, actor, code, number, recipient=recipient, today=today,
                             first=first, last=last)
    write_certificate(out, cert)
    return cert


def account_statement(db: Database, actor: Actor, number: str, *, first: Period | None = None,
                      last: Period | None = None, today: date | None = None) -> Certificate:
    """Выписка из финансового лицевого счёта by month and service for a range of periods."""
    today = today or date.today()
    card = load_card(db, actor, number, today)
    span = _span(card, first, last)
    subtitle = "из финансового лицевого счёта" + (f" за {span.title}" if span else "")
    return Certificate(title="ВЫПИСКА", subtitle=subtitle, number="", issued_on=today,
                       issuer=issuer_of(db, card.general.account_id),
                       blocks=texts.statement(card, span), signer_title="Специалист "
                       "расчётного отдела", signer_name=actor.full_name, purpose="", wide=True)


def print_statement(db: Database, actor: Actor, number: str, out: Path, *,
                    first: Period | None = None, last: Period | None = None,
                    today: date | None = None) -> Certificate:
    cert = account_statement(db, actor, number, first=first, last=last, today=today)
    write_certificate(out, cert)
    return cert


def issuer_of(db: Database, account_id: int) -> Party:
    """The account's management company, whose requisites head the certificate."""
    with db.session() as s:
        org = s.scalar(select(Organization)
                       .join(Building, Building.company_id == Organization.id)
                       .join(Premise, Premise.building_id == Building.id)
                       .join(Account, Account.premise_id == Premise.id)
                       .where(Account.id == account_id))
        if org is None:
            raise DomainError("У дома не указана управляющая организация — справку некому "
                              "выдать")
        return party_of(org)


def certificate_journal(db: Database, actor: Actor, number: str | None = None,
                        limit: int = 500) -> list[JournalRow]:
    """The latest issued certificates, of one account or of all."""
    actor.require(Right.CERTIFICATE_ISSUE)
    with db.session() as s:
        q = (select(CertificateIssue, Account.number)
             .join(Account, Account.id == CertificateIssue.account_id)
             .order_by(CertificateIssue.year.desc(), CertificateIssue.seq.desc()).limit(limit))
        if number:
            q = q.where(Account.number == number.strip())
        return [JournalRow(c.number, c.issued_on, c.kind, kind_of(c.kind).subtitle, acc,
                           c.issued_by_name, c.recipient) for c, acc in s.execute(q)]

