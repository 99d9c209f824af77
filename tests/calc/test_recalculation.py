"""Recalculation: new − old per service; a reversal undoes it."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.calc.recalculation import recalculate
from tests.calc.factories import LONG_AGO, account, calc, const, residents, rule


def test_late_registration_recalculated() -> None:
    r = rule(norm=const("4.745"))
    old = calc(account(r, people=residents(LONG_AGO, LONG_AGO)))
    new = calc(account(r, people=residents(LONG_AGO, LONG_AGO, date(2026, 11, 16))))
    [diff] = recalculate(old, new)
    assert diff.amount == 53619 - 42895
    assert diff.old_basis == old[0].basis and diff.new_basis == new[0].basis


def test_service_removed_counts_to_zero() -> None:
    old = calc(account(rule(norm=const("4")), people=residents(LONG_AGO)))
    assert [d.amount for d in recalculate(old, [])] == [-old[0].amount]


@given(st.integers(1, 5), st.integers(1, 5))
def test_recalculation_then_reversal_is_zero(a: int, b: int) -> None:
    r = rule(norm=const("3.3"))
    x = calc(account(r, people=residents(*([LONG_AGO] * a))))
    y = calc(account(r, people=residents(*([LONG_AGO] * b))))
    forth = sum(d.amount for d in recalculate(x, y))
    back = sum(d.amount for d in recalculate(y, x))
    assert forth + back == 0
    assert recalculate(x, x) == []
