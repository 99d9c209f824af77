"""Area, heating (by norm per m² and by the building meter), common-house needs, fixed sums."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.calc.basis import Source
from app.calc.errors import ErrorCode
from app.calc.inputs import BuildingData, Method, ServiceInput, ServiceKind, ServiceRule
from tests.calc.factories import LONG_AGO, D, account, const, errors_of, one, rule, steps


def maintenance(tariff: str = "30.15") -> ServiceRule:
    return rule("maintenance", Method.AREA, tariff, kind=ServiceKind.MAINTENANCE)


def test_area_times_rate() -> None:
    line = one(account(maintenance(), area="54.3"))
    assert line.amount == 163715  # 54.3 × 30.15 = 1637.145 → 1637.15
    assert line.basis.area == D("54.3")
    assert line.basis.explain().replace("\u00a0", " ") == (
        "Площадь 54,3 м² × тариф 30,15 ₽/м² = 1 637,15 ₽")


def test_capital_repair_minimum_contribution() -> None:
    r = rule("capital_repair", Method.AREA, "12.40", kind=ServiceKind.CAPITAL_REPAIR)
    assert one(account(r, area="45")).amount == 55800


def test_area_change_mid_month() -> None:
    area = steps((LONG_AGO, date(2026, 11, 10), "40"), (date(2026, 11, 11), None, "70"))
    line = one(account(maintenance("30.00"), area=area))
    assert line.amount == 40000 + 140000  # 40 × 30 × 10/30 + 70 × 30 × 20/30
    assert line.basis.area is None and len(line.basis.pieces) == 2


def test_bad_area_is_an_error() -> None:
    for bad in ("0", "-5", "1000000"):
        errs = errors_of(account(maintenance(), area=bad))
        assert [e.code for e in errs] == [ErrorCode.BAD_AREA], bad


def test_missing_area_is_an_error() -> None:
    assert [e.code for e in errors_of(account(maintenance(), area=None))] == [ErrorCode.NO_AREA]


def test_heating_by_norm_per_square_metre() -> None:
    r = rule("heating", Method.HEATING_AREA_NORM, "2500.00", kind=ServiceKind.HEATING,
             norm=const("0.0184"))
    line = one(account(r, area="54.3"))
    assert line.amount == 249780  # 54.3 × 0.0184 × 2500 = 2497.80
    assert line.basis.source == Source.AREA_NORM
    assert line.basis.volume == D("0.99912")
    assert "Гкал/м²" in line.basis.explain()


def test_heating_by_building_meter() -> None:
    building = BuildingData(volume=D(120), premises_area=D(3000))
    r = rule("heating", Method.HEATING_BUILDING_METER, "2500.00", kind=ServiceKind.HEATING,
             building=building)
    line = one(account(r, area="54.3"))
    # 120 × 54.3 / 3000 = 2.172 Gcal × 2500 = 5430.00
    assert line.basis.volume == D("2.172")
    assert line.amount == 543000
    assert "ОДПУ 120" in line.basis.explain()


def test_heating_by_building_meter_needs_its_volume() -> None:
    r = rule("heating", Method.HEATING_BUILDING_METER, "2500.00", kind=ServiceKind.HEATING,
             building=BuildingData(volume=None, premises_area=D(3000)))
    assert [e.code for e in errors_of(account(r))] == [ErrorCode.NO_BUILDING_DATA]


def odn(volume: str | None, premises: str, cap_disabled: bool = False) -> ServiceRule:
    building = BuildingData(volume=None if volume is None else D(volume),
                            premises_area=D(3000), premises_volume=D(premises),
                            common_area=D(400), common_norm=const("0.03"),
                            cap_disabled=cap_disabled)
    return rule("cold_water_odn", Method.COMMON_NEEDS, "50.00", building=building)


def test_common_needs_below_the_cap() -> None:
    line = one(account(odn("1000", "990"), area="60"))
    # (1000 − 990) × 60 / 3000 = 0.2; cap 0.03 × 400 × 60/3000 = 0.24 → 0.2 × 50 = 10.00
    assert line.basis.volume == D("0.2")
    assert line.amount == 1000
    assert line.basis.building is not None and not line.basis.building.capped


def test_common_needs_capped_at_the_norm() -> None:
    line = one(account(odn("1000", "900"), area="60"))
    # (100) × 60 / 3000 = 2 > cap 0.24 → 0.24 × 50 = 12.00
    assert line.basis.volume == D("0.24")
    assert line.amount == 1200
    assert line.basis.building is not None and line.basis.building.capped
    assert "применён предел" in line.basis.explain()


def test_common_needs_cap_disabled_by_the_owners_meeting() -> None:
    line = one(account(odn("1000", "900", cap_disabled=True), area="60"))
    assert line.amount == 10000  # 2 m³ × 50


def test_common_needs_never_negative() -> None:
    line = one(account(odn("1000", "1100"), area="60"))
    assert line.amount == 0


def test_common_needs_without_a_building_meter_is_the_cap() -> None:
    line = one(account(odn(None, "0"), area="60"))
    assert line.amount == 1200


def test_common_needs_without_norm_and_without_meter_is_an_error() -> None:
    building = BuildingData(volume=None, premises_area=D(3000), common_area=D(400))
    r = rule("odn", Method.COMMON_NEEDS, "50.00", building=building)
    assert [e.code for e in errors_of(account(r))] == [ErrorCode.NO_NORM]


def test_common_needs_for_part_of_the_month() -> None:
    line = one(account(odn(None, "0"), area="60", opened=date(2026, 11, 16)))
    assert line.amount == 600


def test_fixed_sum_per_account() -> None:
    r = rule("intercom", Method.FIXED, "55.00", kind=ServiceKind.OTHER)
    line = one(account(r))
    assert line.amount == 5500
    assert line.basis.explain().replace("\u00a0", " ") == (
        "Фиксированная сумма 55,00 ₽ = 55,00 ₽")
    assert one(account(r, opened=date(2026, 11, 16))).amount == 2750


def test_fixed_sum_with_units() -> None:
    r = rule("antenna", Method.FIXED, "40.00", kind=ServiceKind.OTHER, units=Decimal(2))
    assert one(account(r)).amount == 8000


def test_service_area_override() -> None:
    r = rule("heating", Method.HEATING_AREA_NORM, "2000.00", kind=ServiceKind.HEATING,
             norm=const("0.02"))
    line = one(account(ServiceInput(r, area=const("40")), area="54.3"))
    assert line.amount == 160000


def test_overlapping_tariff_and_bad_area_are_both_reported() -> None:
    tariff = steps((LONG_AGO, None, "30.00"), (date(2026, 11, 10), None, "40.00"))
    r = rule("maintenance", Method.AREA, tariff, kind=ServiceKind.MAINTENANCE)
    errs = errors_of(account(r, area="1000000"))
    assert [(e.code, e.service_code) for e in errs] == [
        (ErrorCode.TARIFF_OVERLAP, "maintenance"), (ErrorCode.BAD_AREA, "maintenance")]
