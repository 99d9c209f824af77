"""Meter readings as the engine wants them: this period's pair per zone, or the history to average.

Reading semantics (app/models/meters.py): `Reading.period` is the billing period the reading counts
for; the consumption of period P is value(P) − the latest earlier reading of the same meter and
zone — plus 10^digits where the reading declares a counter rollover. Within a period an initial
reading (a new meter) comes before a regular one, and a final one (the meter removed) after it.
A replaced meter is simply two meters in the month: the old one from its previous reading to its
final, the new one from its initial to its current — the engine sums the volumes per zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.calc.errors import CalcError, ErrorCode
from app.calc.inputs import MeterUsage, ZoneReading
from app.calc.period import Period
from app.models.enums import ReadingKind


def _q(raw: int) -> Decimal:
    """The stored scaled integer as an exact Decimal (as `quantity_from_db`, faster)."""
    whole, frac = divmod(raw, 1_000_000)
    if not frac:
        return Decimal(whole)
    return Decimal(raw).scaleb(-6).normalize()


HISTORY_MONTHS = 13  # readings loaded before the period: a 6-month average plus gaps
_KIND_ORDER = {ReadingKind.INITIAL.value: 0, ReadingKind.REGULAR.value: 1,
               ReadingKind.FINAL.value: 2}


@dataclass(frozen=True, slots=True)
class MeterRow:
    id: int
    account_id: int | None
    building_id: int | None
    service_id: int | None
    resource: str
    zones: int
    installed_on: date
    removed_on: date | None
    next_verification: date | None


def month_index(code: int) -> int:
    return (code // 100) * 12 + code % 100 - 1


def zone_key(zones: int, zone: int) -> str:
    return "" if zones <= 1 else f"T{zone}"


Entry = tuple[int, int, int, int]  # period, kind order, stored value, rollover wrap (stored)


class ReadingBook:
    """Readings of many meters: (meter, zone) → [(period, kind order, value, wrap)], sorted.

    `wrap` is 10^digits (as stored, scaled) on a reading that declares the counter rolled over
    since the previous one, else 0: the step up to that reading is value + wrap − previous.
    """

    def __init__(self) -> None:
        self._by: dict[tuple[int, int], list[Entry]] = defaultdict(list)

    def add(self, rows: Iterable[tuple[int, int, int, int, str, bool, int]]) -> None:
        """Rows of (meter, period, zone, stored value, kind, rollover, digits): the value as the
        scaled integer it is stored as, made exact Decimal only for the readings used."""
        by = self._by
        order = _KIND_ORDER
        for meter_id, period, zone, raw, kind, rollover, digits in rows:
            wrap = 10 ** (digits or 5) * 1_000_000 if rollover else 0
            by[(meter_id, zone)].append((period, order.get(kind, 1), raw, wrap))

    def finish(self) -> None:
        for series in self._by.values():
            series.sort()

    def series(self, meter_id: int, zone: int) -> Sequence[Entry]:
        return self._by.get((meter_id, zone), ())

    def complete(self, meter_id: int, zones: int, period: int) -> bool:
        """Every zone has this period's reading and one before it already loaded."""
        for z in range(1, max(zones, 1) + 1):
            i = _current_index(self.series(meter_id, z), period)
            if i is None or i == 0:
                return False
        return True

    def needing_older(self, period: int) -> set[int]:
        """Meters whose reading of `period` has no earlier reading loaded (a long gap)."""
        out = set()
        for (meter_id, _zone), series in self._by.items():
            if series[0][0] == period and series[0][1] != 0:
                out.add(meter_id)
        return out


def usage(meter: MeterRow, book: ReadingBook, period: Period) -> MeterUsage:
    """One meter's readings for the period, or its history when this period has none."""
    code = period.code
    zones: list[ZoneReading] = []
    for z in range(1, max(meter.zones, 1) + 1):
        series = book.series(meter.id, z)
        cur_i = _current_index(series, code)
        if cur_i is None:
            zones = []
            break
        if cur_i == 0:
            raise CalcError(ErrorCode.BAD_READING,
                            f"Прибор {meter.id}: нет предыдущего показания для показания "
                            f"{period}")
        zones.append(ZoneReading(zone_key(meter.zones, z), _q(series[cur_i - 1][2]),
                                 _q(series[cur_i][2] + series[cur_i][3])))
    if zones:
        return MeterUsage(meter.id, tuple(zones), verification_due=meter.next_verification)
    history = {zone_key(meter.zones, z): _monthly(book.series(meter.id, z), code)
               for z in range(1, max(meter.zones, 1) + 1)}
    return MeterUsage(meter.id, None, {k: v for k, v in history.items() if v},
                      _missing_periods(meter, book, code), meter.next_verification)


def _current_index(series: Sequence[Entry], code: int) -> int | None:
    """The reading that closes the period: its final if any, else its regular one."""
    found = None
    for i, (p, order, _v, _w) in enumerate(series):
        if p == code and order > 0:
            found = i
        elif p > code:
            break
    return found


def _monthly(series: Sequence[Entry], code: int) -> list[Decimal]:
    """Monthly volumes before `code`, oldest first; a gap of k months spreads evenly over k."""
    out: list[Decimal] = []
    prev: tuple[int, int] | None = None
    for p, _order, value, wrap in series:
        if p >= code:
            break
        if prev is not None and p > prev[0]:
            gap = month_index(p) - month_index(prev[0])
            share = _q(value + wrap - prev[1]) / gap
            out.extend([share] * gap)
        elif prev is not None and p == prev[0] and out:
            out[-1] += _q(value + wrap - prev[1])  # initial and regular in one month
        prev = (p, value)
    return out


def _missing_periods(meter: MeterRow, book: ReadingBook, code: int) -> int:
    """Consecutive periods without a reading, this one included."""
    last = None
    for z in range(1, max(meter.zones, 1) + 1):
        for p, _order, _v, _w in book.series(meter.id, z):
            if p < code and (last is None or p > last):
                last = p
    if last is None:
        installed = meter.installed_on.year * 100 + meter.installed_on.month
        return max(month_index(code) - month_index(installed), 1)
    return month_index(code) - month_index(last)


def building_volume(meter: MeterRow, book: ReadingBook, period: Period) -> Decimal | None:
    """The building meter's volume for the period (all zones), None without a reading."""
    total = Decimal(0)
    for z in range(1, max(meter.zones, 1) + 1):
        series = book.series(meter.id, z)
        i = _current_index(series, period.code)
        if i is None or i == 0:
            return None
        total += _q(series[i][2] + series[i][3] - series[i - 1][2])
    return total
