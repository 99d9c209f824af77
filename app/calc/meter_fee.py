"""A monthly fee per meter: meter servicing, which some suppliers charge by the number of the
account's meters (amount = meters × rate, prorated by days like any fixed charge).

The meters counted are those the account has in service in the period for the service's resource
(every meter of the account when the service names no resource), as the billing run hands them
in `ServiceInput.meters`; no readings are needed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.calc.basis import Basis, Source
from app.calc.context import AccountContext
from app.calc.explain import num, rub
from app.calc.inputs import ServiceInput
from app.calc.pricing import price


def charge_meter_fee(svc: ServiceInput, ctx: AccountContext, start: date, end: date) -> Basis:
    """meters × monthly rate, × days / days in month when the month is not whole."""
    rule = svc.rule
    meters = Decimal(len(svc.meters))
    p = price(start, end, ctx.den, rule.tariff, meters)
    return Basis(rule.method, Source.FIXED, rule.unit or "шт.", ctx.den, p.days, p.exact,
                 p.tariff, units=meters, pieces=p.pieces)


def memo_by_meters(
    svc: ServiceInput, ctx: AccountContext, start: date, end: date
) -> tuple[object, ...] | None:
    """Accounts of one rule with as many meters for the same days pay the same."""
    return (start, end, len(svc.meters))


def explain_meter_fee(b: Basis) -> str:
    """«Приборов учёта 3 × 50,00 ₽ за прибор × 20/30 дн.»"""
    meters = num(b.units if b.units is not None else Decimal(0))
    if b.pieces:
        parts = "; ".join(
            f"{p.date_from:%d.%m}–{p.date_to:%d.%m} ({p.days} дн.): {num(p.tariff, 2, 6)} ₽ × "
            f"{p.days}/{b.days_in_month} = {rub(p.exact)}" for p in b.pieces)
        return f"Приборов учёта {meters}, плата за прибор по частям месяца: {parts}; итого"
    days = f" × {b.days}/{b.days_in_month} дн." if b.days != b.days_in_month else ""
    return (f"Приборов учёта {meters} × {num(b.tariff or Decimal(0), 2, 6)} ₽ за прибор"
            f"{days}")
