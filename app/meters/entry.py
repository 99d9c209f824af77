"""Reading entry: the sheet of meters to read for a period, and saving what was typed.

    rows = reading_sheet(db, actor, period, building_id=5)
    checks = check_readings(db, actor, period, entries, today=date.today())   # live remarks
    result = enter_readings(db, actor, period, entries, today=date.today(), confirm_warnings=True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import select, update

from app.calc.period import Period
from app.changes import Change, reports
from app.db import Database
from app.errors import DomainError, Problem
from app.meters.rules import zone_title
from app.meters.state import (
    MeterInfo,
    ZoneState,
    load_states,
    meters_by_id,
    period_closed,
    select_meters,
)
from app.meters.validation import (
    EntryCheck,
    ReadingEntry,
    check_batch,
    context,
    raise_if_blocked,
)
from app.models import Account, AccountList, Building, Premise, Reading
from app.models.enums import ReadingKind
from app.recalc.outcome import Triggered
from app.recalc.trigger import queue_recalculation, run_queued
from app.rights import Actor, Right
from app.titles import RESOURCE_SHORT
from app.usecase import Tx, transaction


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One line of a reading sheet: one zone of one meter."""

    meter_id: int
    zone: int
    zones: int
    account_id: int | None
    account_number: str | None
    address: str
    house: str
    flat: str
    resource: str
    resource_title: str
    serial: str
    zone_title: str
    digits: int
    previous: Decimal | None
    previous_period: int | None
    previous_taken_on: date | None
    current: Decimal | None  # already entered for this period
    average: Decimal | None
    next_verification: date | None
    kind: str


def _rows(meters: Sequence[MeterInfo], states: dict[tuple[int, int], ZoneState]
          ) -> list[SheetRow]:
    out = []
    for m in meters:
        for zone in range(1, m.zones + 1):
            st = states[(m.meter_id, zone)]
            prev = st.previous
            out.append(SheetRow(
                m.meter_id, zone, m.zones, m.account_id, m.account_number, m.address, m.house,
                m.flat,
                m.resource, RESOURCE_SHORT.get(m.resource, m.resource),
                m.serial, zone_title(zone, m.zones), m.digits,
                prev.value if prev else None, prev.period if prev else None,
                st.previous_taken_on, st.current.value if st.current else None, st.average,
                m.next_verification, m.kind))
    return out


def reading_sheet(db: Database, actor: Actor, period: Period, *, building_id: int | None = None,
                  street: str | None = None, list_id: int | None = None,
                  account_id: int | None = None) -> list[SheetRow]:
    """Meters to read for the period by building, street, route (a list of accounts) or account,
    in walking order, with the previous reading and the average monthly consumption."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        meters = select_meters(s, actor, period, building_id=building_id, street=street,
                               list_id=list_id, account_id=account_id)
        return _rows(meters, load_states(s, meters, period))


def check_readings(db: Database, actor: Actor, period: Period, entries: Sequence[ReadingEntry],
                   *, today: date) -> list[EntryCheck]:
    """What saving would say, without saving: consumption and remarks per entry."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        meters = meters_by_id(s, actor, (e.meter_id for e in entries))
        return check_batch(s, context(s, period, today), entries, meters)


@dataclass
class EntryResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)
    recalculation: Triggered = field(default_factory=Triggered)  # of a closed period's entries


@reports(Change.READINGS)
def enter_readings(db: Database, actor: Actor, period: Period, entries: Sequence[ReadingEntry],
                   *, today: date, confirm_warnings: bool = False, reason: str = ""
                   ) -> EntryResult:
    """Save typed readings: all or nothing. Errors raise InvalidInput; warnings raise
    WarningsNotConfirmed unless `confirm_warnings`. A reading already stored for the period is
    corrected in place (with its before/after in the audit trail).

    A closed period's readings are refused unless a `reason` is given (DOMAIN.md: a corrected
    reading of a closed period is recalculated): then they are saved, the meters' accounts are
    recalculated from the period (`app.recalc.trigger`) and the difference is posted in the open
    one, under the right to enter readings."""
    reason = reason.strip()
    with transaction(db, actor, Right.READINGS_ENTER) as tx:
        meters = meters_by_id(tx.session, actor, (e.meter_id for e in entries))
        ctx = context(tx.session, period, today, lock=True)
        correcting = ctx.closed and bool(reason)
        if correcting:
            ctx = replace(ctx, closed=False)
        checks = check_batch(tx.session, ctx, entries, meters)
        raise_if_blocked(checks, confirm_warnings)
        result = EntryResult(warnings=[p for c in checks for p in c.warnings])
        for c in checks:
            if c.unchanged:
                result.unchanged += 1
            elif c.state is not None and c.state.current_id is not None:
                _correct(tx, c, reason)
                result.updated += 1
            else:
                _insert(tx, period, c, reason)
                result.inserted += 1
        queued = _queue(tx, period, [c for c in checks if not c.unchanged], reason) \
            if correcting else []
    result.recalculation = run_queued(db, actor, queued, Right.READINGS_ENTER)
    return result


