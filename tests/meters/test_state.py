"""The bulk state loader's shortcuts give exactly what the rules give: the zone state built from
loaded tuples (previous, current, following reading and the average, with the one-division
average for plain series) against `rules.monthly_history` + `rules.average`, and the stored
quantity conversion against `app.models.base.quantity_from_db`."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from app.meters.rules import KIND_RANK, SeriesReading, average, monthly_history
from app.meters.state import _qty, _zone_state
from app.models.base import quantity_from_db

CODE = 202611
PERIODS = [202601, 202603, 202604, 202605, 202606, 202607, 202608, 202609, 202610, 202611,
           202612, 202701]

readings = st.lists(
    st.tuples(st.sampled_from(PERIODS), st.sampled_from(["regular", "regular", "initial", "final"]),
              st.integers(0, 99_999_999_999), st.booleans() | st.just(False)),
    max_size=12, unique_by=lambda r: (r[0], r[1]))


@given(readings, st.booleans(), st.integers(4, 8))
def test_zone_state_matches_the_rules(items: list[tuple[int, str, int, bool]], plain: bool,
                                      digits: int) -> None:
    if plain:  # most real zones: regular readings without rollover
        items = [(p, "regular", v, False) for p, _, v, _ in items]
        items = list({p: (p, k, v, r) for p, k, v, r in items}.values())
    loaded = sorted((7, 1, p, KIND_RANK[k], v, int(r), "2026-01-25", n)
                    for n, (p, k, v, r) in enumerate(items))
    series = sorted((SeriesReading(p, k, quantity_from_db(v), r) for p, k, v, r in items),
                    key=lambda r: r.order)
    got = _zone_state(loaded, CODE, digits)
    before = [r for r in series if r.order < (CODE, 1)]
    after = [r for r in series if r.order > (CODE, 1) and r.kind != "initial"]
    current = [r for r in series if r.order == (CODE, 1)]
    assert got.previous == (before[-1] if before else None)
    assert got.current == (current[0] if current else None)
    assert got.following == (after[0].value if after else None)
    expected = average(monthly_history(series, CODE, digits))
    assert got.average == expected
    assert str(got.average) == str(expected)  # the same digits, not only the same value


@given(st.integers(-10**15, 10**15))
def test_stored_quantity_reads_back_as_the_column_type_does(stored: int) -> None:
    assert str(_qty(stored)) == str(quantity_from_db(stored))


def test_a_plain_series_averages_the_last_six_months() -> None:
    values = [0, 10, 22, 30, 40, 52, 60, 71]  # 12+8+10+12+8+11 over the last six
    loaded = [(1, 1, p, 1, v * 10**6, 0, "2026-01-25", i)
              for i, (p, v) in enumerate(zip(PERIODS[1:9], values, strict=True))]
    got = _zone_state(loaded, CODE, 5)
    assert got.average == D("10.167") and got.previous is not None
    assert got.previous.value == D(71)
