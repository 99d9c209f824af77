"""Pure rules for meter readings: parsing, consumption, average, and the checks on a new reading.

No database and no clock here: everything a rule needs (the previous reading, the average, the
period's status, today's date) is passed in, so the same checks serve the grid, the account card,
the import and the tests. Each check returns `Problem`s with Russian messages; `warning=True` ones
need an explicit confirmation, the others block.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from app.calc.bounds import QUANTITY_DIGITS, check_quantity
from app.calc.period import Period
from app.errors import Problem
from app.models.enums import MeterStatus, ReadingKind
from app.titles import RESOURCE_SHORT

ZERO = Decimal(0)
MAX_PLACES = 6
_SCALE = Decimal(10) ** MAX_PLACES
AVERAGE_WINDOW = 6  # months of actual consumption averaged (ПП 354 п. 59)
DEFAULT_SPIKE_FACTOR = Decimal(3)  # when no rule parameter «reading_spike_factor» is in force
SPIKE_FACTOR_CODE = "reading_spike_factor"

RESOURCE_ORDER: dict[str, int] = {r: i for i, r in enumerate(RESOURCE_SHORT)}
# the engine's zone names ("" single, T1 day, T2 night, T3 peak) by the stored zone number
ENGINE_ZONES = {1: "T1", 2: "T2", 3: "T3"}
# ordering of readings of one meter inside one period: initial → regular → final
KIND_RANK: dict[str, int] = {ReadingKind.INITIAL: 0, ReadingKind.REGULAR: 1,
                             ReadingKind.FINAL: 2}


def qty(value: Decimal) -> str:
    """A quantity for the operator: 150, 160,5 (never 1.5E+2)."""
    return f"{value.normalize():f}".replace(".", ",")


def zone_title(zone: int, zones: int) -> str:
    if zones <= 1:
        return ""
    if zones == 2:
        return {1: "день", 2: "ночь"}.get(zone, str(zone))
    # the model's zone 1 is "day", 3 "peak": on a three-zone meter the day zone is полупик
    return {1: "полупик", 2: "ночь", 3: "пик"}.get(zone, str(zone))


def parse_zone(text: str) -> int:
    """'1', 'Т1', 'T2', 'день', 'ночь', 'пик', 'полупик' or empty (= 1)."""
    t = text.strip().lower().replace("т", "t")
    if not t:
        return 1
    named = {"день": 1, "ночь": 2, "пик": 3, "полупик": 1, "дневная": 1, "ночная": 2}
    if t in named:
        return named[t]
    t = t.removeprefix("t").removeprefix("зона").strip()
    if t in ("1", "2", "3"):
        return int(t)
    raise ValueError(f"Не понимаю зону «{text}»: ожидается 1, 2 или 3")


def parse_value(text: str | int | float | Decimal | None) -> Decimal:
    """A reading as typed or read from a file: '1 234,5', '1234.5', 1234.5 → Decimal('1234.5')."""
    if text is None or (isinstance(text, str) and not text.strip()):
        raise ValueError("Показание не указано")
    if isinstance(text, bool):
        raise ValueError(f"Показание «{text}» не число")
    if isinstance(text, float):
        text = repr(text)  # the shortest decimal that round-trips, not the binary expansion
    raw = str(text).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"Показание «{text}» не число") from None
    if not value.is_finite():
        raise ValueError(f"Показание «{text}» не число")
    if value and value.adjusted() >= QUANTITY_DIGITS:  # 1E+30, 1e400: no meter shows it
        raise ValueError(f"Показание «{text}» слишком большое: не больше {QUANTITY_DIGITS} "
                         "цифр до запятой")
    if value < 0:
        raise ValueError(f"Показание не может быть отрицательным: {text}")
    if (value * _SCALE) % 1:  # arithmetic, not as_tuple(): this runs for every imported row
        raise ValueError(f"Больше {MAX_PLACES} знаков после запятой: {text}")
    return value.normalize() if value else ZERO


def consumption(previous: Decimal, value: Decimal, *, rollover: bool = False,
                digits: int = 5) -> Decimal:
    """Volume between two readings; a declared rollover passed 10^digits (the counter wrapped)."""
    if rollover:
        return value + Decimal(10) ** digits - previous
    return value - previous


class SeriesReading(NamedTuple):
    """One stored reading of one meter zone, as the consumption rules need it (a tuple: an
    import builds hundreds of thousands of them)."""

    period: int
    kind: str
    value: Decimal
    rollover: bool = False

    @property
    def order(self) -> tuple[int, int]:
        return self.period, KIND_RANK[self.kind]


def period_consumption(series: Sequence[SeriesReading], period: int, digits: int = 5) -> Decimal:
    """Consumption of one meter zone in `period`: the sum of the steps that end in it.

    A new meter's initial reading starts a series and adds nothing; an old meter's final reading
    closes it. So for a replacement in the month, old (final − previous) + new (current − initial)
    is the sum of this function over both meters.
    """
    ordered = sorted(series, key=lambda r: r.order)
    total = ZERO
    for prev, cur in itertools.pairwise(ordered):
        if cur.period == period and cur.kind != ReadingKind.INITIAL:
            total += consumption(prev.value, cur.value, rollover=cur.rollover, digits=digits)
    return total


def monthly_history(series: Sequence[SeriesReading], before: int,
                    digits: int = 5) -> list[tuple[int, Decimal]]:
    """(period, consumption) of the periods before `before` that ended with an actual reading
    measured from an earlier one (the same steps as `period_consumption`, in one pass)."""
    ordered = sorted(series, key=lambda r: r.order)
    totals: dict[int, Decimal] = {}
    for prev, cur in itertools.pairwise(ordered):
        if cur.period < before and cur.kind != ReadingKind.INITIAL:
            step = consumption(prev.value, cur.value, rollover=cur.rollover, digits=digits)
            totals[cur.period] = totals.get(cur.period, ZERO) + step
    return sorted(totals.items())


def average(history: Sequence[tuple[int, Decimal]], window: int = AVERAGE_WINDOW
            ) -> Decimal | None:
    """Average monthly consumption over the last `window` months with actual readings."""
    recent = [v for _, v in history[-window:]]
    if not recent:
        return None
    return (sum(recent, ZERO) / len(recent)).quantize(Decimal("0.001"))


class ReadingFacts(NamedTuple):
    """All a new reading is checked against (a tuple: an import checks a hundred thousand)."""

    period: Period
    value: Decimal
    taken_on: date
    today: date
    previous: Decimal | None
    following: Decimal | None = None  # a later period's reading, if one is already stored
    rollover: bool = False
    digits: int = 5
    average: Decimal | None = None
    spike_factor: Decimal = DEFAULT_SPIKE_FACTOR
    period_closed: bool = False
    open_period: Period | None = None  # readings for a later period are refused
    meter_status: str = MeterStatus.ACTIVE
    installed_on: date | None = None
    next_verification: date | None = None


def check_reading(f: ReadingFacts) -> tuple[Decimal | None, list[Problem]]:
    """Consumption of the new reading (None when it cannot be computed) and the problems found."""
    out: list[Problem] = []

    def error(msg: str) -> None:
        out.append(Problem("", msg))

    try:
        check_quantity(f.value)
    except ValueError as exc:  # typed through the use case, not parse_value: 1E+30, NaN
        error(f"Показание: {exc}")
        return None, out
    if f.period_closed:
        error(f"Период {f.period.title()} закрыт: показание за него вводится как исправление "
              "с указанием причины, разница пересчитывается в открытом периоде")
    if f.open_period is not None and f.period > f.open_period:
        error(f"Период {f.period.title()} ещё не открыт: показания принимаются за открытый "
              f"период ({f.open_period.title()})")
    if f.meter_status != MeterStatus.ACTIVE:
        error("Прибор снят или заменён: показания на него не принимаются")
    if f.taken_on > f.today:
        error(f"Дата снятия {f.taken_on:%d.%m.%Y} ещё не наступила")
    if f.installed_on is not None and f.taken_on < f.installed_on:
        error(f"Дата снятия {f.taken_on:%d.%m.%Y} раньше установки прибора "
              f"{f.installed_on:%d.%m.%Y}")
    if f.value >= Decimal(10) ** f.digits:
        error(f"Показание {qty(f.value)} не помещается в {f.digits}-значный счётчик")
    if f.following is not None and f.value > f.following and not f.rollover:
        error(f"Новое показание {qty(f.value)} больше уже введённого за более поздний период "
              f"{qty(f.following)}")
    used = _consumption(f, error)
    if used is not None and f.average is not None and f.average > 0 \
            and used > f.average * f.spike_factor:
        times = qty((used / f.average).quantize(Decimal("0.1")))
        out.append(Problem("", f"Расход {qty(used)} больше среднего {qty(f.average)} "
                               f"(×{times}, допустимо до ×{qty(f.spike_factor)})",
                           warning=True))
    if f.next_verification is not None and f.next_verification < f.taken_on:
        stops = Period.of(f.next_verification).next()
        out.append(Problem("", f"Срок поверки истёк {f.next_verification:%d.%m.%Y}: с периода "
                               f"{stops.title()} прибор не считается прибором учёта — начисление "
                               "по среднему, затем по нормативу", warning=True))
    return used, out


def _consumption(f: ReadingFacts, error: Callable[[str], None]) -> Decimal | None:
    if f.previous is None:
        return None
    if f.rollover:
        if f.value >= f.previous:
            error("Указан переход через ноль, но показание не меньше предыдущего")
            return None
        return consumption(f.previous, f.value, rollover=True, digits=f.digits)
    if f.value < f.previous:
        error(f"Новое показание {qty(f.value)} меньше предыдущего {qty(f.previous)}; если счётчик "
              "перешёл через ноль — отметьте это, если прибор заменён — оформите замену")
        return None
    return f.value - f.previous


def verification_due(verified_on: date | None, interval_years: int | None) -> date | None:
    """Next verification: the last verification plus the interval (29 Feb → 28 Feb)."""
    if verified_on is None or not interval_years:
        return None
    year = verified_on.year + interval_years
    try:
        return verified_on.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def days_left(next_verification: date, today: date) -> int:
    return (next_verification - today).days
