"""Metered charges: zones, replacement, average when readings are missing, then the norm;
verification expiry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.calc.basis import Fallback, Source
from app.calc.errors import ErrorCode
from app.calc.inputs import MeterUsage, Method, ServiceInput, ServiceKind, ZoneReading
from app.calc.period import Period
from tests.calc.factories import (
    LONG_AGO,
    D,
    account,
    const,
    errors_of,
    one,
    residents,
    rule,
    steps,
)

HISTORY = {"": [D(3), D(4), D(5), D(4), D(3), D(5)]}  # average 4


def water(**kw: object) -> ServiceInput:
    r = rule(method=Method.METERED, tariff="50.00", norm=const("5"), meter_required=True,
             raising_coefficient=const("1.5"))
    return ServiceInput(r, (MeterUsage("m1", **kw),))  # type: ignore[arg-type]


def test_readings_give_the_volume() -> None:
    svc = water(readings=(ZoneReading("", D("120.5"), D("130.75")),))
    line = one(account(svc, people=residents(LONG_AGO)))
    assert line.amount == 51250  # 10.25 × 50
    assert line.basis.source == Source.READINGS
    assert line.basis.volume == D("10.25")
    assert line.basis.readings[0].volume == D("10.25")
    assert line.basis.explain().replace("\u00a0", " ") == (
        "Показания ИПУ m1: 130,75 − 120,5 = 10,25 м³. Объём 10,25 м³ × тариф 50,00 ₽/м³ "
        "= 512,50 ₽")


def test_two_meters_add_up() -> None:
    r = rule(method=Method.METERED, tariff="50.00", norm=const("5"))
    svc = ServiceInput(r, (MeterUsage("kitchen", (ZoneReading("", D(10), D(12)),)),
                           MeterUsage("bath", (ZoneReading("", D(20), D(23)),))))
    assert one(account(svc)).amount == 25000


def test_day_night_zones_each_with_its_tariff() -> None:
    r = rule("power", Method.METERED, "6.00", kind=ServiceKind.ELECTRICITY, norm=const("100"),
             zone_tariffs={"T1": const("7.10"), "T2": const("3.40")})
    svc = ServiceInput(r, (MeterUsage("e1", (ZoneReading("T1", D(1000), D(1150)),
                                             ZoneReading("T2", D(500), D(560)))),))
    line = one(account(svc))
    assert line.amount == 150 * 710 + 60 * 340  # 1065.00 + 204.00
    zones = {z.zone: (z.volume, z.exact) for z in line.basis.zones}
    assert zones == {"T1": (D(150), D(106500)), "T2": (D(60), D(20400))}
    assert line.basis.unit == "кВт·ч"
    text = line.basis.explain()
    assert "T1" in text and "T2" in text
    assert [z["zone"] for z in line.basis.to_json()["zones"]] == ["T1", "T2"]


def test_three_zones_peak_half_peak_night() -> None:
    r = rule("power", Method.METERED, "6.00", kind=ServiceKind.ELECTRICITY,
             zone_tariffs={"T1": const("8.00"), "T2": const("3.00"), "T3": const("6.00")})
    svc = ServiceInput(r, (MeterUsage("e1", (ZoneReading("T1", D(0), D(10)),
                                             ZoneReading("T2", D(0), D(20)),
                                             ZoneReading("T3", D(0), D(30)))),))
    assert one(account(svc)).amount == 8000 + 6000 + 18000


def test_replaced_meter_old_final_minus_previous_plus_new_current_minus_initial() -> None:
    svc = water(readings=(ZoneReading("", D(100), D(4), old_final=D(106), new_initial=D(0)),))
    line = one(account(svc))
    assert line.basis.volume == D(10)
    assert line.amount == 50000
    assert "замена" in line.basis.explain()


def test_replacement_without_both_readings_is_an_error() -> None:
    svc = water(readings=(ZoneReading("", D(100), D(4), old_final=D(106)),))
    assert [e.code for e in errors_of(account(svc))] == [ErrorCode.BAD_READING]


def test_current_below_previous_is_an_error() -> None:
    svc = water(readings=(ZoneReading("", D(100), D(99)),))
    assert [e.code for e in errors_of(account(svc))] == [ErrorCode.NEGATIVE_VOLUME]


def test_no_readings_average_for_three_periods_then_norm_without_coefficient() -> None:
    people = residents(LONG_AGO)
    for missing in (1, 2, 3):
        line = one(account(water(readings=None, history=HISTORY,
                                 periods_without_readings=missing), people=people))
        assert line.basis.source == Source.AVERAGE
        assert line.basis.volume == D(4)
        assert line.amount == 20000
        assert line.basis.fallback == Fallback.NO_READINGS
        assert "среднемесячному" in line.basis.explain()
    line = one(account(water(readings=None, history=HISTORY, periods_without_readings=4),
                       people=people))
    assert line.basis.source == Source.NORM
    assert line.basis.coefficient is None  # п. 60: readings not submitted → plain norm
    assert line.amount == 25000  # 1 × 5 × 50
    assert "4-й период подряд" in line.basis.explain()


def test_average_needs_three_months_of_history() -> None:
    svc = water(readings=None, history={"": [D(3), D(4)]}, periods_without_readings=1)
    line = one(account(svc, people=residents(LONG_AGO)))
    assert line.basis.source == Source.NORM


def test_average_uses_the_last_six_months_only() -> None:
    history = {"": [D(100), D(100), D(1), D(2), D(3), D(4), D(5), D(6)]}
    line = one(account(water(readings=None, history=history, periods_without_readings=1)))
    assert line.basis.volume == D("3.5")


def test_average_of_a_non_terminating_fraction_rounds_once() -> None:
    history = {"": [D(1), D(1), D(2)]}  # 4/3 m³
    line = one(account(water(readings=None, history=history, periods_without_readings=1)))
    assert line.amount == 6667  # 4/3 × 50.00 = 66.666… → 66.67


def test_max_average_periods_is_data() -> None:
    r = rule(method=Method.METERED, tariff="50.00", norm=const("5"), max_average_periods=6)
    svc = ServiceInput(r, (MeterUsage("m1", None, HISTORY, periods_without_readings=5),))
    assert one(account(svc)).basis.source == Source.AVERAGE


def test_verification_expired_average_from_the_next_month_then_norm_with_coefficient() -> None:
    due = date(2026, 7, 20)
    people = residents(LONG_AGO)
    readings = (ZoneReading("", D(10), D(12)),)
    svc = water(readings=readings, history=HISTORY, verification_due=due)
    assert one(account(svc, people=people), Period(2026, 7)).basis.source == Source.READINGS
    for month in (8, 9, 10):
        line = one(account(svc, people=people), Period(2026, month))
        assert line.basis.source == Source.AVERAGE
        assert line.basis.fallback == Fallback.VERIFICATION_EXPIRED
    line = one(account(svc, people=people), Period(2026, 11))
    assert line.basis.source == Source.NORM
    assert line.basis.coefficient == D("1.5")
    assert line.amount == 37500  # 5 × 1.5 × 50
    assert "Истёк срок поверки прибора учёта 20.07.2026" in line.basis.explain()


def test_expired_meter_without_history_goes_to_norm_at_once() -> None:
    svc = water(readings=None, verification_due=date(2026, 9, 30))
    line = one(account(svc, people=residents(LONG_AGO)))
    assert line.basis.source == Source.NORM and line.amount == 37500


def test_metered_service_without_a_meter_uses_the_norm_with_coefficient() -> None:
    r = rule(method=Method.METERED, tariff="50.00", norm=const("5"), meter_required=True,
             raising_coefficient=const("1.5"))
    line = one(account(r, people=residents(LONG_AGO)))
    assert line.basis.fallback == Fallback.NO_METER
    assert line.amount == 37500


def test_metered_volume_is_not_prorated_when_the_account_opens_mid_month() -> None:
    svc = water(readings=(ZoneReading("", D(0), D(6)),))
    line = one(account(svc, opened=date(2026, 11, 21)))
    assert line.amount == 30000  # the readings are the account's own days


def test_tariff_change_shares_the_metered_volume_by_days() -> None:
    tariff = steps((LONG_AGO, date(2026, 11, 15), "40.00"), (date(2026, 11, 16), None, "50.00"))
    r = rule(method=Method.METERED, tariff=tariff)
    svc = ServiceInput(r, (MeterUsage("m1", (ZoneReading("", D(0), D(10)),)),))
    line = one(account(svc))
    assert line.amount == 45000  # 5 m³ × 40 + 5 m³ × 50


def test_sewerage_sums_cold_and_hot_meters_and_has_no_coefficient() -> None:
    r = rule("sewerage", Method.METERED, "30.00", kind=ServiceKind.SEWERAGE, norm=const("7"),
             meter_required=True, raising_coefficient=const("1.5"))
    metered = ServiceInput(r, (MeterUsage("cold", (ZoneReading("", D(0), D(4)),)),
                               MeterUsage("hot", (ZoneReading("", D(0), D(3)),))))
    assert one(account(metered)).amount == 21000
    expired = ServiceInput(r, (MeterUsage("cold", None, verification_due=date(2020, 1, 1)),))
    line = one(account(expired, people=residents(LONG_AGO)))
    assert line.amount == 21000 and line.basis.coefficient is None


def test_decimal_readings_stay_exact() -> None:
    svc = water(readings=(ZoneReading("", D("0.001"), D("0.101")),))
    line = one(account(svc))
    assert line.basis.volume == Decimal("0.100") and line.amount == 500
