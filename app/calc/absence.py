"""Recalculation for temporary absence (ПП 354 разд. VIII, п. 86–97; п. 148(44) for ТКО).

Norm-based services only (not heating, not common-house needs), when a person was away more than
5 full consecutive days; the days of leaving and of returning are not counted. Amount = the
person's share of the norm-based charge × absent days in the month / days in the month. Обращение
с ТКО is recalculated even where the other services are metered.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from app.calc.basis import Basis, ChargeLine, Source
from app.calc.inputs import ServiceKind
from app.calc.money import round_kopecks
from app.calc.period import Period

MIN_FULL_DAYS = 5  # "more than 5 full days": data, passed in by the caller when it changes


def full_days_away(left_on: date, returned_on: date) -> int:
    """Full days between leaving and returning (neither of those days counts)."""
    return max((returned_on - left_on).days - 1, 0)


def qualifies(left_on: date, returned_on: date, min_full_days: int = MIN_FULL_DAYS) -> bool:
    return full_days_away(left_on, returned_on) > min_full_days


def days_away_in(period: Period, left_on: date, returned_on: date) -> int:
    """Full absent days that fall into `period`."""
    first = max(left_on + timedelta(days=1), period.first_day)
    last = min(returned_on - timedelta(days=1), period.last_day)
    return max((last - first).days + 1, 0)


def applies_to(basis: Basis, kind: ServiceKind) -> bool:
    """ТКО always; otherwise a norm-based charge of a service other than heating."""
    if kind == ServiceKind.SOLID_WASTE:
        return True
    return basis.source == Source.NORM and kind != ServiceKind.HEATING


def absence_reduction(
    charge: int, residents: Decimal, days_away: int, days_in_month: int, persons: int = 1
) -> int:
    """charge × persons / residents × days away / days in month, rounded half-up once.

    `residents` is the head count the charge was computed for (person-months, e.g. 2.5).
    """
    if residents <= 0 or days_away <= 0:
        return 0
    exact = Decimal(charge) * persons * days_away / (residents * days_in_month)
    return min(round_kopecks(exact), charge)


def absence_reduction_for(
    line: ChargeLine, period: Period, left_on: date, returned_on: date, persons: int = 1,
    min_full_days: int = MIN_FULL_DAYS,
) -> int:
    """The reduction of one charge line for one absence (0 when it does not qualify)."""
    if not qualifies(left_on, returned_on, min_full_days) or line.basis.residents is None:
        return 0
    days = days_away_in(period, left_on, returned_on)
    return absence_reduction(line.amount, line.basis.residents, days, period.days, persons)
