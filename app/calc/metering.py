"""Volumes from individual meters: readings, replacement, average when readings are missing,
and when a meter stops counting (ПП 354 п. 59–60).

The outcome is either volumes per zone (from readings or the average) or `NormNeeded` with the
reason, which decides whether the raising coefficient applies (absent or expired meter: yes;
readings merely not submitted: no — п. 60).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.calc.basis import Fallback, ReadingUsed, Source
from app.calc.errors import CalcError, ErrorCode
from app.calc.inputs import MeterUsage, ServiceInput, ZoneReading
from app.calc.period import Period

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class MeterVolumes:
    source: Source  # READINGS, or AVERAGE when any meter's volume is its average
    zones: dict[str, Decimal]
    readings: tuple[ReadingUsed, ...]
    average_months: int | None
    fallback: Fallback | None
    periods_without_readings: int | None
    verification_due: date | None


@dataclass(frozen=True, slots=True)
class NormNeeded:
    fallback: Fallback
    periods_without_readings: int | None = None
    verification_due: date | None = None


def resolve_meters(svc: ServiceInput, period: Period) -> MeterVolumes | NormNeeded:
    """Sum the volumes of the service's meters per zone; any meter that must go by norm sends
    the whole service to the norm (a premise is either measured or not)."""
    if not svc.meters:
        return NormNeeded(Fallback.NO_METER)
    zones: dict[str, Decimal] = {}
    used: list[ReadingUsed] = []
    average: tuple[int, Fallback, int | None, date | None] | None = None
    for meter in svc.meters:
        state = _meter_state(meter, svc, period)
        if isinstance(state, NormNeeded):
            return state
        volumes, months, reason = state
        if months is None:
            used.extend(_readings_used(meter))
        else:
            average = (months, reason or Fallback.NO_READINGS, meter.periods_without_readings,
                       meter.verification_due if reason == Fallback.VERIFICATION_EXPIRED else None)
        for zone, volume in volumes.items():
            zones[zone] = zones.get(zone, ZERO) + volume
    if average is None:
        return MeterVolumes(Source.READINGS, zones, tuple(used), None, None, None, None)
    months, reason, without, due = average
    return MeterVolumes(Source.AVERAGE, zones, tuple(used), months, reason,
                        without if reason == Fallback.NO_READINGS else None, due)


def _meter_state(
    meter: MeterUsage, svc: ServiceInput, period: Period
) -> tuple[dict[str, Decimal], int | None, Fallback | None] | NormNeeded:
    """(volumes by zone, months averaged or None, reason) or NormNeeded."""
    if meter.verification_due is not None:
        expired_from = Period.of(meter.verification_due).next()  # "from the month after"
        if period >= expired_from:
            elapsed = _months_between(expired_from, period)
            if elapsed < svc.max_average_periods:
                avg = _average(meter, svc)
                if avg is not None:
                    return avg[0], avg[1], Fallback.VERIFICATION_EXPIRED
            return NormNeeded(Fallback.VERIFICATION_EXPIRED, None, meter.verification_due)
    if meter.readings is None:
        missing = max(meter.periods_without_readings, 1)
        if missing <= svc.max_average_periods:
            avg = _average(meter, svc)
            if avg is not None:
                return avg[0], avg[1], Fallback.NO_READINGS
        return NormNeeded(Fallback.NO_READINGS, missing)
    return {r.zone: zone_volume(meter.meter_key, r) for r in meter.readings}, None, None


def _months_between(a: Period, b: Period) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _average(meter: MeterUsage, svc: ServiceInput) -> tuple[dict[str, Decimal], int] | None:
    """Average monthly volume per zone over the last `average_window` months of actual readings;
    None when fewer than `min_average_months` are known (then the norm applies, п. 59)."""
    if not meter.history:
        return None
    out: dict[str, Decimal] = {}
    months = 0
    for zone, series in meter.history.items():
        recent: Sequence[Decimal] = list(series)[-svc.average_window:]
        if len(recent) < svc.min_average_months:
            return None
        if any(v < 0 for v in recent):
            raise CalcError(ErrorCode.NEGATIVE_VOLUME,
                            f"Прибор {meter.meter_key}: отрицательный объём в истории показаний")
        out[zone] = sum(recent, ZERO) / len(recent)
        months = max(months, len(recent))
    return out, months


def zone_volume(meter_key: object, r: ZoneReading) -> Decimal:
    """current − previous, or old final − previous + new current − new initial on replacement."""
    if r.replaced:
        if r.old_final is None or r.new_initial is None:
            raise CalcError(ErrorCode.BAD_READING,
                            f"Прибор {meter_key}: при замене нужны конечное показание старого "
                            "и начальное нового")
        parts = (r.old_final - r.previous, r.current - r.new_initial)
    else:
        parts = (r.current - r.previous,)
    if any(p < 0 for p in parts):
        zone = f" (зона {r.zone})" if r.zone else ""
        raise CalcError(ErrorCode.NEGATIVE_VOLUME,
                        f"Прибор {meter_key}{zone}: текущее показание меньше предыдущего")
    return sum(parts, ZERO)


def _readings_used(meter: MeterUsage) -> list[ReadingUsed]:
    assert meter.readings is not None
    return [
        ReadingUsed(meter.meter_key, r.zone, r.previous, r.current,
                    zone_volume(meter.meter_key, r), r.old_final, r.new_initial)
        for r in meter.readings
    ]
