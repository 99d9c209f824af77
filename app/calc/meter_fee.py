"""A monthly fee per meter: meter servicing, which some suppliers charge by the number of the
account's meters (amount = meters × rate, prorated by days like any fixed charge).

The meters counted are those the account has for the service's resource (every meter of the
account when the service names no resource), as the billing run hands them in
`ServiceInput.meters`; no readings are needed. Each counts for its days in service: a meter
installed or removed within the month splits it, and a meter replaced on a day counts once — the
old one up to the day before, the new one from that day.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from app.calc.basis import Basis, Source
from app.calc.context import AccountContext
from app.calc.explain import num, rub
from app.calc.inputs import MeterUsage, ServiceInput
from app.calc.pricing import price
from app.calc.timeline import DatedValue, Timeline

ONE_DAY = timedelta(days=1)


def _in_service(m: MeterUsage, day: date) -> bool:
    return (m.installed_on is None or m.installed_on <= day) and (
        m.removed_on is None or m.removed_on > day)


def _changes(meters: Sequence[MeterUsage], start: date, end: date) -> list[date]:
    """Days in (start, end] on which the number of meters in service may change."""
    return sorted({d for m in meters for d in (m.installed_on, m.removed_on)
                   if d is not None and start < d <= end})


def meters_in_service(meters: Sequence[MeterUsage], start: date, end: date
                      ) -> Decimal | Timeline:
    """The number of meters in service over [start, end]: one number, or by days."""
    cuts = _changes(meters, start, end)
    if not cuts:
        return Decimal(sum(1 for m in meters if _in_service(m, start)))
    values: list[DatedValue] = []
    bounds = [start, *cuts, end + ONE_DAY]
    for a, b in itertools.pairwise(bounds):
        count = Decimal(sum(1 for m in meters if _in_service(m, a)))
        if values and values[-1].value == count:  # one piece while the count stays
            values[-1] = DatedValue(values[-1].date_from, b - ONE_DAY, count)
        else:
            values.append(DatedValue(a, b - ONE_DAY, count))
    return Timeline.of(*values)


def charge_meter_fee(svc: ServiceInput, ctx: AccountContext, start: date, end: date) -> Basis:
    """meters × monthly rate, × days / days in month where the month is not whole."""
    rule = svc.rule
    meters = meters_in_service(svc.meters, start, end)
    p = price(start, end, ctx.den, rule.tariff, meters)
    units = meters if isinstance(meters, Decimal) else meters.single(start, end)
    return Basis(rule.method, Source.FIXED, rule.unit or "шт.", ctx.den, p.days, p.exact,
                 p.tariff, units=units, pieces=p.pieces)


def memo_by_meters(
    svc: ServiceInput, ctx: AccountContext, start: date, end: date
) -> tuple[object, ...] | None:
    """Accounts of one rule with as many meters all the days pay the same."""
    if _changes(svc.meters, start, end):
        return None
    return (start, end, sum(1 for m in svc.meters if _in_service(m, start)))


def explain_meter_fee(b: Basis) -> str:
    """«Приборов учёта 3 × 50,00 ₽ за прибор × 20/30 дн.»"""
    if b.pieces:
        parts = "; ".join(
            f"{p.date_from:%d.%m}–{p.date_to:%d.%m} ({p.days} дн.): {num(p.quantity)} × "
            f"{num(p.tariff, 2, 6)} ₽ × {p.days}/{b.days_in_month} = {rub(p.exact)}"
            for p in b.pieces)
        return f"Приборов учёта по частям месяца: {parts}; итого"
    meters = num(b.units if b.units is not None else Decimal(0))
    days = f" × {b.days}/{b.days_in_month} дн." if b.days != b.days_in_month else ""
    return (f"Приборов учёта {meters} × {num(b.tariff or Decimal(0), 2, 6)} ₽ за прибор"
            f"{days}")
