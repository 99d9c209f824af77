"""Debt by period, its age and limitation, instalment schedules, and the state duty scale."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.calc.debt import (
    Instalment,
    PeriodDebt,
    age_bucket,
    limitation_ends,
    months_in_debt,
    schedule_state,
    unpaid_by_period,
)
from app.calc.period import Period
from app.calc.state_duty import claim_duty, court_order_duty

JAN, FEB, MAR = Period(2026, 1), Period(2026, 2), Period(2026, 3)


def test_debt_is_the_newest_accruals_what_was_paid_went_to_the_oldest() -> None:
    accrued = [(JAN, 1000), (FEB, 1000), (MAR, 1000)]
    assert unpaid_by_period(1500, accrued) == [PeriodDebt(FEB, 500), PeriodDebt(MAR, 1000)]
    assert unpaid_by_period(0, accrued) == [] == unpaid_by_period(-300, accrued)
    assert unpaid_by_period(3200, accrued)[0] == PeriodDebt(None, 200)  # older than any accrual


@given(st.integers(-10_000, 100_000),
       st.lists(st.integers(-500, 20_000), min_size=0, max_size=24))
def test_unpaid_parts_sum_to_the_debt_and_never_exceed_a_months_accrual(
        balance: int, amounts: list[int]) -> None:
    accrued = [(JAN.shift(i), a) for i, a in enumerate(amounts)]
    parts = unpaid_by_period(balance, accrued)
    assert sum(p.amount for p in parts) == max(balance, 0)
    by = dict(accrued)
    for p in parts:
        assert p.amount > 0
        if p.period is not None:
            assert p.amount <= by[p.period]


def test_age_in_months_and_buckets() -> None:
    debts = unpaid_by_period(1500, [(JAN, 1000), (FEB, 1000), (MAR, 1000)])
    assert months_in_debt(debts, Period(2026, 11)) == 9
    assert age_bucket(0) == "до 1 месяца" and age_bucket(9) == "6–12 месяцев"
    assert age_bucket(12) == "больше 12 месяцев" and age_bucket(3) == "3–6 месяцев"


def test_limitation_is_three_years_from_the_due_date() -> None:
    assert limitation_ends(date(2023, 3, 10)) == date(2026, 3, 10)
    assert limitation_ends(date(2024, 2, 29)) == date(2027, 2, 28)


def test_a_schedule_kept_then_an_instalment_missed() -> None:
    schedule = [Instalment(date(2026, 1, 15), 1000), Instalment(date(2026, 2, 15), 1000),
                Instalment(date(2026, 3, 15), 1000)]
    paid = [(date(2026, 1, 10), 1000), (date(2026, 2, 14), 600)]
    early = schedule_state(schedule, paid, date(2026, 2, 1))
    assert early.kept and not early.finished and early.due_so_far == 1000
    late = schedule_state(schedule, [*paid, (date(2026, 2, 20), 400)], date(2026, 2, 28))
    assert late.missed == schedule[1]  # covered only after its date: missed all the same
    done = schedule_state(schedule, [(date(2026, 1, 1), 3000)], date(2026, 4, 1))
    assert done.kept and done.finished


def test_state_duty_by_the_scale_in_force_on_the_filing_day() -> None:
    # 259-ФЗ, from 09.09.2024: up to 100 000 ₽ — 4 000 ₽; 100 001–300 000 — 4 000 + 3 %
    assert claim_duty(50_000_00, date(2025, 3, 1)) == 4_000_00
    assert claim_duty(150_000_00, date(2025, 3, 1)) == 5_500_00
    assert court_order_duty(150_000_00, date(2025, 3, 1)) == 2_750_00
    # the earlier scale: 4 % but not less than 400 ₽; 20 001–100 000 — 800 + 3 %
    assert claim_duty(5_000_00, date(2024, 9, 8)) == 400_00
    assert claim_duty(50_000_00, date(2023, 1, 1)) == 1_700_00
    assert court_order_duty(50_000_00, date(2023, 1, 1)) == 850_00
    assert claim_duty(12_345_67, date(2023, 1, 1)) == 494_00  # 493,83 → whole roubles
