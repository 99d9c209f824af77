"""Temporary absence and under-supply reductions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.calc.absence import (
    absence_reduction,
    absence_reduction_for,
    applies_to,
    days_away_in,
    full_days_away,
    qualifies,
)
from app.calc.inputs import Method, ServiceKind
from app.calc.quality import (
    FEDERAL_INTERRUPTION_RULES,
    InterruptionRule,
    TemperatureEpisode,
    hot_water_temperature_reduction,
    interruption_reduction,
)
from tests.calc.factories import LONG_AGO, NOV, account, const, one, residents, rule


def test_leaving_and_returning_days_are_not_counted() -> None:
    assert full_days_away(date(2026, 11, 9), date(2026, 11, 22)) == 12
    assert full_days_away(date(2026, 11, 9), date(2026, 11, 10)) == 0


def test_more_than_five_full_days_needed() -> None:
    assert not qualifies(date(2026, 11, 1), date(2026, 11, 7))  # 5 full days
    assert qualifies(date(2026, 11, 1), date(2026, 11, 8))  # 6 full days


def test_absence_across_months_counts_the_days_of_each() -> None:
    left, back = date(2026, 10, 25), date(2026, 11, 10)
    assert days_away_in(NOV, left, back) == 9
    assert days_away_in(NOV.prev(), left, back) == 6


def test_short_absence_gives_nothing() -> None:
    line = one(account(rule(tariff="48.00", norm=const("4")), people=residents(LONG_AGO)))
    assert absence_reduction_for(line, NOV, date(2026, 11, 1), date(2026, 11, 5)) == 0


def test_share_of_fractional_residents() -> None:
    # charge for 2.5 person-months; one full-month person away 10 days
    assert absence_reduction(53619, Decimal("2.5"), 10, 30) == 7149  # 214.476 × 10/30 = 71.492


def test_which_services_are_recalculated() -> None:
    norm_line = one(account(rule(norm=const("4")), people=residents(LONG_AGO)))
    assert applies_to(norm_line.basis, ServiceKind.COLD_WATER)
    assert not applies_to(norm_line.basis, ServiceKind.HEATING)
    area_line = one(account(rule("m", Method.AREA, "10.00", kind=ServiceKind.MAINTENANCE)))
    assert not applies_to(area_line.basis, ServiceKind.MAINTENANCE)
    assert applies_to(area_line.basis, ServiceKind.SOLID_WASTE)  # ТКО always


def test_interruption_within_permitted_hours_gives_nothing() -> None:
    assert interruption_reduction(120000, Decimal(8), FEDERAL_INTERRUPTION_RULES[
        ServiceKind.COLD_WATER]) == 0


def test_heating_permits_24_hours() -> None:
    rule_ = FEDERAL_INTERRUPTION_RULES[ServiceKind.HEATING]
    assert interruption_reduction(500000, Decimal(34), rule_) == 7500  # 10 h × 0.15 %


def test_reduction_never_exceeds_the_charge() -> None:
    rule_ = InterruptionRule(Decimal(0))
    assert interruption_reduction(1000, Decimal(10000), rule_) == 1000


def test_hot_water_temperature() -> None:
    # 7 °C below the permitted: 2 whole steps of 3 °C × 10 h × 0.1 % = 2 %
    assert hot_water_temperature_reduction(100000, [TemperatureEpisode(Decimal(10), Decimal(7))]
                                           ) == 2000
    assert hot_water_temperature_reduction(100000, [TemperatureEpisode(Decimal(10), Decimal(2))]
                                           ) == 0
