"""Triggered retroactive recalculation: a use case changed an input of a closed period.

Two steps, with the request queue (`recalc_request`) between them as the durable record:

1. **In the use case's transaction**, `queue_recalculation` writes one request per affected
   account, from the first changed period. The input change and its requests commit together
   or not at all.
2. **Right after that commit**, `run_queued` (the use case's caller-facing wrapper around
   `run_requests`) recomputes those accounts from the earliest requested period through the
   last closed one with the engine (`app.recalc.retro`) and posts `new − old` in the open
   period as recalculation operations naming the corrected period, with both bases. The
   requests are marked done, with the batch, in the same transaction as the posting.

If step 2 fails (a calculation error, the database busy, the program killed) the input change
stands and its requests stay open in the accrual specialist's list, who runs them again: the
engine posts differences, so a request run twice — or a change that altered nothing — posts
nothing more. Step 2 is not folded into step 1 because a change can reach the whole town (a
tariff, a norm): holding the single writer's lock for a multi-period recalculation of every
account would stop the cash desk, and the clerk's or the tariff editor's change must not be lost
to a failure of the recalculation.

Authority: step 2 runs as the same acting user under the right that authorised the input change
(`Right.PASSPORT_EDIT` for an arrival, `READINGS_ENTER` for a reading, `TARIFFS_EDIT` for a
tariff…), and then only for the requests that user queued; any other open request needs
`Right.BILLING_RUN` (the accrual specialist's, who also runs requests whose step 2 failed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, insert, select, update

from app.billing.scope import Scope
from app.calc.period import Period
from app.db import Database
from app.errors import AccessDenied, DomainError
from app.ledger.periods import open_period
from app.models import BillingPeriod, RecalcRequest
from app.recalc.ledger import services_by_id
from app.recalc.outcome import PostedLine, Triggered
from app.recalc.retro import Difference, recalculate_in
from app.rights import Actor, Right
from app.usecase import Tx, transaction

CHUNK = 5000  # ids per IN list; more accounts than this are recalculated as the whole town


def first_changed_period(tx: Tx, day: date) -> Period | None:
    """The first closed period a change dated `day` touches; None when it touches none (the
    open period's calculation takes it up). Nothing was billed before the first period on
    record, so a change dated earlier is recalculated from there."""
    s = tx.session
    current = open_period(s)
    first = s.scalar(select(func.min(BillingPeriod.code)))
    changed = max(Period.of(day), Period.from_code(first)) if first else Period.of(day)
    return changed if changed < current else None


def queue_recalculation(tx: Tx, account_ids: Iterable[int], day: date, cause: str
                        ) -> list[int]:
    """Step 1: queue the accounts' recalculation from the period of `day`, when it is closed.
    Returns the ids of the requests written (none for a change of the open period)."""
    changed = first_changed_period(tx, day)
    if changed is None:
        return []
    accounts = list(dict.fromkeys(account_ids))
    if not accounts:
        return []
    ids = list(tx.session.scalars(insert(RecalcRequest).returning(RecalcRequest.id), [
        {"account_id": acc, "from_period": changed.code, "cause": cause[:300],
         "created_by_id": tx.actor.user_id, "created_at": tx.now} for acc in accounts]))
    tx.audit("recalc_request.add", "recalc_request", ids[0] if len(ids) == 1 else None, after={
        "request_ids": ids if len(ids) <= 100 else [ids[0], ids[-1]], "accounts": len(ids),
        "from_period": changed.code, "cause": cause[:300]})
    return sorted(ids)


def run_requests(db: Database, actor: Actor, request_ids: Sequence[int], right: Right
                 ) -> Triggered:
    """Step 2: recalculate the open ones of `request_ids` and mark them done, in one transaction
    under `right` (see the module's note on authority)."""
    with transaction(db, actor, right) as tx:
        s = tx.session
        rows: list[tuple[int, int, int, int | None]] = []
        wanted = list(dict.fromkeys(request_ids))
        for i in range(0, len(wanted), CHUNK):
            q = (select(RecalcRequest.id, RecalcRequest.account_id, RecalcRequest.from_period,
                        RecalcRequest.created_by_id)
                 .where(RecalcRequest.id.in_(wanted[i:i + CHUNK]),
                        RecalcRequest.done_at.is_(None))
                 .with_for_update())
            rows += [(r[0], r[1], r[2], r[3]) for r in s.execute(q)]
        if not rows:
            return Triggered()
        if any(who != actor.user_id for _i, _a, _p, who in rows) and \
                not actor.can(Right.BILLING_RUN):
            raise AccessDenied("Запросы на перерасчёт, поставленные другими пользователями, "
                               "выполняет специалист по начислениям")
        target = open_period(s)
        first = Period.from_code(min(p for _i, _a, p, _w in rows))
        accounts = tuple(sorted({a for _i, a, _p, _w in rows}))
        diffs: list[Difference] = []
        batch = None
        if first < target:  # a town-wide change: one scope of everything, not a list of ids
            scope = Scope(account_ids=accounts) if len(accounts) <= CHUNK else Scope()
            result = recalculate_in(tx, first, target.prev(), scope)
            diffs, batch = result.differences, result.batch
        names = services_by_id(s) if diffs else {}
        done = sorted(i for i, _a, _p, _w in rows)
        for i in range(0, len(done), CHUNK):
            s.execute(update(RecalcRequest).where(RecalcRequest.id.in_(done[i:i + CHUNK]))
                      .values(done_at=tx.now, done_by_id=actor.user_id, batch=batch))
        tx.audit("recalc_request.done", "recalc_request", done[0] if len(done) == 1 else None,
                 after={"request_ids": done if len(done) <= 100 else [done[0], done[-1]],
                        "accounts": len(accounts), "batch": batch})
        return Triggered(tuple(done), target, batch, tuple(
            PostedLine(d.account_number, d.period, names[d.service_id][1], d.old, d.new)
            for d in diffs))


def run_queued(db: Database, actor: Actor, request_ids: Sequence[int], right: Right
               ) -> Triggered:
    """Step 2 right after the use case committed: a refusal or failure is reported, not
    raised — the input change is saved and its requests stay open for the accrual
    specialist."""
    ids = tuple(request_ids)
    if not ids:
        return Triggered()
    try:
        return run_requests(db, actor, ids, right)
    except DomainError as exc:
        return Triggered(ids, error=exc.message)
