"""The worked examples of DOMAIN.md, one test each, with the figures of the text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.calc.absence import absence_reduction, absence_reduction_for, days_away_in, qualifies
from app.calc.inputs import ServiceKind
from app.calc.money import split_by_weights
from app.calc.payment_split import DocumentLine, split_document_payment
from app.calc.penalty import PenaltyPayment, PeriodDebt, calculate_penalties, due_date
from app.calc.penalty_tables import federal_defaults
from app.calc.period import Period
from app.calc.quality import FEDERAL_INTERRUPTION_RULES, interruption_reduction
from tests.calc.factories import LONG_AGO, NOV, account, const, one, residents, rule


def test_example_1_norm_with_a_third_resident_from_the_16th() -> None:
    line = one(account(rule(norm=const("4.745")),
                       people=residents(LONG_AGO, LONG_AGO, date(2026, 11, 16))))
    assert line.amount == 53619  # 2.5 × 4.745 × 45.20 = 536.185 → 536.19
    assert line.basis.residents == Decimal("2.5")
    assert line.basis.exact == Decimal("53618.5")
    text = line.basis.explain().replace("\u00a0", " ")
    assert text == ("Норматив 4,745 м³/чел × 2,5 чел (2 чел весь месяц, 1 чел с 16.11: 15/30) "
                    "× тариф 45,20 ₽/м³ = 536,19 ₽")


def test_example_2_payment_split_by_largest_remainder() -> None:
    assert split_by_weights(100000, [60000, 30000, 10001]) == [59999, 30000, 10001]
    allocs = split_document_payment(100000, Period(2026, 10), [
        DocumentLine("maintenance", 1, 60000),
        DocumentLine("cold_water", 2, 30000),
        DocumentLine("waste", 3, 10001),
    ])
    assert [(a.service_code, a.amount) for a in allocs] == [
        ("maintenance", 59999), ("cold_water", 30000), ("waste", 10001)]


def test_example_3_penalty_day_107_after_15_march() -> None:
    rules = federal_defaults()
    feb = Period(2026, 2)
    assert due_date(feb, rules) == date(2026, 3, 15)
    assert (date(2026, 6, 30) - date(2026, 3, 15)).days == 107
    lines = calculate_penalties([PeriodDebt(feb, "cold_water", 1_000_000)], [],
                                date(2026, 6, 30), rules)
    assert [line.amount for line in lines] == [31423]
    pieces = lines[0].pieces
    assert [(p.days, p.divisor, p.rate) for p in pieces] == [
        (60, 300, Decimal("9.5")), (17, 130, Decimal("9.5"))]
    assert pieces[0].exact == Decimal(19000)  # 190.00 ₽ for days 31–90


def test_example_3_unpaid_debt_ignores_payments_after_the_calculation_date() -> None:
    rules = federal_defaults()
    feb = Period(2026, 2)
    late = PenaltyPayment(date(2026, 7, 5), 1_000_000, feb)
    lines = calculate_penalties([PeriodDebt(feb, "cold_water", 1_000_000)], [late],
                                date(2026, 6, 30), rules)
    assert lines[0].amount == 31423


def test_example_4_interruption_beyond_permitted_hours() -> None:
    rule_ = FEDERAL_INTERRUPTION_RULES[ServiceKind.COLD_WATER]
    assert interruption_reduction(120000, Decimal(20), rule_) == 2160  # 12 h × 0.15 % = 1.8 %


def test_example_5_absence_of_one_of_two_persons() -> None:
    assert qualifies(date(2026, 11, 9), date(2026, 11, 22))
    days = days_away_in(NOV, date(2026, 11, 9), date(2026, 11, 22))
    assert days == 12
    assert absence_reduction(38400, Decimal(2), days, 30) == 7680


def test_example_5_from_the_charge_line() -> None:
    # 2 persons × norm 4 m³ × 48.00 ₽ = 384.00 ₽
    line = one(account(rule(tariff="48.00", norm=const("4")), people=residents(LONG_AGO, LONG_AGO)))
    assert line.amount == 38400
    assert absence_reduction_for(line, NOV, date(2026, 11, 9), date(2026, 11, 22)) == 7680
