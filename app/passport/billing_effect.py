"""What a change of residents does to billing.

Registered residents per day drive norm-based charges (`app.billing.occupants`), so the open
period's calculation picks an arrival or a departure up by itself. A change dated in a closed
period needs that period recomputed and the difference posted in the open one
(`app.recalc.trigger`): `residents_changed`, the one place every arrival and departure passes
through inside the clerk's transaction, queues a `RecalcRequest` per affected account; after the
commit `finish` posts the recalculation and the clerk sees it. A request whose recalculation
failed stays open in the accrual specialist's list.

Any change of residents also refreshes the accounts' search index (residents' names are search
words), in the same transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.accounts.scope import visible
from app.accounts.search_index import index_account
from app.accounts.text import address_line
from app.db import Database
from app.errors import DomainError, NotFound
from app.models import Account, Building, Premise, RecalcRequest, User
from app.passport.views import ChangeResult, RecalcRequestRow
from app.recalc.outcome import Triggered
from app.recalc.trigger import queue_recalculation, run_queued, run_requests
from app.rights import Actor, Right
from app.usecase import Tx, transaction


def affected_accounts(s: Session, premise_id: int, account_id: int | None) -> list[int]:
    """A registration naming a room's account counts for that account only; one naming none
    counts for every account of the premise (as `app.billing.occupants` counts them)."""
    if account_id is not None:
        return [account_id]
    return list(s.scalars(select(Account.id).where(Account.premise_id == premise_id)
                          .order_by(Account.id)))


def residents_changed(tx: Tx, premise_id: int, account_id: int | None, day: date, cause: str,
                      today: date) -> list[int]:
    """Re-index the affected accounts; when `day` falls in a closed period, queue their
    recalculation from that period (`app.recalc.trigger`, step 1). Returns the ids of the
    requests queued, for the caller to run after its commit (`finish`)."""
    s = tx.session
    accounts = affected_accounts(s, premise_id, account_id)
    for acc in accounts:
        index_account(s, acc, today)
    return queue_recalculation(tx, accounts, day, cause)


def finish(db: Database, actor: Actor, result: ChangeResult) -> ChangeResult:
    """After the clerk's change committed: post the recalculation it queued (step 2, under the
    clerk's own right to register) and tell what was posted — or, when that failed, that the
    requests wait for the accrual specialist."""
    actor.require(Right.PASSPORT_EDIT)
    if not result.queued:
        return result
    done = run_queued(db, actor, [q.request_id for q in result.queued], Right.PASSPORT_EDIT)
    with db.session() as s:
        rows = tuple(row for row, _c, _b in request_rows(s, [q.request_id for q in result.queued]))
    return replace(result, queued=rows, recalculation=done)


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


def run_open_requests(db: Database, actor: Actor) -> Triggered:
    """The accrual specialist runs every open request of their scope (those whose recalculation
    failed after the change, or were queued before the engine was connected): one
    recalculation, posted, the requests marked done with its batch."""
    actor.require(Right.BILLING_RUN)
    ids = [r.request_id for r in open_requests(db, actor)]
    return run_requests(db, actor, ids, Right.BILLING_RUN) if ids else Triggered()


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
