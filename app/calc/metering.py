"""Volumes from individual meters: readings, replacement, average when readings are missing,
and when a meter stops counting (ПП 354 п. 59–60).

The outcome is either volumes per zone (from readings or the average) or `NormNeeded` with the
reason, which decides whether the raising coefficient applies (absent or expired meter: yes;
readings merely not submitted: no — п. 60).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from app.calc.basis import Fallback, ReadingUsed, Source
from app.calc.errors import CalcError, ErrorCode
from app.calc.inputs import MeterUsage, ServiceInput, ServiceRule, ZoneReading
from app.calc.period import Period

ZERO = Decimal(0)


class MeterVolumes(NamedTuple):
    source: Source  # READINGS, or AVERAGE when any meter's volume is its average
    zones: dict[str, Decimal]
    readings: tuple[ReadingUsed, ...]
    average_months: int | None
    fallback: Fallback | None
    periods_without_readings: int | None
    verification_due: date | None


class NormNeeded(NamedTuple):
    fallback: Fallback
    periods_without_readings: int | None = None
    verification_due: date | None = None


def resolve_meters(svc: ServiceInput, period: Period) -> MeterVolumes | NormNeeded:
    """Sum the volumes of the service's meters per zone; any meter that must go by norm sends
    the whole service to the norm (a premise is either measured or not)."""
    if not svc.meters:
        return NormNeeded(Fallback.NO_METER)
    rule = svc.rule
    if len(svc.meters) == 1:  # the usual flat: one meter that counts by its readings
        meter = svc.meters[0]
        if (meter.readings is not None and len(meter.readings) == 1
                and _meter_state(meter, rule, period) is None):
            only = _readings_used(meter)[0]
            return MeterVolumes(Source.READINGS, {only.zone: only.volume}, (only,),
                                None, None, None, None)
    zones: dict[str, Decimal] = {}
    used: list[ReadingUsed] = []
    average: tuple[int, Fallback, int, date | None] | None = None
    for meter in svc.meters:
        state = _meter_state(meter, rule, period)
        if state is None:  # counts by its readings
            for r in _readings_used(meter):
                used.append(r)
                zones[r.zone] = zones.get(r.zone, ZERO) + r.volume
            continue
        if isinstance(state, NormNeeded):
            return state
        volumes, months, reason = state
        average = (months, reason, meter.periods_without_readings,
                   meter.verification_due if reason == Fallback.VERIFICATION_EXPIRED else None)
        for zone, volume in volumes.items():
            zones[zone] = zones.get(zone, ZERO) + volume
    if average is None:
        return MeterVolumes(Source.READINGS, zones, tuple(used), None, None, None, None)
    months, reason, without, due = average
    return MeterVolumes(Source.AVERAGE, zones, tuple(used), months, reason,
                        without if reason == Fallback.NO_READINGS else None, due)


def _meter_state(
    meter: MeterUsage, svc: ServiceRule, period: Period
) -> tuple[dict[str, Decimal], int, Fallback] | NormNeeded | None:
    """None: the readings count; (average volumes by zone, months averaged, reason); or the norm."""
    due = meter.verification_due
    if due is not None:
        # months since the first month without verification ("from the month after the date");
        # plain integers: every meter has a due date, so this runs for every meter
        elapsed = (period.year - due.year) * 12 + period.month - due.month - 1
        if elapsed >= 0:
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
    return None


def _average(meter: MeterUsage, svc: ServiceRule) -> tuple[dict[str, Decimal], int] | None:
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
    if r.old_final is None and r.new_initial is None:
        volume = r.current - r.previous
        if volume < 0:
            _negative(meter_key, r)
        return volume
    if r.old_final is None or r.new_initial is None:
        raise CalcError(ErrorCode.BAD_READING,
                        f"Прибор {meter_key}: при замене нужны конечное показание старого "
                        "и начальное нового")
    old, new = r.old_final - r.previous, r.current - r.new_initial
    if old < 0 or new < 0:
        _negative(meter_key, r)
    return old + new


def _negative(meter_key: object, r: ZoneReading) -> None:
    zone = f" (зона {r.zone})" if r.zone else ""
    raise CalcError(ErrorCode.NEGATIVE_VOLUME,
                    f"Прибор {meter_key}{zone}: текущее показание меньше предыдущего")


def _readings_used(meter: MeterUsage) -> list[ReadingUsed]:
    assert meter.readings is not None
    return [
        ReadingUsed(meter.meter_key, r.zone, r.previous, r.current,
                    zone_volume(meter.meter_key, r), r.old_final, r.new_initial)
        for r in meter.readings
    ]
