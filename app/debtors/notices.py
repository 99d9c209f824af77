"""Notices and warnings to debtors (ПП 354 п. 117–119): composed for each account with the debt
and the penalty on the day, numbered per kind and year in the journal (`debt_notice`), then
their delivery (date and way) — the 20 days before a service may be limited run from delivery.

A warning names the services to be limited. Heating, and cold water in an apartment building,
are never limited for debt, so a warning may not name them; and each service named must pass
the п. 117 test (`app.debtors.limitation`): the debt for it exceeds two monthly charges by the
norm. Accounts keeping a repayment agreement get neither notice nor warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.calc.period import Period
from app.changes import Change, reports
from app.db import Database
from app.debtors.agreements import kept_agreement_accounts
from app.debtors.debts import AccountDebt, MonthDebt, account_debts, debt_by_month
from app.debtors.limitation import NEVER_LIMITED, LimitationCheck, check_limitation
from app.documents.epd_print import natural
from app.errors import DomainError, NotFound
from app.ledger.periods import open_period
from app.models import Account, DebtNotice, Service
from app.models.enums import DeliveryWay, NoticeKind
from app.penalties.calculate import PenaltyDebtLine, penalty_lines
from app.penalties.calculate import services as service_infos
from app.penalties.rules import RuleBook, load_rules
from app.rights import Actor, Right
from app.titles import NOTICE_NUMBER_PREFIX
from app.usecase import Tx, transaction

DAYS_TO_PAY = 20  # п. 119: after delivery of the warning
LISTED_REFUSALS = 10

__all__ = ["DAYS_TO_PAY", "NEVER_LIMITED", "NoticeBatch", "NoticeContent", "compose_notices",
           "issue_notices", "record_delivery", "record_notices"]


@dataclass(frozen=True)
class NoticeContent:
    """What one account's notice says: the debt by month, the penalty calculation, and for a
    warning the п. 117 test of each service named."""

    debt: AccountDebt
    penalty: tuple[PenaltyDebtLine, ...]
    months: tuple[MonthDebt, ...]  # the debt and the penalty by month, each summing to its total
    checks: tuple[LimitationCheck, ...] = ()

    @property
    def penalty_total(self) -> int:
        return sum(line.amount for line in self.penalty)


@dataclass
class NoticeBatch:
    kind: NoticeKind
    on: date
    services: tuple[str, ...]
    service_names: dict[str, str]
    contents: list[NoticeContent] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # account number, why


def _services_named(s: Session, kind: NoticeKind, codes: Sequence[str]) -> dict[str, str]:
    if kind == NoticeKind.LIMITATION_WARNING:
        if not codes:
            raise DomainError("В предупреждении назовите услугу, которую ограничат")
        banned = [NEVER_LIMITED[c] for c in codes if c in NEVER_LIMITED]
        if banned:
            raise DomainError(f"За долг не ограничивают и не приостанавливают "
                              f"{', '.join(banned)} (ПП 354 п. 119): уберите из предупреждения")
    names = dict(s.execute(select(Service.code, Service.name).where(Service.code.in_(codes))).all())
    unknown = [c for c in codes if c not in names]
    if unknown:
        raise NotFound(f"Нет услуг: {', '.join(unknown)}")
    return names


def compose_notices(s: Session, actor: Actor, account_ids: Sequence[int], kind: NoticeKind,
                    on: date, service_codes: Sequence[str] = (), *,
                    skip_refused: bool = False) -> NoticeBatch:
    """The notices of the accounts that owe on `on`, in delivery order. An account without debt
    or keeping an agreement is skipped with the reason; one failing the п. 117 test refuses the
    whole batch (`skip_refused`: it is skipped too, with the reason)."""
    actor.require(Right.DEBTORS)
    codes = tuple(dict.fromkeys(c.strip() for c in service_codes if c.strip()))
    batch = NoticeBatch(kind, on, codes, _services_named(s, kind, codes))
    period = open_period(s)
    debts = {d.account_id: d for d in account_debts(s, actor, period, on,
                                                    account_ids=account_ids)}
    numbers = dict(s.execute(select(Account.id, Account.number)
                             .where(Account.id.in_(list(account_ids)))).all())
    for aid in account_ids:
        if aid not in debts and aid in numbers:
            batch.skipped.append((numbers[aid], "долга на дату нет"))
    kept = kept_agreement_accounts(s, on)
    owing: list[tuple[AccountDebt, tuple[LimitationCheck, ...]]] = []
    refusals: list[str] = []
    for d in sorted(debts.values(), key=lambda d: (natural(d.address), d.number)):
        if d.account_id in kept:
            batch.skipped.append((d.number, "соблюдает соглашение о рассрочке"))
            continue
        checks = []
        refused = ""
        if kind == NoticeKind.LIMITATION_WARNING:
            account = s.get_one(Account, d.account_id)
            for code in codes:
                try:
                    check = check_limitation(s, account, code, on, period)
                except DomainError as exc:
                    refused = refused or exc.message
                    continue
                checks.append(check)
                if not check.allowed:
                    refused = refused or check.refusal()
        if refused:
            batch.skipped.append((d.number, refused))
            refusals.append(refused)
            continue
        owing.append((d, tuple(checks)))
    if refusals and not skip_refused:
        more = len(refusals) - LISTED_REFUSALS
        raise DomainError("Предупреждение не оформлено, ничего не записано:\n"
                          + "\n".join(f"• {r}" for r in refusals[:LISTED_REFUSALS])
                          + (f"\n… и ещё {more}" if more > 0 else ""))
    book = load_rules(s)
    lines = penalty_lines(s, book, [d.account_id for d, _c in owing], on, service_infos(s))
    for d, tested in owing:
        mine = tuple(lines.get(d.account_id, ()))
        months = debt_by_month(d.by_period, mine, partial(_due, book, d.company_id))
        batch.contents.append(NoticeContent(d, mine, tuple(months), tested))
    return batch


_NUMBERING_LOCK = 0x4B4E  # "KN": the class of PostgreSQL advisory locks of notice numbering


def _one_numbering_at_a_time(s: Session, batch: NoticeBatch) -> None:
    """Two prints of one kind and year at once would count the same numbers. SQLite lets one
    transaction write at a time anyway; on PostgreSQL the second waits for the first's commit
    (a lock held to the end of the transaction), then counts its notices too."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:kind, :key)"),
                  {"kind": _NUMBERING_LOCK,
                   "key": batch.on.year * 10 + list(NoticeKind).index(batch.kind)})


