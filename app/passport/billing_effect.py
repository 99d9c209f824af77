"""What a change of residents does to billing.

Registered residents per day drive norm-based charges (`app.billing.occupants`), so the open
period's calculation picks an arrival or a departure up by itself. A change dated in a closed
period needs that period recomputed and the difference posted in the open one: until the
recalculation engine (`app.recalc`) is connected here, such a change is queued as a
`RecalcRequest` per affected account, and the accrual specialist works the open list.

THE RECALC HOOK: `residents_changed` is the one place every arrival and departure passes through,
inside the clerk's transaction. At merge, where it queues a request, call the engine for
(account, from_period) and record what it posted (then mark the request done with the result).

Any change of residents also refreshes the accounts' search index (residents' names are search
words), in the same transaction.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.accounts.scope import visible
from app.accounts.search_index import index_account
from app.accounts.text import address_line
from app.calc.period import Period
from app.db import Database
from app.errors import DomainError, NotFound
from app.models import Account, BillingPeriod, Building, Premise, RecalcRequest, User
from app.models.enums import PeriodStatus
from app.passport.views import RecalcRequestRow
from app.rights import Actor, Right
from app.usecase import Tx, transaction


def affected_accounts(s: Session, premise_id: int, account_id: int | None) -> list[int]:
    """A registration naming a room's account counts for that account only; one naming none
    counts for every account of the premise (as `app.billing.occupants` counts them)."""
    if account_id is not None:
        return [account_id]
    return list(s.scalars(select(Account.id).where(Account.premise_id == premise_id)
                          .order_by(Account.id)))


def first_open_period(s: Session) -> Period | None:
    code = s.scalar(select(BillingPeriod.code).where(BillingPeriod.status == PeriodStatus.OPEN)
                    .order_by(BillingPeriod.code).limit(1))
    return Period.from_code(code) if code is not None else None


def residents_changed(tx: Tx, premise_id: int, account_id: int | None, day: date, cause: str,
                      today: date) -> list[int]:
    """Re-index the affected accounts; when `day` falls in a closed period, queue their
    recalculation from that period. Returns the ids of the requests queued."""
    s = tx.session
    accounts = affected_accounts(s, premise_id, account_id)
    for acc in accounts:
        index_account(s, acc, today)
    open_p = first_open_period(s)
    # nothing was billed before the first period on record: recompute from there at the earliest
    first = s.scalar(select(func.min(BillingPeriod.code)))
    changed = max(Period.of(day), Period.from_code(first)) if first else Period.of(day)
    if open_p is None or changed >= open_p:
        return []
    requests = [RecalcRequest(account_id=acc, from_period=changed.code, cause=cause[:300],
                              created_by_id=tx.actor.user_id, created_at=tx.now)
                for acc in accounts]
    s.add_all(requests)
    s.flush()
    for r in requests:
        tx.audit("recalc_request.add", "account", r.account_id,
                 after={"request_id": r.id, "from_period": r.from_period, "cause": r.cause})
    return [r.id for r in requests]


def request_rows(s: Session, ids: list[int] | None = None, *, open_only: bool = False
                 ) -> list[tuple[RecalcRequestRow, int | None, int]]:
    """(row, company_id, building_id) of the requests, oldest first."""
    author = aliased(User)
    q = (select(RecalcRequest, Account.number, Building.street, Building.house, Premise.number,
                Premise.kind, author.full_name, Building.company_id, Building.id)
         .join(Account, Account.id == RecalcRequest.account_id)
         .join(Premise, Premise.id == Account.premise_id)
         .join(Building, Building.id == Premise.building_id)
         .outerjoin(author, author.id == RecalcRequest.created_by_id)
         .order_by(RecalcRequest.created_at, RecalcRequest.id))
    if ids is not None:
        q = q.where(RecalcRequest.id.in_(ids))
    if open_only:
        q = q.where(RecalcRequest.done_at.is_(None))
    out = []
    for r, number, street, house, flat, kind, who, company_id, building_id in s.execute(q):
        out.append((RecalcRequestRow(
            request_id=r.id, account_id=r.account_id, account_number=number,
            address=address_line(street, house, flat, kind), from_period=r.from_period,
            cause=r.cause, created_by=who or "Система", created_at=r.created_at,
            done_at=r.done_at), company_id, building_id))
    return out


def open_requests(db: Database, actor: Actor) -> list[RecalcRequestRow]:
    """The recalculations waiting for the accrual specialist, in the actor's scope."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        return [row for row, company, building in request_rows(s, open_only=True)
                if visible(actor, company, building)]


def mark_done(db: Database, actor: Actor, request_id: int) -> RecalcRequestRow:
    """The accrual specialist recalculated the account from the period: the request leaves the
    open list (kept, with who and when)."""
    with transaction(db, actor, Right.BILLING_RUN) as tx:
        s = tx.session
        request = s.get(RecalcRequest, request_id)
        if request is None:
            raise NotFound(f"Запрос на перерасчёт №{request_id} не найден")
        if request.done_at is not None:
            raise DomainError(f"Запрос на перерасчёт №{request_id} уже выполнен "
                              f"{request.done_at:%d.%m.%Y}")
        request.done_at, request.done_by_id = tx.now, actor.user_id
        s.flush()
        tx.audit("recalc_request.done", "account", request.account_id,
                 before={"request_id": request_id, "done_at": None},
                 after={"request_id": request_id, "done_at": tx.now})
        return request_rows(s, [request_id])[0][0]
