"""Norm-based charges: residents by days, owners, raising coefficient, mid-month changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.calc.accrual import CalcResult, calculate_account
from app.calc.basis import Fallback, Source
from app.calc.errors import ErrorCode
from app.calc.inputs import AccountPeriodInput, Method, ResidentSpan, ServiceInput, ServiceKind
from app.calc.period import Period
from tests.calc.factories import (
    LONG_AGO,
    NOV,
    account,
    calc,
    const,
    errors_of,
    one,
    residents,
    rule,
    steps,
)

K15 = const("1.5")


def test_tariff_change_on_the_16th_splits_the_month_exactly() -> None:
    tariff = steps((LONG_AGO, date(2026, 11, 15), "40.00"), (date(2026, 11, 16), None, "50.00"))
    line = one(account(rule(tariff=tariff, norm=const("10")), people=residents(LONG_AGO)))
    assert line.amount == 45000  # 10 × 40 × 15/30 + 10 × 50 × 15/30
    assert line.basis.tariff is None
    assert [(p.days, p.tariff) for p in line.basis.pieces] == [
        (15, Decimal("40.00")), (15, Decimal("50.00"))]
    assert "по частям месяца" in line.basis.explain()


def test_norm_change_mid_month() -> None:
    norm = steps((LONG_AGO, date(2026, 11, 10), "3"), (date(2026, 11, 11), None, "6"))
    line = one(account(rule(tariff="30.00", norm=norm), people=residents(LONG_AGO)))
    # 3 × 30 × 10/30 + 6 × 30 × 20/30 = 30 + 120
    assert line.amount == 15000


def test_a_month_without_changes_has_no_pieces_and_is_the_whole_charge() -> None:
    line = one(account(rule(norm=const("4.745")), people=residents(LONG_AGO, LONG_AGO)))
    assert line.basis.pieces == ()
    assert line.basis.exact == Decimal("2") * Decimal("4.745") * Decimal("45.20") * 100
    assert line.basis.explain().replace("\u00a0", " ") == (
        "Норматив 4,745 м³/чел × 2 чел × тариф 45,20 ₽/м³ = 428,95 ₽")


def test_departure_counts_the_last_day() -> None:
    people = (ResidentSpan("a", LONG_AGO), ResidentSpan("b", LONG_AGO, date(2026, 11, 10)))
    line = one(account(rule(tariff="30.00", norm=const("3")), people=people))
    assert line.basis.residents is not None
    assert abs(line.basis.residents - Decimal(40) / Decimal(30)) < Decimal("1e-25")
    assert line.amount == 12000  # (1 + 1/3) × 3 × 30 = 120.00
    assert "1 чел по 10.11: 10/30" in line.basis.explain()


def test_owners_count_when_nobody_is_registered() -> None:
    line = one(account(rule(tariff="30.00", norm=const("3")), owners=2))
    assert line.amount == 18000
    assert line.basis.owners_used is True
    assert "собственник" in line.basis.explain()


def test_owners_only_on_the_days_without_registered_residents() -> None:
    people = (ResidentSpan("a", date(2026, 11, 16)),)
    line = one(account(rule(tariff="30.00", norm=const("3")), people=people, owners=3))
    # 1–15 Nov: 3 owners; 16–30 Nov: 1 resident → (3 × 15 + 1 × 15) / 30 = 2 person-months
    assert line.basis.residents == Decimal(2)
    assert line.amount == 18000


def test_nobody_and_no_owners_is_a_zero_line() -> None:
    line = one(account(rule(tariff="30.00", norm=const("3"))))
    assert line.amount == 0


def test_raising_coefficient_when_a_required_meter_is_absent() -> None:
    r = rule(norm=const("4"), tariff="50.00", meter_required=True, raising_coefficient=K15)
    line = one(account(r, people=residents(LONG_AGO)))
    assert line.amount == 30000  # 4 × 1.5 × 50
    assert line.basis.coefficient == Decimal("1.5")
    assert line.basis.fallback == Fallback.NO_METER
    assert "повышающий коэффициент 1,5" in line.basis.explain()


def test_no_raising_coefficient_for_sewerage_gas_heating() -> None:
    for kind in (ServiceKind.SEWERAGE, ServiceKind.GAS, ServiceKind.HEATING):
        r = rule(norm=const("4"), tariff="50.00", kind=kind, meter_required=True,
                 raising_coefficient=K15)
        assert one(account(r, people=residents(LONG_AGO))).amount == 20000


def test_account_override_meter_not_possible_drops_the_coefficient() -> None:
    r = rule(norm=const("4"), tariff="50.00", meter_required=True, raising_coefficient=K15)
    line = one(account(ServiceInput(r, meter_required=False), people=residents(LONG_AGO)))
    assert line.amount == 20000


def test_raising_coefficient_dated_from_mid_month() -> None:
    k = steps((date(2026, 11, 16), None, "1.5"))
    r = rule(norm=const("4"), tariff="50.00", meter_required=True, raising_coefficient=k)
    line = one(account(r, people=residents(LONG_AGO)))
    assert line.amount == 25000  # 200 × 15/30 + 300 × 15/30


def test_account_opened_mid_month_is_charged_for_its_days() -> None:
    r = rule(tariff="30.00", norm=const("3"))
    line = one(account(r, people=residents(LONG_AGO), opened=date(2026, 11, 21)))
    assert line.basis.days == 10
    assert line.amount == 3000  # 90.00 × 10/30


def test_account_closed_mid_month() -> None:
    line = one(account(rule(method=Method.AREA, tariff="30.00", kind=ServiceKind.MAINTENANCE),
                       area="60", closed=date(2026, 11, 10)))
    assert line.amount == 60000  # 60 × 30 × 10/30
    assert "10/30 дн." in line.basis.explain()


def test_account_closed_before_the_period_has_no_lines() -> None:
    assert calc(account(rule(norm=const("3")), closed=date(2026, 10, 31))) == []


def test_closed_before_opened_is_an_error() -> None:
    errs = errors_of(account(rule(norm=const("3")), opened=date(2026, 11, 10),
                             closed=date(2026, 11, 1)))
    assert [e.code for e in errs] == [ErrorCode.BAD_DATES]


def test_missing_tariff_for_part_of_the_month_is_reported_per_service() -> None:
    tariff = steps((LONG_AGO, date(2026, 11, 20), "30.00"))
    inp = account(rule(tariff=tariff, norm=const("3")),
                  rule("maintenance", Method.AREA, "20.00", kind=ServiceKind.MAINTENANCE),
                  people=residents(LONG_AGO))
    lines, errors = calc_with_errors(inp)
    assert [line.service_code for line in lines] == ["maintenance"]
    assert [(e.code, e.service_code) for e in errors] == [(ErrorCode.NO_TARIFF, "cold_water")]
    assert "21.11.2026–30.11.2026" in errors[0].message_ru


def test_overlapping_tariffs_are_an_error() -> None:
    tariff = steps((LONG_AGO, None, "30.00"), (date(2026, 11, 1), None, "35.00"))
    errs = errors_of(account(rule(tariff=tariff, norm=const("3")), people=residents(LONG_AGO)))
    assert [e.code for e in errs] == [ErrorCode.TARIFF_OVERLAP]


def test_missing_norm_is_an_error() -> None:
    errs = errors_of(account(rule(), people=residents(LONG_AGO)))
    assert [e.code for e in errs] == [ErrorCode.NO_NORM]


def test_negative_tariff_is_an_error() -> None:
    errs = errors_of(account(rule(tariff="-1", norm=const("3")), people=residents(LONG_AGO)))
    assert [e.code for e in errs] == [ErrorCode.BAD_VALUE]


def test_registration_ending_before_it_starts_is_an_error() -> None:
    people = (ResidentSpan("a", date(2026, 11, 10), date(2026, 11, 5)),)
    errs = errors_of(account(rule(norm=const("3")), people=people))
    assert [e.code for e in errs] == [ErrorCode.BAD_DATES]


def test_heating_season_limits_the_days() -> None:
    r = rule("heating", Method.HEATING_AREA_NORM, "3000.00", kind=ServiceKind.HEATING,
             norm=const("0.02"), provided_from=date(2026, 10, 15))
    oct_line = one(account(r, area="50"), Period(2026, 10))
    # 50 × 0.02 × 3000 = 3000.00 a month; 17 of 31 days
    assert oct_line.amount == 164516  # 300000 × 17 / 31 = 164516.13
    assert one(account(r, area="50")).amount == 300000
    assert calc(account(r, area="50"), Period(2026, 9)) == []


def test_norm_source_and_json() -> None:
    line = one(account(rule(norm=const("4.745")), people=residents(LONG_AGO)))
    data = line.basis.to_json()
    assert data["method"] == "norm" and data["source"] == Source.NORM.value
    assert data["norm"] == "4.745" and data["residents"] == "1" and data["tariff"] == "45.20"


def calc_with_errors(inp: AccountPeriodInput) -> CalcResult:
    return calculate_account(inp, NOV)
