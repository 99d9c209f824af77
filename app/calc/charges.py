"""The charge handlers of the per-premise methods: norm, area, per-m² norm, fixed sum, meter.

Each takes (service, account context, first day, last day) and returns the line's `Basis`; which
handler serves which method is registered in `app.calc.methods`. The building-shared methods are
in `app.calc.building`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.calc.basis import Basis, Fallback, Piece, Source
from app.calc.context import AccountContext
from app.calc.errors import CalcError, ErrorCode
from app.calc.inputs import NO_RAISING_COEFFICIENT, ServiceInput
from app.calc.metering import NormNeeded, resolve_meters
from app.calc.pricing import check_timeline, price
from app.calc.timeline import Timeline


def _raising(svc: ServiceInput, fallback: Fallback | None) -> Timeline | None:
    """The raising coefficient applies where a required meter is absent or stopped counting,
    not where readings were merely not submitted (ПП 354 п. 42, 60)."""
    rule = svc.rule
    if (
        rule.raising_coefficient is not None
        and fallback in (Fallback.NO_METER, Fallback.VERIFICATION_EXPIRED)
        and svc.requires_meter
        and rule.kind not in NO_RAISING_COEFFICIENT
    ):
        return rule.raising_coefficient
    return None


def charge_norm(
    svc: ServiceInput, ctx: AccountContext, start: date, end: date,
    why: NormNeeded | None = None,
) -> Basis:
    """residents × N × (K) × T, residents by days (Σ days / days in month)."""
    rule = svc.rule
    if rule.norm is None:
        raise CalcError(ErrorCode.NO_NORM, "Не задан норматив потребления")
    check_timeline(rule.norm, "норматив")
    fallback = why.fallback if why is not None else None
    if fallback is None and svc.requires_meter:
        fallback = Fallback.NO_METER
    res = ctx.residents(start, end)
    p = price(start, end, ctx.den, rule.tariff, res.counts, rule.norm, _raising(svc, fallback))
    if why is None:  # the common case: fewer keywords, a faster build of the basis
        return Basis(rule.method, Source.NORM, rule.unit_name, ctx.den, p.days, p.exact, p.tariff,
                     volume=p.volume, norm=p.norm, residents=p.quantity, coefficient=p.coefficient,
                     pieces=p.pieces, residents_whole=res.whole, residents_detail=res.partial,
                     owners_used=res.owners_used, fallback=fallback)
    return Basis(
        rule.method, Source.NORM, rule.unit_name, ctx.den, p.days, p.exact, p.tariff,
        volume=p.volume, norm=p.norm, residents=p.quantity, coefficient=p.coefficient,
        pieces=p.pieces, residents_whole=res.whole, residents_detail=res.partial,
        owners_used=res.owners_used, fallback=fallback,
        periods_without_readings=why.periods_without_readings,
        verification_due=why.verification_due,
    )


def charge_area(svc: ServiceInput, ctx: AccountContext, start: date, end: date) -> Basis:
    """S × rate (содержание и ремонт, капремонт)."""
    rule = svc.rule
    area = ctx.area(svc, start, end)
    p = price(start, end, ctx.den, rule.tariff, area)
    return Basis(rule.method, Source.AREA, rule.unit or "м²", ctx.den, p.days, p.exact, p.tariff,
                 area=area.single(start, end), pieces=p.pieces)


def charge_area_norm(svc: ServiceInput, ctx: AccountContext, start: date, end: date) -> Basis:
    """S × N × T: heating without a building meter (Gcal/m²), or any per-m² norm."""
    rule = svc.rule
    if rule.norm is None:
        raise CalcError(ErrorCode.NO_NORM, "Не задан норматив на 1 м²")
    check_timeline(rule.norm, "норматив")
    area = ctx.area(svc, start, end)
    p = price(start, end, ctx.den, rule.tariff, area, rule.norm)
    return Basis(rule.method, Source.AREA_NORM, rule.unit_name, ctx.den, p.days, p.exact,
                 p.tariff, volume=p.volume, norm=p.norm, area=area.single(start, end),
                 pieces=p.pieces)


def charge_fixed(svc: ServiceInput, ctx: AccountContext, start: date, end: date) -> Basis:
    """A monthly sum (× units), prorated by days only when the month is not whole."""
    rule = svc.rule
    p = price(start, end, ctx.den, rule.tariff, rule.units)
    return Basis(rule.method, Source.FIXED, rule.unit or "мес.", ctx.den, p.days, p.exact,
                 p.tariff, units=rule.units, pieces=p.pieces)


def charge_metered(svc: ServiceInput, ctx: AccountContext, start: date, end: date) -> Basis:
    """V × T per zone; readings missing → average; no working meter → norm."""
    got = resolve_meters(svc, ctx.period)
    if isinstance(got, NormNeeded):
        return charge_norm(svc, ctx, start, end, got)
    rule = svc.rule
    # Readings measure the account's own days, so tariff pieces share V by the metered days;
    # an average is monthly, so it is prorated by the days of the month like a norm.
    den = (end - start).days + 1 if got.source == Source.READINGS else ctx.den
    if got.source == Source.READINGS and len(got.readings) == 1 and not got.readings[0].zone:
        v = got.readings[0].volume  # one single-zone meter: the common case, kept short
        p = price(start, end, den, rule.tariff, v)
        return Basis(rule.method, Source.READINGS, rule.unit_name, ctx.den, p.days, p.exact,
                     p.tariff, volume=v, pieces=p.pieces, readings=got.readings)
    multi = len(got.zones) > 1 or any(got.zones)
    exact = volume = Decimal(0)
    pieces: list[Piece] = []
    tariffs: set[Decimal | None] = set()
    for zone, v in got.zones.items():
        tariff = rule.tariff
        if zone and rule.zone_tariffs and zone in rule.zone_tariffs:
            tariff = rule.zone_tariffs[zone]
            check_timeline(tariff, "тариф")
        p = price(start, end, den, tariff, v, zone=zone)
        exact += p.exact
        volume += p.quantity
        tariffs.add(p.tariff)
        if p.pieces:
            pieces.extend(p.pieces)
        elif multi:
            assert p.tariff is not None  # one piece: the tariff did not change
            pieces.append(Piece(start, end, p.days, Decimal(p.days) / den, v, None, None,
                                p.tariff, p.exact, zone))
    return Basis(
        rule.method, got.source, rule.unit_name, ctx.den, (end - start).days + 1, exact,
        tariffs.pop() if len(tariffs) == 1 else None, volume=volume, pieces=tuple(pieces),
        readings=got.readings, average_months=got.average_months, fallback=got.fallback,
        periods_without_readings=got.periods_without_readings,
        verification_due=got.verification_due,
    )
