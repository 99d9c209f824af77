"""Penalties: the debt clock, 1/300 and 1/130, capital repair, caps, moratoria, payments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.calc.penalty import (
    PenaltyPayment,
    PeriodDebt,
    allocate_payments,
    calculate_penalties,
    due_date,
    penalty_for_debt,
)
from app.calc.penalty_tables import (
    DUE_DAY,
    RATE_CAPS,
    Moratorium,
    PenaltyRules,
    federal_defaults,
    steps,
)
from app.calc.period import Period

RULES = federal_defaults()


def close(a: Decimal, b: Decimal) -> bool:
    """Equal to far below a kopeck (the engine divides at 50 digits, the test at 28)."""
    return abs(a - b) < Decimal("1e-20")
FEB26, MAR26 = Period(2026, 2), Period(2026, 3)


def flat(rate: str, moratoria: tuple[Moratorium, ...] = ()) -> PenaltyRules:
    """A key rate fixed for ever, no caps: arithmetic checks by hand."""
    return PenaltyRules(steps([(date(2000, 1, 1), rate)]), steps([]), DUE_DAY, moratoria)


def test_due_day_moves_from_the_10th_to_the_15th_on_1_march_2026() -> None:
    assert due_date(Period(2026, 1), RULES) == date(2026, 2, 10)
    assert due_date(FEB26, RULES) == date(2026, 3, 15)
    assert due_date(Period(2025, 12), RULES) == date(2026, 1, 10)


def test_nothing_in_the_first_30_days() -> None:
    due = date(2026, 3, 15)
    total, pieces = penalty_for_debt(1_000_000, due, [], date(2026, 4, 14), RULES)
    assert (date(2026, 4, 14) - due).days == 30
    assert total == 0 and pieces == []
    total, _ = penalty_for_debt(1_000_000, due, [], date(2026, 4, 15), RULES)  # day 31
    assert close(total, Decimal(1_000_000) * Decimal("9.5") / 100 / 300)


def test_day_90_and_day_91() -> None:
    due = date(2026, 3, 15)
    total90, _ = penalty_for_debt(1_000_000, due, [], date(2026, 6, 13), flat("6"))
    assert close(total90, Decimal(1_000_000) * 6 * 60 / (100 * 300))
    total91, pieces = penalty_for_debt(1_000_000, due, [], date(2026, 6, 14), flat("6"))
    assert pieces[-1].divisor == 130 and pieces[-1].days == 1
    assert close(total91 - total90, Decimal(1_000_000) * 6 / (100 * 130))


def test_capital_repair_from_day_one_at_1_300_only() -> None:
    due = date(2026, 3, 15)
    total, pieces = penalty_for_debt(1_000_000, due, [], date(2026, 6, 30), RULES,
                                     capital_repair=True)
    assert [(p.days, p.divisor) for p in pieces] == [(107, 300)]
    assert close(total, Decimal(1_000_000) * Decimal("9.5") * 107 / (100 * 300))


def test_rate_is_the_lower_of_key_rate_and_cap() -> None:
    due = date(2024, 1, 10)  # key rate 16 %, cap 9.5 % in 2024
    _, pieces = penalty_for_debt(100_000, due, [], date(2024, 3, 10), RULES)
    assert {p.rate for p in pieces} == {Decimal("9.5")}


def test_key_rate_below_the_cap_is_used() -> None:
    rules = PenaltyRules(steps([(date(2000, 1, 1), "7.5")]), RATE_CAPS, DUE_DAY)
    _, pieces = penalty_for_debt(100_000, date(2026, 3, 15), [], date(2026, 6, 30), rules)
    assert {p.rate for p in pieces} == {Decimal("7.5")}


def test_key_rate_on_the_payment_day_for_the_paid_part() -> None:
    rules = PenaltyRules(steps([(date(2000, 1, 1), "10"), (date(2026, 5, 1), "5")]),
                         steps([]), DUE_DAY)
    due = date(2026, 3, 15)
    # half paid on 20.04 (rate 10 %), half unpaid at 30.06 (rate 5 % on the calculation date)
    total, pieces = penalty_for_debt(200_000, due, [(date(2026, 4, 20), 100_000)],
                                     date(2026, 6, 30), rules)
    paid = Decimal(100_000) * 10 * 6 / (100 * 300)  # days 31–36, paid day counted
    unpaid = Decimal(100_000) * 5 * (60 * 130 + 17 * 300) / (100 * 300 * 130)
    assert close(total, paid + unpaid)
    assert pieces[0].date_to == date(2026, 4, 20)


def test_payment_on_the_due_date_stops_the_clock() -> None:
    total, _ = penalty_for_debt(100_000, date(2026, 3, 15), [(date(2026, 3, 15), 100_000)],
                                date(2026, 12, 31), RULES)
    assert total == 0


def test_moratorium_2020_days_accrue_nothing() -> None:
    rules = flat("6", (Moratorium(date(2020, 4, 6), date(2020, 12, 31)),))
    due = date(2020, 2, 10)
    total, pieces = penalty_for_debt(100_000, due, [], date(2021, 1, 31), rules)
    assert all(not (date(2020, 4, 6) <= p.date_from <= date(2020, 12, 31)) for p in pieces)
    # day 31 = 12.03.2020 … 05.04.2020 at 1/300 (25 days), then 01.01–31.01.2021 at 1/130
    assert close(total, Decimal(100_000) * 6 * (25 * 130 + 31 * 300) / (100 * 300 * 130))


def test_2022_moratorium_only_when_asked_and_only_for_older_debts() -> None:
    calc_on = date(2022, 6, 30)
    without = federal_defaults()
    with_it = federal_defaults(include_2022_moratorium=True)
    old = PeriodDebt(Period(2022, 1), "x", 100_000)  # due 10.02.2022
    new = PeriodDebt(Period(2022, 3), "x", 100_000)  # due 10.04.2022: arose in the moratorium
    a = calculate_penalties([old, new], [], calc_on, without)
    b = calculate_penalties([old, new], [], calc_on, with_it)
    assert a[0].amount > b[0].amount
    assert [line.amount for line in a[1:]] == [line.amount for line in b[1:]]


def test_payment_named_period_first_then_oldest() -> None:
    debts = [PeriodDebt(Period(2026, 1), "x", 1000), PeriodDebt(FEB26, "x", 1000)]
    paid = allocate_payments(debts, [PenaltyPayment(date(2026, 4, 1), 1500, FEB26)])
    assert paid == [[(date(2026, 4, 1), 500)], [(date(2026, 4, 1), 1000)]]
    paid = allocate_payments(debts, [PenaltyPayment(date(2026, 4, 1), 1500)])
    assert paid == [[(date(2026, 4, 1), 1000)], [(date(2026, 4, 1), 500)]]


def test_payment_spreads_across_services_of_a_period() -> None:
    debts = [PeriodDebt(FEB26, "a", 3000), PeriodDebt(FEB26, "b", 1000)]
    paid = allocate_payments(debts, [PenaltyPayment(date(2026, 4, 1), 2000)])
    assert paid == [[(date(2026, 4, 1), 1500)], [(date(2026, 4, 1), 500)]]


def test_rounded_once_per_period_and_service() -> None:
    debts = [PeriodDebt(FEB26, "a", 1_000_000), PeriodDebt(MAR26, "a", 1_000_000)]
    lines = calculate_penalties(debts, [], date(2026, 8, 31), RULES)
    assert [(line.period, line.amount) for line in lines] == [
        (FEB26, int((lines[0].exact + Decimal("0.5")) // 1)),
        (MAR26, int((lines[1].exact + Decimal("0.5")) // 1)),
    ]


def test_accrue_from_counts_only_later_days_for_monthly_postings() -> None:
    debt = [PeriodDebt(FEB26, "a", 1_000_000)]
    whole = calculate_penalties(debt, [], date(2026, 6, 30), RULES)[0].exact
    may = calculate_penalties(debt, [], date(2026, 5, 31), RULES)[0].exact
    june = calculate_penalties(debt, [], date(2026, 6, 30), RULES,
                               accrue_from=date(2026, 6, 1))[0].exact
    assert close(may + june, whole)


def test_no_penalty_before_due_date() -> None:
    assert calculate_penalties([PeriodDebt(FEB26, "a", 1000)], [], date(2026, 3, 1), RULES) == []


def _allocated_by_the_rule(debts: list[PeriodDebt], payments: list[PenaltyPayment]
                           ) -> list[list[tuple[date, int]]]:
    """The rule as written in DOMAIN.md, step by step over every debt: each payment to its named
    period, then oldest period first, proportionally within a period."""
    from app.calc.payment_split import spread_oldest_first

    left = [max(d.amount, 0) for d in debts]
    out: list[list[tuple[date, int]]] = [[] for _ in debts]
    order = sorted(range(len(debts)), key=lambda i: (debts[i].period, i))
    for pay in sorted(payments, key=lambda p: p.paid_on):
        named = [i for i in order if debts[i].period == pay.period] if pay.period else []
        rest = pay.amount
        for indices in (named, order):
            taken = spread_oldest_first(rest, [(debts[i].period, left[i]) for i in indices])
            for i, amount in zip(indices, taken, strict=True):
                if amount:
                    left[i] -= amount
                    out[i].append((pay.paid_on, amount))
                    rest -= amount
    return out


_periods = st.sampled_from([Period(2025, m) for m in range(1, 13)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_periods, st.integers(-500, 5000)), max_size=30),
       st.lists(st.tuples(st.integers(0, 400), st.integers(-300, 9000),
                          st.one_of(st.none(), _periods)), max_size=30))
def test_allocation_of_many_payments_follows_the_oldest_first_rule(
        debts: list[tuple[Period, int]], payments: list[tuple[int, int, Period | None]]) -> None:
    """The grouped allocation (years of payments in one pass) gives exactly the rule's parts."""
    ds = [PeriodDebt(p, f"s{i % 3}", amount) for i, (p, amount) in enumerate(debts)]
    ps = [PenaltyPayment(date(2025, 1, 1) + timedelta(days=d), amount, p)
          for d, amount, p in payments]
    assert allocate_payments(ds, ps) == _allocated_by_the_rule(ds, ps)
