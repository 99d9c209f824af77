"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from app.calc.accrual import calculate_account
from app.calc.inputs import Method, ResidentSpan, ServiceInput, ServiceKind
from app.calc.money import round_kopecks, split_by_weights
from app.calc.payment_split import Debt, DocumentLine, split_document_payment
from app.calc.penalty import penalty_for_debt
from app.calc.penalty_tables import federal_defaults
from app.calc.period import Period
from app.calc.timeline import DatedValue, Timeline
from tests.calc.factories import LONG_AGO, account, const, rule

money = st.integers(min_value=0, max_value=10**9)
prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2)
quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("999.999"), places=3)
periods = st.builds(Period, st.integers(2020, 2030), st.integers(1, 12))


@given(money, st.lists(st.integers(0, 10**7), min_size=1, max_size=12))
def test_split_sums_exactly_and_is_not_negative(amount: int, weights: list[int]) -> None:
    parts = split_by_weights(amount, weights)
    assert sum(parts) == amount
    assert all(p >= 0 for p in parts)


@given(money, st.lists(st.integers(0, 10**6), min_size=1, max_size=8), money)
def test_document_payment_sums_exactly(amount: int, lines: list[int], debt: int) -> None:
    doc = [DocumentLine(f"s{i}", i, a) for i, a in enumerate(lines)]
    debts = [Debt(Period(2026, 1), "s0", 0, debt)]
    allocs = split_document_payment(amount, Period(2026, 2), doc, debts)
    assert sum(a.amount for a in allocs) == amount
    assert all(a.amount > 0 for a in allocs)


@st.composite
def split_month(draw: st.DrawFn) -> tuple[Period, int, Decimal, Decimal]:
    period = draw(periods)
    day = draw(st.integers(2, period.days))
    return period, day, draw(prices), draw(prices)


@given(split_month(), quantities)
def test_a_split_month_is_the_exact_sum_of_its_pieces_rounded_once(
    case: tuple[Period, int, Decimal, Decimal], norm: Decimal
) -> None:
    period, day, t1, t2 = case
    change = date(period.year, period.month, day)
    tariff = Timeline.of(DatedValue(LONG_AGO, change - timedelta(days=1), t1),
                         DatedValue(change, None, t2))
    inp = account(rule(tariff=tariff, norm=Timeline.const(norm)),
                  people=(ResidentSpan("a", LONG_AGO),))
    line = calculate_account(inp, period).lines[0]
    pieces = line.basis.pieces
    assert sum(p.days for p in pieces) == period.days
    with localcontext() as ctx:
        ctx.prec = 60
        assert abs(line.basis.exact - sum(p.exact for p in pieces)) < Decimal("1e-20")
    assert line.amount == round_kopecks(line.basis.exact)
    assert abs(line.amount - sum(round_kopecks(p.exact) for p in pieces)) <= len(pieces)
    if t1 == t2:
        whole = calculate_account(account(rule(tariff=Timeline.const(t1),
                                               norm=Timeline.const(norm)),
                                          people=(ResidentSpan("a", LONG_AGO),)), period)
        assert whole.lines[0].amount == line.amount


@given(periods, quantities, prices)
def test_a_month_without_changes_is_exactly_the_whole_charge(
    period: Period, area: Decimal, rate: Decimal
) -> None:
    area = min(area, Decimal(1000)) + Decimal(1)
    line = calculate_account(account(rule("m", Method.AREA, Timeline.const(rate),
                                          kind=ServiceKind.MAINTENANCE),
                                     area=Timeline.const(area)), period).lines[0]
    assert line.basis.exact == area * rate * 100
    assert line.basis.pieces == ()


@st.composite
def spans(draw: st.DrawFn) -> tuple[ResidentSpan, ...]:
    out = []
    for i in range(draw(st.integers(0, 5))):
        a = date(2026, 11, 1) + timedelta(days=draw(st.integers(-40, 29)))
        length = draw(st.one_of(st.none(), st.integers(0, 60)))
        b = None if length is None else a + timedelta(days=length)
        out.append(ResidentSpan(i, a, b))
    return tuple(out)


@given(spans(), st.integers(0, 3), quantities, prices)
@settings(max_examples=200)
def test_residents_by_days_and_non_negative_charges(
    people: tuple[ResidentSpan, ...], owners: int, norm: Decimal, tariff: Decimal
) -> None:
    period = Period(2026, 11)
    inp = account(rule(tariff=Timeline.const(tariff), norm=Timeline.const(norm)),
                  people=people, owners=owners)
    result = calculate_account(inp, period)
    assert result.errors == []
    line = result.lines[0]
    assert line.amount >= 0
    first, last = period.first_day, period.last_day
    person_days = 0
    owner_days = 0
    for offset in range(period.days):
        day = first + timedelta(days=offset)
        n = sum(1 for s in people if s.date_from <= day and (s.date_to is None or day <= s.date_to))
        person_days += n
        owner_days += owners if n == 0 else 0
    expected = Decimal(person_days + owner_days) / period.days
    assert line.basis.residents is not None
    assert abs(line.basis.residents - expected) < Decimal("1e-20")
    assert first <= last


@given(periods, quantities, prices, st.integers(1, 6))
def test_calculation_is_deterministic_whatever_the_callers_context(
    period: Period, norm: Decimal, tariff: Decimal, heads: int
) -> None:
    people = tuple(ResidentSpan(i, LONG_AGO) for i in range(heads))
    r = rule(tariff=Timeline.const(tariff), norm=Timeline.const(norm))
    first = calculate_account(account(r, people=people), period)
    with localcontext() as ctx:
        ctx.prec = 6
        again = calculate_account(account(r, people=people), period)
    fresh = calculate_account(account(rule(tariff=Timeline.const(tariff),
                                           norm=Timeline.const(norm)), people=people), period)
    assert first == again == fresh


def test_memoised_lines_are_the_same_as_computed_ones() -> None:
    r = rule("m", Method.AREA, "30.15", kind=ServiceKind.MAINTENANCE)
    a = calculate_account(account(r, area="54.3"), Period(2026, 11)).lines[0]
    b = calculate_account(account(r, area="54.3"), Period(2026, 11)).lines[0]
    c = calculate_account(account(ServiceInput(rule("m", Method.AREA, "30.15",
                                                    kind=ServiceKind.MAINTENANCE)),
                                  area="54.3"), Period(2026, 11)).lines[0]
    assert a is b and a == c


@given(st.integers(1, 10**8), st.integers(0, 400), st.integers(0, 400))
def test_penalty_is_non_negative_and_grows_with_time(debt: int, d1: int, d2: int) -> None:
    rules = federal_defaults()
    due = date(2025, 3, 10)
    early, late = sorted((d1, d2))
    a, _ = penalty_for_debt(debt, due, [], due + timedelta(days=early), rules)
    b, _ = penalty_for_debt(debt, due, [], due + timedelta(days=late), rules)
    assert 0 <= a <= b


def test_norm_service_const_helper_is_shared() -> None:
    assert const("1") == const("1")
