"""Notices and warnings to debtors (ПП 354 п. 117–119): recorded for each account with the debt
on the day, then their delivery (date and way) — the 20 days before a service may be limited
run from delivery. Heating, and cold water in an apartment building, are never limited for
debt, so a warning may not name them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select

from app.db import Database
from app.debtors.debts import account_debts
from app.errors import DomainError, NotFound
from app.ledger.periods import open_period
from app.models import Account, DebtNotice, Service
from app.models.enums import DeliveryWay, NoticeKind
from app.rights import Actor, Right
from app.usecase import transaction

NEVER_LIMITED = {"heating": "отопление", "cold_water": "холодное водоснабжение"}
DAYS_TO_PAY = 20  # п. 119: after delivery of the warning


def issue_notices(db: Database, actor: Actor, account_ids: Sequence[int], kind: NoticeKind,
                  on: date, services: Sequence[str] = ()) -> list[int]:
    """One notice per account that still has a debt on `on`; returns the notices' ids."""
    if kind == NoticeKind.LIMITATION_WARNING:
        if not services:
            raise DomainError("В предупреждении назовите услугу, которую ограничат")
        banned = [NEVER_LIMITED[s] for s in services if s in NEVER_LIMITED]
        if banned:
            raise DomainError(f"За долг не ограничивают и не приостанавливают "
                              f"{', '.join(banned)} (ПП 354 п. 119): уберите из предупреждения")
    with transaction(db, actor, Right.DEBTORS) as tx:
        known = set(tx.session.scalars(select(Service.code).where(Service.code.in_(services))))
        unknown = [s for s in services if s not in known]
        if unknown:
            raise NotFound(f"Нет услуг: {', '.join(unknown)}")
        debts = account_debts(tx.session, actor, open_period(tx.session), on,
                              account_ids=account_ids)
        ids = []
        for d in debts:
            notice = DebtNotice(account_id=d.account_id, kind=kind, issued_on=on, debt=d.debt,
                                penalty=0, services=",".join(services) or None,
                                created_by_id=actor.user_id, created_at=tx.now)
            tx.session.add(notice)
            tx.session.flush()
            ids.append(notice.id)
        tx.audit("notice.issue", "debt_notice", None,
                 after={"kind": kind, "on": on, "notices": ids, "services": list(services)})
        return ids


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
