"""quantity × norm × coefficient × tariff over the pieces of a month, kept exact.

Every piece contributes `q × N × K × T × days`; the sum is divided by the month's days once and
rounded by the caller once, so a month without changes is exactly the whole-month charge and a
split month carries no intermediate rounding (DOMAIN.md: each piece computed, the line rounded
once).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from app.calc.basis import Piece
from app.calc.errors import CalcError, ErrorCode
from app.calc.timeline import Segment, Timeline, split_span

ONE = Decimal(1)
HUNDRED = Decimal(100)


class Priced(NamedTuple):
    exact: Decimal  # kopecks, unrounded
    quantity: Decimal  # Σ q × days / den: person-months, m²-months, volume
    volume: Decimal  # Σ q × N × days / den (N = 1 when there is no norm)
    days: int
    tariff: Decimal | None  # None: changed within the span
    norm: Decimal | None
    coefficient: Decimal | None
    pieces: tuple[Piece, ...]


def _span_text(start: date, end: date) -> str:
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"


def check_timeline(tl: Timeline, what: str) -> None:
    if tl.overlap is not None:
        code = ErrorCode.TARIFF_OVERLAP if what == "тариф" else ErrorCode.BAD_VALUE
        raise CalcError(
            code, f"Пересекаются периоды действия: {what} с {tl.overlap.date_from:%d.%m.%Y}"
        )


def price(
    start: date,
    end: date,
    den: int,
    tariff: Timeline,
    qty: Timeline | Decimal,
    norm: Timeline | None = None,
    coef: Timeline | None = None,
    zone: str = "",
) -> Priced:
    """Price [start, end] with `den` as the days of a whole month (or of the metered span)."""
    t = tariff.single(start, end)
    q = qty.single(start, end) if isinstance(qty, Timeline) else qty
    n = norm.single(start, end) if norm is not None else None
    k = coef.single(start, end) if coef is not None else None
    if (
        t is None or q is None
        or (n is None and norm is not None) or (k is None and coef is not None)
    ):
        return _price_pieces(start, end, den, tariff, qty, norm, coef, zone)
    if t < 0 or (n is not None and n < 0):
        _check_values(t, n or ONE, start, end)
    days = (end - start).days + 1
    volume = q if n is None else q * n
    exact = volume * t * HUNDRED if k is None else volume * k * t * HUNDRED
    if days == den:  # whole month: no division, exactly the monthly charge
        return Priced(exact, q, volume, days, t, n, k, ())
    return Priced(exact * days / den, q * days / den, volume * days / den, days, t, n, k, ())


def _check_values(t: Decimal, n: Decimal, start: date, end: date) -> None:
    if t < 0:
        raise CalcError(ErrorCode.BAD_VALUE, f"Отрицательный тариф на {_span_text(start, end)}")
    if n < 0:
        raise CalcError(ErrorCode.BAD_VALUE, f"Отрицательный норматив на {_span_text(start, end)}")


def _price_pieces(
    start: date,
    end: date,
    den: int,
    tariff: Timeline,
    qty: Timeline | Decimal,
    norm: Timeline | None,
    coef: Timeline | None,
    zone: str,
) -> Priced:
    timelines = [tariff]
    for extra in (qty, norm, coef):
        if isinstance(extra, Timeline):
            timelines.append(extra)
    segments = split_span(start, end, timelines)
    numerator = quantity = volume = Decimal(0)
    pieces: list[Piece] = []
    for seg in segments:
        t, q, n, k = _segment_values(seg, qty, norm, coef)
        product = q * n * k * t
        numerator += product * seg.days
        quantity += q * seg.days
        volume += q * n * seg.days
        pieces.append(Piece(seg.date_from, seg.date_to, seg.days, Decimal(seg.days) / den, q,
                            n if norm is not None else None, k if coef is not None else None,
                            t, product * HUNDRED * seg.days / den, zone))
    first = pieces[0]
    same_t = all(p.tariff == first.tariff for p in pieces)
    same_n = all(p.norm == first.norm for p in pieces)
    same_k = all(p.coefficient == first.coefficient for p in pieces)
    return Priced(numerator * HUNDRED / den, quantity / den, volume / den,
                  (end - start).days + 1, first.tariff if same_t else None,
                  first.norm if same_n else None, first.coefficient if same_k else None,
                  tuple(pieces))


def _segment_values(
    seg: Segment, qty: Timeline | Decimal, norm: Timeline | None, coef: Timeline | None
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    values = iter(seg.values)
    t = next(values)
    q = next(values) if isinstance(qty, Timeline) else qty
    n = next(values) if norm is not None else ONE
    k = next(values) if coef is not None else ONE
    if t is None:
        where = _span_text(seg.date_from, seg.date_to)
        raise CalcError(ErrorCode.NO_TARIFF, f"Нет тарифа на {where}")
    if q is None:
        where = _span_text(seg.date_from, seg.date_to)
        raise CalcError(ErrorCode.NO_AREA, f"Нет площади на {where}")
    if n is None:
        where = _span_text(seg.date_from, seg.date_to)
        raise CalcError(ErrorCode.NO_NORM, f"Нет норматива на {where}")
    if k is None:
        k = ONE  # no raising coefficient in force on those days
    _check_values(t, n, seg.date_from, seg.date_to)
    return t, q, n, k


def integrate(start: date, end: date, den: int, timelines: list[Timeline], what: str) -> Decimal:
    """Σ over the pieces of [start, end] of Π values × days / den (e.g. m²-months, N × S)."""
    days = (end - start).days + 1
    product = Decimal(1)
    for tl in timelines:
        value = tl.single(start, end)
        if value is None:
            return _integrate_pieces(start, end, den, timelines, what)
        product *= value
    return product if days == den else product * days / den


def _integrate_pieces(
    start: date, end: date, den: int, timelines: list[Timeline], what: str
) -> Decimal:
    total = Decimal(0)
    for seg in split_span(start, end, timelines):
        product = Decimal(seg.days)
        for value in seg.values:
            if value is None:
                where = _span_text(seg.date_from, seg.date_to)
                raise CalcError(ErrorCode.NO_NORM, f"Нет значения «{what}» на {where}")
            product *= value
        total += product
    return total / den
