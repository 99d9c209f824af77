"""Days charged in a month: the account's open days, the service's days, residents by days.

Residents become a `Timeline` of head counts over the charged days, so they split the month
exactly like a tariff change does (DOMAIN.md: residents counted by days).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.calc.basis import ResidentDays
from app.calc.errors import CalcError, ErrorCode
from app.calc.inputs import ResidentSpan
from app.calc.period import Period
from app.calc.timeline import ONE_DAY, DatedValue, Timeline


def active_span(
    period: Period, date_from: date | None, date_to: date | None
) -> tuple[date, date] | None:
    """[first, last] charged day of `period` within [date_from, date_to]; None if no day."""
    start = period.first_day
    end = period.last_day
    if date_from is not None and date_from > start:
        start = date_from
    if date_to is not None and date_to < end:
        end = date_to
    return (start, end) if start <= end else None


@dataclass(frozen=True, slots=True)
class Residents:
    """Head counts over the charged days (owners substituted where nobody is registered)."""

    counts: Timeline
    detail: tuple[ResidentDays, ...]
    owners_used: bool


def residents_over(
    spans: Sequence[ResidentSpan], owners_count: int, start: date, end: date
) -> Residents:
    """Build the head-count timeline over [start, end] (both inclusive)."""
    detail: list[ResidentDays] = []
    events: dict[date, int] = {}
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
        detail.append(ResidentDays(s.person_key, a, b, (b - a).days + 1))
        events[a] = events.get(a, 0) + 1
        after = b + ONE_DAY
        events[after] = events.get(after, 0) - 1
    pieces: list[DatedValue] = []
    owners_used = False
    bounds = sorted(d for d in events if start < d <= end)
    count = events.get(start, 0)
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
    return Residents(Timeline(tuple(pieces)), tuple(detail), owners_used)