def _due(book: RuleBook, company_id: int | None, period: Period) -> date:
    return book.due(period, company_id)


def record_notices(tx: Tx, batch: NoticeBatch) -> list[tuple[int, str]]:
    """Number the batch's notices (per kind and year) and journal them; (id, number) each."""
    prefix = f"{NOTICE_NUMBER_PREFIX[batch.kind]}-{batch.on.year}/"
    _one_numbering_at_a_time(tx.session, batch)
    issued = int(tx.session.scalar(select(func.count()).select_from(DebtNotice).where(
        DebtNotice.number.like(f"{prefix}%"))) or 0)
    out = []
    for n, content in enumerate(batch.contents, start=issued + 1):
        notice = DebtNotice(account_id=content.debt.account_id, kind=batch.kind,
                            issued_on=batch.on, debt=content.debt.debt,
                            penalty=content.penalty_total,
                            services=",".join(batch.services) or None, number=f"{prefix}{n}",
                            created_by_id=tx.actor.user_id, created_at=tx.now)
        tx.session.add(notice)
        tx.session.flush()
        out.append((notice.id, f"{prefix}{n}"))
    tx.audit("notice.issue", "debt_notice", None,
             after={"kind": batch.kind, "on": batch.on, "services": list(batch.services),
                    "notices": [number for _id, number in out],
                    "skipped": [f"{a}: {why}" for a, why in batch.skipped]})
    return out


@reports(Change.DEBTORS)
def issue_notices(db: Database, actor: Actor, account_ids: Sequence[int], kind: NoticeKind,
                  on: date, services: Sequence[str] = (), *,
                  skip_refused: bool = False) -> list[int]:
    """Journal one numbered notice per account that still owes on `on` (nothing printed);
    returns the notices' ids."""
    with transaction(db, actor, Right.DEBTORS) as tx:
        batch = compose_notices(tx.session, actor, account_ids, kind, on, services,
                                skip_refused=skip_refused)
        return [i for i, _n in record_notices(tx, batch)]


@reports(Change.DEBTORS)
def record_delivery(db: Database, actor: Actor, notice_id: int, delivered_on: date,
                    way: DeliveryWay) -> date:
    """Record the delivery; returns the last day to pay before the service may be limited."""
    with transaction(db, actor, Right.DEBTORS) as tx:
        notice = tx.session.get(DebtNotice, notice_id)
        if notice is None:
            raise NotFound(f"Уведомление № {notice_id} не найдено")
        if delivered_on < notice.issued_on:
            raise DomainError("Дата вручения раньше даты уведомления")
        account = tx.session.get(Account, notice.account_id)
        tx.audit("notice.delivered", "debt_notice", notice.id,
                 before={"delivered_on": notice.delivered_on, "way": notice.delivery_way},
                 after={"delivered_on": delivered_on, "way": way,
                        "account": account.number if account else None})
        notice.delivered_on, notice.delivery_way = delivered_on, way
    return delivered_on + timedelta(days=DAYS_TO_PAY)

