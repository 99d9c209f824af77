"""State duty for collecting a debt in a court of general jurisdiction (НК РФ ст. 333.19 п. 1
пп. 1–2): a scale by the amount claimed, as dated data — the scale in force on the filing date
applies. A court order (судебный приказ, ГПК ст. 122) costs half the claim's duty.

Two scales are loaded: the one in force until 08.09.2024 and the one of 259-ФЗ (08.08.2024) for
claims filed from 09.09.2024. Amounts in kopecks; each band is (upper bound inclusive, fixed
part, percent of the amount above the band's lower bound); rounding half-up to the kopeck, then
to whole roubles as the Tax Code requires (НК ст. 333.17 п. 6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

RUB = 100  # kopecks
COURT_ORDER_LIMIT = 500_000 * RUB  # ГПК ст. 121: a court order for claims up to 500 000 ₽


@dataclass(frozen=True, slots=True)
class Band:
    up_to: int | None  # kopecks, inclusive; None: no upper bound
    base: int  # kopecks
    percent: Decimal  # of the amount above the previous band's bound


@dataclass(frozen=True, slots=True)
class DutyScale:
    date_from: date
    bands: tuple[Band, ...]
    minimum: int
    maximum: int | None


def _b(up_to_rub: int | None, base_rub: int, percent: str) -> Band:
    return Band(None if up_to_rub is None else up_to_rub * RUB, base_rub * RUB, Decimal(percent))


SCALES: tuple[DutyScale, ...] = (
    DutyScale(date(2009, 1, 1), (
        _b(20_000, 0, "4"), _b(100_000, 800, "3"), _b(200_000, 3_200, "2"),
        _b(1_000_000, 5_200, "1"), _b(None, 13_200, "0.5"),
    ), minimum=400 * RUB, maximum=60_000 * RUB),
    DutyScale(date(2024, 9, 9), (  # 259-ФЗ от 08.08.2024
        _b(100_000, 4_000, "0"), _b(300_000, 4_000, "3"), _b(500_000, 10_000, "2.5"),
        _b(1_000_000, 15_000, "2"), _b(3_000_000, 25_000, "1"), _b(8_000_000, 45_000, "0.7"),
        _b(24_000_000, 80_000, "0.35"), _b(50_000_000, 136_000, "0.3"),
        _b(100_000_000, 214_000, "0.2"), _b(None, 314_000, "0.15"),
    ), minimum=4_000 * RUB, maximum=900_000 * RUB),
)


def scale_on(filed_on: date) -> DutyScale:
    candidates = [s for s in SCALES if s.date_from <= filed_on]
    if not candidates:
        raise ValueError(f"Нет шкалы госпошлины на {filed_on:%d.%m.%Y}")
    return candidates[-1]


def claim_duty(amount: int, filed_on: date) -> int:
    """The duty (kopecks, whole roubles) for a claim (иск) of `amount` kopecks filed that day."""
    if amount <= 0:
        return 0
    scale = scale_on(filed_on)
    lower = 0
    for band in scale.bands:
        if band.up_to is None or amount <= band.up_to:
            exact = band.base + Decimal(amount - lower) * band.percent / 100
            duty = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
            break
        lower = band.up_to
    duty = max(duty, scale.minimum)
    if scale.maximum is not None:
        duty = min(duty, scale.maximum)
    return _whole_roubles(duty)


def court_order_duty(amount: int, filed_on: date) -> int:
    """Half the claim's duty (НК ст. 333.19 п. 1 пп. 2)."""
    return _whole_roubles(claim_duty(amount, filed_on) // 2)


def _whole_roubles(kopecks: int) -> int:
    rub = (Decimal(kopecks) / RUB).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(rub) * RUB
