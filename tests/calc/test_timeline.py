"""Dated values and splitting a month at their changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.calc.timeline import DatedValue, Timeline, split_span
from tests.calc.factories import D

NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)


def test_single_covers_the_month() -> None:
    tl = Timeline.const(D("10"))
    assert tl.single(NOV1, NOV30) == D(10)
    assert tl.at(date(1990, 1, 1)) == D(10)


def test_value_by_day_and_gaps() -> None:
    tl = Timeline.of(DatedValue(date(2026, 1, 1), date(2026, 11, 15), D(1)),
                     DatedValue(date(2026, 11, 20), None, D(2)))
    assert tl.at(date(2026, 11, 15)) == D(1)
    assert tl.at(date(2026, 11, 16)) is None
    assert tl.at(date(2026, 11, 20)) == D(2)
    assert tl.at(date(2025, 12, 31)) is None
    assert tl.single(NOV1, NOV30) is None
    assert sorted(tl.cuts(NOV1, NOV30)) == [date(2026, 11, 16), date(2026, 11, 20)]


def test_unsorted_input_is_sorted_and_overlap_recorded() -> None:
    a = DatedValue(date(2026, 6, 1), None, D(2))
    b = DatedValue(date(2026, 1, 1), date(2026, 6, 1), D(1))
    tl = Timeline.of(a, b)
    assert tl.items == (b, a)
    assert tl.overlap == a
    assert Timeline.of(b).overlap is None


def test_split_span_at_every_change() -> None:
    tariff = Timeline.of(DatedValue(date(2026, 1, 1), date(2026, 11, 10), D(1)),
                         DatedValue(date(2026, 11, 11), None, D(2)))
    norm = Timeline.of(DatedValue(date(2026, 1, 1), date(2026, 11, 20), D(5)),
                       DatedValue(date(2026, 11, 21), None, D(6)))
    segs = split_span(NOV1, NOV30, [tariff, norm])
    assert [(s.date_from.day, s.date_to.day, s.days, s.values) for s in segs] == [
        (1, 10, 10, (D(1), D(5))), (11, 20, 10, (D(2), D(5))), (21, 30, 10, (D(2), D(6)))]


def test_split_span_without_changes_is_one_segment() -> None:
    segs = split_span(NOV1, NOV30, [Timeline.const(Decimal(3))])
    assert len(segs) == 1 and segs[0].days == 30


def test_equality_and_hash() -> None:
    assert Timeline.const("1.0") == Timeline.const(Decimal("1.0"))
    assert hash(Timeline.const(1)) == hash(Timeline.const(1))