def _queue(tx: Tx, period: Period, changed: Sequence[EntryCheck], reason: str) -> list[int]:
    """Step 1 of the triggered recalculation: the accounts the changed readings count for (a
    building meter's: every account of the building, for the common-house needs)."""
    meters = [c.meter for c in changed if c.meter is not None]
    accounts = [m.account_id for m in meters if m.account_id is not None]
    buildings = sorted({m.building_id for m in meters
                        if m.account_id is None and m.building_id is not None})
    if buildings:
        accounts += tx.session.scalars(
            select(Account.id).join(Premise, Premise.id == Account.premise_id)
            .where(Premise.building_id.in_(buildings)).order_by(Account.id))
    cause = f"Исправление показаний за {period.title()}: {reason}"
    return queue_recalculation(tx, accounts, period.first_day, cause)


def _insert(tx: Tx, period: Period, c: EntryCheck, reason: str = "") -> None:
    e = c.entry
    r = Reading(meter_id=e.meter_id, period=period.code, taken_on=c.taken_on, zone=e.zone,
                value=e.value, kind=ReadingKind.REGULAR, source=e.source, rollover=e.rollover,
                entered_by_id=tx.actor.user_id, entered_at=tx.now)
    tx.session.add(r)
    tx.session.flush()
    after = _audit(c, period)
    if reason:
        after["reason"] = reason
    tx.audit("reading.enter", "reading", r.id, after=after)


def _correct(tx: Tx, c: EntryCheck, reason: str = "") -> None:
    assert c.state is not None and c.state.current is not None
    e = c.entry
    tx.session.execute(
        update(Reading).where(Reading.id == c.state.current_id).values(
            value=e.value, rollover=e.rollover, taken_on=c.taken_on, source=e.source,
            entered_by_id=tx.actor.user_id, entered_at=tx.now, import_key=None))
    after: dict[str, object] = {"value": e.value, "rollover": e.rollover, "source": e.source}
    if reason:
        after["reason"] = reason
    tx.audit("reading.correct", "reading", c.state.current_id,
             before={"value": c.state.current.value, "rollover": c.state.current.rollover},
             after=after)


def _audit(c: EntryCheck, period: Period) -> dict[str, object]:
    e = c.entry
    return {"meter_id": e.meter_id, "period": period.code, "zone": e.zone, "value": e.value,
            "taken_on": c.taken_on, "source": e.source, "rollover": e.rollover,
            "warnings": [p.message for p in c.warnings]}


def is_closed_period(db: Database, actor: Actor, period: Period) -> bool:
    """Whether readings of `period` are corrections (a reason is asked, a recalculation
    follows) rather than plain entries."""
    actor.require(Right.READINGS_ENTER)
    with db.session() as s:
        return period_closed(s, period)


def default_period(db: Database, today: date) -> Period:
    """The open billing period, or today's month where none is open yet."""
    from app.ledger.periods import open_period

    with db.session() as s:
        try:
            return open_period(s)
        except DomainError:
            return Period.of(today)


@dataclass(frozen=True, slots=True)
class Choice:
    """Something an operator picks a sheet by: a building, a street or a route."""

    key: int | str
    title: str


def sheet_choices(db: Database, actor: Actor) -> dict[str, list[Choice]]:
    """Buildings, streets and routes the operator may open a sheet for."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        q = select(Building.id, Building.street, Building.house)
        if actor.building_ids:
            q = q.where(Building.id.in_(actor.building_ids))
        if actor.company_ids:
            q = q.where(Building.company_id.in_(actor.company_ids))
        rows = s.execute(q).all()
        buildings = sorted((Choice(i, f"{st}, д. {h}") for i, st, h in rows),
                           key=lambda c: c.title)
        streets = [Choice(st, st) for st in sorted({r[1] for r in rows})]
        routes = [Choice(i, n) for i, n in s.execute(
            select(AccountList.id, AccountList.name).order_by(AccountList.name))]
        return {"building": buildings, "street": streets, "route": routes}
