"""Values with effective dates (tariffs, norms, areas, coefficients) and splitting a month by them.

A `Timeline` is an ordered set of `DatedValue` pieces; `date_to` is the last day the value is in
force (inclusive), `None` meaning "until further notice". The billing run builds one `Timeline` per
tariff or norm and shares it between all accounts: the lookups here are bisections over a sorted
tuple, so a long history costs little per account.

`split_span` cuts a range of days at every change of any of the given timelines and returns the
constant pieces — the engine's "iterate over change points, not days".
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DatedValue:
    """`value` in force from `date_from` to `date_to` inclusive (`None`: open-ended)."""

    date_from: date
    date_to: date | None
    value: Decimal


@dataclass(frozen=True, slots=True, eq=False)
class Timeline:
    """Sorted, non-overlapping dated values. Overlaps are recorded, not raised: the engine turns
    them into a per-account `CalcError` so one bad tariff row does not stop a billing run."""

    items: tuple[DatedValue, ...]
    _starts: tuple[date, ...] = field(init=False, repr=False)
    overlap: DatedValue | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        items = tuple(sorted(self.items, key=lambda v: v.date_from))
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "_starts", tuple(v.date_from for v in items))
        bad: DatedValue | None = None
        for prev, cur in itertools.pairwise(items):
            if prev.date_to is None or prev.date_to >= cur.date_from:
                bad = cur
                break
        object.__setattr__(self, "overlap", bad)

    @classmethod
    def of(cls, *values: DatedValue) -> Timeline:
        return cls(tuple(values))

    @classmethod
    def from_values(cls, values: Iterable[DatedValue]) -> Timeline:
        return cls(tuple(values))

    @classmethod
    def const(cls, value: Decimal | int | str, date_from: date = date.min) -> Timeline:
        """One value for ever (or from `date_from`): the common case for areas and coefficients."""
        return cls((DatedValue(date_from, None, Decimal(value)),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Timeline) and self.items == other.items

    def __hash__(self) -> int:
        return hash(self.items)

    def at(self, day: date) -> Decimal | None:
        """The value in force on `day`, or None if there is none."""
        i = bisect_right(self._starts, day) - 1
        if i < 0:
            return None
        item = self.items[i]
        if item.date_to is not None and item.date_to < day:
            return None
        return item.value

    def single(self, start: date, end: date) -> Decimal | None:
        """The value if one piece covers all of [start, end], else None (changes or gaps)."""
        items = self.items
        if len(items) == 1:
            item = items[0]
        else:
            i = bisect_right(self._starts, start) - 1
            if i < 0:
                return None
            item = items[i]
        if item.date_from <= start and (item.date_to is None or item.date_to >= end):
            return item.value
        return None

    def cuts(self, start: date, end: date) -> list[date]:
        """Days in (start, end] on which the value changes (a piece starts or the previous ends)."""
        out: list[date] = []
        for item in self.items:
            if start < item.date_from <= end:
                out.append(item.date_from)
            if item.date_to is not None and start <= item.date_to < end:
                out.append(item.date_to + ONE_DAY)
        return out

    def values_in(self, start: date, end: date) -> list[Decimal]:
        """All values in force at some day of [start, end] (for validation)."""
        if len(self.items) == 1:
            item = self.items[0]
            inside = item.date_from <= end and (item.date_to is None or item.date_to >= start)
            return [item.value] if inside else []
        return [
            v.value
            for v in self.items
            if v.date_from <= end and (v.date_to is None or v.date_to >= start)
        ]


class Segment(NamedTuple):
    """Days [date_from, date_to] on which every timeline keeps one value (None: no value)."""

    date_from: date
    date_to: date
    days: int
    values: tuple[Decimal | None, ...]


def split_span(start: date, end: date, timelines: Sequence[Timeline]) -> list[Segment]:
    """Cut [start, end] at each change of any timeline; one segment when nothing changes."""
    singles = [tl.single(start, end) for tl in timelines]
    if None not in singles:
        return [Segment(start, end, (end - start).days + 1, tuple(singles))]
    cut_set: set[date] = set()
    for tl, value in zip(timelines, singles, strict=True):
        if value is None:
            cut_set.update(tl.cuts(start, end))
    bounds = [start, *sorted(cut_set), end + ONE_DAY]
    segments: list[Segment] = []
    for a, b in itertools.pairwise(bounds):
        values = tuple(
            value if value is not None else tl.at(a)
            for tl, value in zip(timelines, singles, strict=True)
        )
        segments.append(Segment(a, b - ONE_DAY, (b - a).days, values))
    return segments
