"""Reductions for interruptions and poor quality (ПП 354 приложение 1).

For each hour of interruption beyond the permitted total for the month, the month's charge for the
service is reduced by 0.15 %; hot water below the permitted temperature: 0.1 % for each 3 °C of
deviation (counted in whole steps) for each hour. The permitted hours and percentages are data
(`InterruptionRule`), the defaults below are the federal ones for water and heating.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from app.calc.inputs import ServiceKind
from app.calc.money import round_kopecks


@dataclass(frozen=True, slots=True)
class InterruptionRule:
    permitted_hours_month: Decimal  # in total per month
    permitted_hours_once: Decimal | None = None  # at once (violation finding, not the reduction)
    percent_per_hour: Decimal = Decimal("0.15")


FEDERAL_INTERRUPTION_RULES: Mapping[ServiceKind, InterruptionRule] = {
    ServiceKind.COLD_WATER: InterruptionRule(Decimal(8), Decimal(4)),
    ServiceKind.HOT_WATER: InterruptionRule(Decimal(8), Decimal(4)),
    ServiceKind.HEATING: InterruptionRule(Decimal(24), Decimal(16)),
}


@dataclass(frozen=True, slots=True)
class TemperatureEpisode:
    hours: Decimal
    degrees_below: Decimal  # beyond the permitted deviation


def _apply(charge: int, percent: Decimal) -> int:
    percent = min(percent, Decimal(100))
    return min(round_kopecks(Decimal(charge) * percent / 100), charge)


def interruption_reduction(charge: int, hours_total: Decimal, rule: InterruptionRule) -> int:
    """charge × 0.15 % × hours beyond the permitted total, rounded once, at most the charge."""
    excess = max(Decimal(hours_total) - rule.permitted_hours_month, Decimal(0))
    return _apply(charge, excess * rule.percent_per_hour)


def hot_water_temperature_reduction(
    charge: int,
    episodes: Sequence[TemperatureEpisode],
    step_degrees: Decimal = Decimal(3),
    percent_per_step_hour: Decimal = Decimal("0.1"),
) -> int:
    """charge × Σ (0.1 % × whole 3 °C steps × hours) over the episodes."""
    percent = Decimal(0)
    for ep in episodes:
        steps = (ep.degrees_below / step_degrees).to_integral_value(rounding=ROUND_FLOOR)
        if steps > 0 and ep.hours > 0:
            percent += percent_per_step_hour * steps * ep.hours
    return _apply(charge, percent)
