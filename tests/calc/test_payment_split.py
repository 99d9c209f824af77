"""Payment split: document proportional, named amounts, excess to the oldest debt, advance."""

from __future__ import annotations

import pytest

from app.calc.payment_split import (
    Allocation,
    Debt,
    DocumentLine,
    split_document_payment,
    split_without_document,
    spread_oldest_first,
)
from app.calc.period import Period

SEP, OCT, NOV = Period(2026, 9), Period(2026, 10), Period(2026, 11)
DOC = [DocumentLine("maintenance", 1, 60000), DocumentLine("cold_water", 2, 30000),
       DocumentLine("waste", 3, 10001)]


def amounts(allocs: list[Allocation]) -> list[tuple[Period | None, str | None, int]]:
    return [(a.period, a.service_code, a.amount) for a in allocs]


def test_full_payment_of_the_document() -> None:
    allocs = split_document_payment(100001, NOV, DOC)
    assert amounts(allocs) == [(NOV, "maintenance", 60000), (NOV, "cold_water", 30000),
                               (NOV, "waste", 10001)]


def test_ties_go_to_the_earlier_service() -> None:
    lines = [DocumentLine("a", None, 100), DocumentLine("b", None, 100),
             DocumentLine("c", None, 100)]
    assert [a.amount for a in split_document_payment(100, NOV, lines)] == [34, 33, 33]


def test_excess_goes_to_oldest_debt_then_advance() -> None:
    debts = [Debt(SEP, "cold_water", 2, 500), Debt(OCT, "maintenance", 1, 700),
             Debt(NOV, "maintenance", 1, 60000)]
    allocs = split_document_payment(100001 + 1000, NOV, DOC, debts)
    assert amounts(allocs) == [
        (NOV, "maintenance", 60000), (NOV, "cold_water", 30000), (NOV, "waste", 10001),
        (SEP, "cold_water", 500), (OCT, "maintenance", 500)]
    allocs = split_document_payment(100001 + 2000, NOV, DOC, debts)
    assert allocs[-1].is_advance and allocs[-1].amount == 800
    assert sum(a.amount for a in allocs) == 102001


def test_payer_named_amounts() -> None:
    allocs = split_document_payment(5000, NOV, DOC, named={"waste": 5000})
    assert amounts(allocs) == [(NOV, "waste", 5000)]
    assert allocs[0].supplier_key == 3
    with pytest.raises(ValueError, match="больше суммы платежа"):
        split_document_payment(5000, NOV, DOC, named={"waste": 6000})


def test_payer_named_less_than_paid_rest_is_advance_without_debts() -> None:
    allocs = split_document_payment(6000, NOV, DOC, named={"waste": 5000})
    assert amounts(allocs) == [(NOV, "waste", 5000), (None, None, 1000)]


def test_without_document_oldest_first_proportionally_within_a_period() -> None:
    debts = [Debt(OCT, "a", 1, 300), Debt(OCT, "b", 2, 100), Debt(SEP, "c", 3, 50),
             Debt(NOV, "a", 1, 1000)]
    allocs = split_without_document(250, debts)
    assert amounts(allocs) == [(OCT, "a", 150), (OCT, "b", 50), (SEP, "c", 50)]
    allocs = split_without_document(2000, debts)
    assert allocs[-1].is_advance and allocs[-1].amount == 550


def test_spread_never_exceeds_a_debt() -> None:
    assert spread_oldest_first(10, [(OCT, 3), (OCT, 3), (OCT, 3)]) == [3, 3, 3]


def test_negative_payment_is_refused() -> None:
    with pytest.raises(ValueError):
        split_without_document(-1, [])
