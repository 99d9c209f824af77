"""Days charged in a month: the account's open days, the service's days, residents by days.

Residents become a `Timeline` of head counts over the charged days, so they split the month
exactly like a tariff change does (DOMAIN.md: residents counted by days).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from app.calc.basis import ResidentDays
from app.calc.errors import CalcError, ErrorCode
from app.calc.inputs import ResidentSpan
from app.calc.period import Period
from app.calc.timeline import ONE_DAY, DatedValue, Timeline


@lru_cache(maxsize=256)
def month_bounds(period: Period) -> tuple[date, date, int]:
    """First day, last day and days of a month, computed once per month (per account is slow)."""
    return period.first_day, period.last_day, period.days


def active_span(
    period: Period, date_from: date | None, date_to: date | None
) -> tuple[date, date] | None:
    """[first, last] charged day of `period` within [date_from, date_to]; None if no day."""
    start, end, _ = month_bounds(period)
    if date_from is not None and date_from > start:
        start = date_from
    if date_to is not None and date_to < end:
        end = date_to
    return (start, end) if start <= end else None


@dataclass(frozen=True, slots=True)
class Residents:
    """Head counts over the charged days (owners substituted where nobody is registered).

    `whole`: persons registered on every charged day; `partial`: the others, with their days;
    `heads`: the head count when it is the same on every day (the memo key), else None.
    """

    counts: Timeline
    whole: int
    partial: tuple[ResidentDays, ...]
    owners_used: bool
    heads: int | None


def residents_over(
    spans: Sequence[ResidentSpan], owners_count: int, start: date, end: date
) -> Residents:
    """Build the head-count timeline over [start, end] (both inclusive)."""
    partial: list[ResidentDays] = []
    events: dict[date, int] = {}
    whole = 0  # spans covering all of [start, end]: the usual month needs no event sweep
    for s in spans:
        if s.date_to is not None and s.date_to < s.date_from:
            raise CalcError(
                ErrorCode.BAD_DATES,
                f"Регистрация {s.person_key}: дата окончания {s.date_to:%d.%m.%Y} "
                f"раньше начала {s.date_from:%d.%m.%Y}",
            )
        a = max(s.date_from, start)
        b = end if s.date_to is None or s.date_to > end else s.date_to
        if a > b:
            continue
        if a == start and b == end:
            whole += 1
            continue
        partial.append(ResidentDays(s.person_key, a, b, (b - a).days + 1))
        events[a] = events.get(a, 0) + 1
        after = b + ONE_DAY
        events[after] = events.get(after, 0) - 1
    if not events:
        heads = whole or owners_count
        return Residents(_constant(heads, start, end), whole, (), whole == 0 and heads > 0, heads)
    counts, owners_used = _sweep(events, whole, owners_count, start, end)
    return Residents(counts, whole, tuple(partial), owners_used, None)


def _sweep(
    events: dict[date, int], whole: int, owners_count: int, start: date, end: date
) -> tuple[Timeline, bool]:
    """Head counts between the days registrations start and end."""
    pieces: list[DatedValue] = []
    owners_used = False
    bounds = sorted(d for d in events if start < d <= end)
    count = whole + events.get(start, 0)
    day = start
    for nxt in [*bounds, end + ONE_DAY]:
        heads = count
        if heads == 0 and owners_count > 0:
            heads, owners_used = owners_count, True  # ПП 354 п. 56(2)
        if pieces and pieces[-1].value == heads:
            last = pieces.pop()
            pieces.append(DatedValue(last.date_from, nxt - ONE_DAY, last.value))
        else:
            pieces.append(DatedValue(day, nxt - ONE_DAY, Decimal(heads)))
        count += events.get(nxt, 0)
        day = nxt
    return Timeline(tuple(pieces)), owners_used


@lru_cache(maxsize=4096)
def _constant(heads: int, start: date, end: date) -> Timeline:
    """Shared head-count timelines: most accounts of a month have the same few."""
    return Timeline((DatedValue(start, end, Decimal(heads)),))
