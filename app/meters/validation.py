"""Checking a batch of new readings against what is stored: the glue between the loaded state
(`app.meters.state`) and the pure rules (`app.meters.rules`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.calc.period import Period
from app.errors import InvalidInput, Problem
from app.meters.rules import ReadingFacts, check_reading, zone_title
from app.meters.state import MeterInfo, ZoneState, load_states, period_closed, spike_factor
from app.models import BillingPeriod
from app.models.enums import PeriodStatus, ReadingSource
from app.titles import RESOURCE_SHORT


class WarningsNotConfirmed(InvalidInput):
    """Only warnings were found; the same call with `confirm_warnings=True` saves."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, "Показания требуют подтверждения")


class ReadingEntry(NamedTuple):
    """One typed or imported reading. `taken_on` None: the day of entry. (A tuple: an import
    makes one per row of the file.)"""

    meter_id: int
    value: Decimal
    zone: int = 1
    taken_on: date | None = None
    rollover: bool = False
    source: str = ReadingSource.OPERATOR
    where: str = ""  # e.g. "строка 17" for an import; else the meter is named


@dataclass(slots=True)
class EntryCheck:
    entry: ReadingEntry
    meter: MeterInfo | None
    state: ZoneState | None
    taken_on: date
    consumption: Decimal | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning] if self.problems else []

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning] if self.problems else []

    @property
    def unchanged(self) -> bool:
        """The same value is already stored for the period (nothing to write)."""
        cur = self.state.current if self.state else None
        return cur is not None and cur.value == self.entry.value \
            and cur.rollover == self.entry.rollover


def meter_label(m: MeterInfo, zone: int) -> str:
    res = RESOURCE_SHORT.get(m.resource, m.resource)
    z = zone_title(zone, m.zones)
    acc = f"л/с {m.account_number}, " if m.account_number else ""
    return f"{acc}{m.address}, {res} №{m.serial}" + (f" ({z})" if z else "")


@dataclass(frozen=True, slots=True)
class Context:
    period: Period
    today: date
    closed: bool
    factor: Decimal
    open_period: Period | None = None  # the latest period readings may be entered for


def context(s: Session, period: Period, today: date, *, lock: bool = False) -> Context:
    """The period's facts; with `lock` (writes) the period row is locked like
    `app.ledger.periods.ensure_open` does, so closing the period waits for this write."""
    if lock:
        s.execute(select(BillingPeriod.code).where(BillingPeriod.code == period.code)
                  .with_for_update())
    return Context(period, today, period_closed(s, period), spike_factor(s, period.last_day),
                   latest_open(s, today))


def latest_open(s: Session, today: date) -> Period:
    """Readings are taken for an open period (or earlier ones, which are closed and say so);
    with no period opened yet, for this month at the latest. A reading for a later period
    would stand as the «following» one and block the open period's reading."""
    code = s.scalar(select(func.max(BillingPeriod.code))
                    .where(BillingPeriod.status == PeriodStatus.OPEN))
    return Period.from_code(code) if code is not None else Period.of(today)


def check_entries(ctx: Context, entries: Sequence[ReadingEntry], meters: dict[int, MeterInfo],
                  states: dict[tuple[int, int], ZoneState]) -> list[EntryCheck]:
    """Every entry checked; entries for the same meter zone twice are an error on the second."""
    seen: dict[tuple[int, int], str] = {}
    out = []
    period, today, factor, closed = ctx.period, ctx.today, ctx.factor, ctx.closed
    for e in entries:
        meter = meters.get(e.meter_id)
        key = (e.meter_id, e.zone)
        state = states.get(key)
        taken_on = e.taken_on or today
        chk = EntryCheck(e, meter, state, taken_on)
        out.append(chk)
        if meter is None:
            chk.problems.append(Problem(e.where, f"Прибор {e.meter_id} не найден"))
            continue
        if state is None:
            chk.problems.append(Problem(_where(e, meter), f"У прибора нет зоны {e.zone} "
                                                          f"(зон: {meter.zones})"))
            continue
        if key in seen:
            chk.problems.append(Problem(_where(e, meter),
                                        f"Показание этого прибора уже есть ({seen[key]})"))
            continue
        seen[key] = e.where or "выше"
        previous = state.previous
        chk.consumption, problems = check_reading(ReadingFacts(
            period=period, value=e.value, taken_on=taken_on, today=today,
            previous=previous.value if previous else None, following=state.following,
            rollover=e.rollover, digits=meter.digits, average=state.average,
            spike_factor=factor, period_closed=closed, open_period=ctx.open_period,
            meter_status=meter.status,
            installed_on=meter.installed_on, next_verification=meter.next_verification))
        if problems:
            where = _where(e, meter)
            chk.problems.extend(Problem(where, p.message, p.warning) for p in problems)
    return out


def _where(e: ReadingEntry, meter: MeterInfo) -> str:
    return e.where or meter_label(meter, e.zone)


def check_batch(s: Session, ctx: Context, entries: Sequence[ReadingEntry],
                meters: dict[int, MeterInfo]) -> list[EntryCheck]:
    states = load_states(s, [meters[e.meter_id] for e in entries if e.meter_id in meters],
                         ctx.period)
    return check_entries(ctx, entries, meters, states)


def raise_if_blocked(checks: Sequence[EntryCheck], confirm_warnings: bool) -> None:
    """Errors always block; warnings block until confirmed. Nothing is written either way."""
    errors = [p for c in checks for p in c.errors]
    warnings = [p for c in checks for p in c.warnings]
    if errors:
        raise InvalidInput(errors + warnings, "Показания не сохранены")
    if warnings and not confirm_warnings:
        raise WarningsNotConfirmed(warnings)
