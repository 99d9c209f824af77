"""One account's charges for one period: the engine's entry point.

`calculate_account(inp, period)` returns `CalcResult(lines, errors)`: one `ChargeLine` per service
that has days in the period, and a `CalcError` per service that could not be computed (the other
services are still charged). Nothing here reads a clock or a database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Context, Decimal, localcontext
from typing import NamedTuple, cast

from app.calc.basis import Basis, ChargeLine, Fallback, Piece, Source
from app.calc.bounds import MAX_AMOUNT
from app.calc.building import charge_building_heating, charge_common_needs
from app.calc.context import MAX_AREA, AccountContext
from app.calc.errors import CalcError, CalcErrors, ErrorCode
from app.calc.inputs import NO_RAISING_COEFFICIENT, AccountPeriodInput, Method, ServiceInput
from app.calc.metering import NormNeeded, resolve_meters
from app.calc.money import round_kopecks
from app.calc.period import Period
from app.calc.pricing import check_timeline, price
from app.calc.proration import active_span
from app.calc.timeline import Timeline

# Products of exact inputs stay exact and the few divisions (days, averages, area shares) keep far
# more digits than a kopeck needs, whatever context the caller runs in.
ENGINE_CONTEXT = Context(prec=50)
MEMO_LIMIT = 2_048  # lines kept per service rule; cleared when full (few: retained lines cost GC)
AREA_METHODS = frozenset({Method.AREA, Method.HEATING_AREA_NORM, Method.HEATING_BUILDING_METER,
                          Method.COMMON_NEEDS})


class CalcResult(NamedTuple):
    lines: list[ChargeLine]
    errors: list[CalcError]


def calculate_account(inp: AccountPeriodInput, period: Period) -> CalcResult:
    """Charges of one account for one period, with the errors of the services that failed."""
    lines: list[ChargeLine] = []
    errors: list[CalcError] = []
    if inp.opened is not None and inp.closed is not None and inp.closed < inp.opened:
        errors.append(CalcError(ErrorCode.BAD_DATES, "Лицевой счёт закрыт раньше, чем открыт"))
        return CalcResult(lines, errors)
    span = active_span(period, inp.opened, inp.closed)
    if span is None:
        return CalcResult(lines, errors)
    ctx = AccountContext(inp, period, span[0], span[1])
    with localcontext(ENGINE_CONTEXT):
        for svc in inp.services:
            try:
                line = charge_service(svc, ctx)
            except CalcError as err:
                errors.append(err.with_service(svc.rule.service_code))
                continue
            except CalcErrors as group:
                errors.extend(e.with_service(svc.rule.service_code) for e in group.errors)
                continue
            if line is not None:
                lines.append(line)
    return CalcResult(lines, errors)


def charge_service(svc: ServiceInput, ctx: AccountContext) -> ChargeLine | None:
    rule = svc.rule
    start, end = ctx.start, ctx.end
    if rule.provided_from is not None or rule.provided_to is not None:
        lo = max(start, rule.provided_from) if rule.provided_from is not None else start
        hi = min(end, rule.provided_to) if rule.provided_to is not None else end
        if lo > hi:
            return None
        start, end = lo, hi
    if rule.tariff.overlap is not None or (rule.norm is not None and rule.norm.overlap is not None):
        raise CalcErrors(_input_problems(svc, ctx, start, end))
    handler = _HANDLERS.get(rule.method)
    if handler is None:
        raise CalcError(ErrorCode.UNKNOWN_METHOD, f"Неизвестный способ расчёта {rule.method}")
    key = _memo_key(svc, ctx, start, end)
    if key is not None:
        found = rule.memo.get(key)
        if found is not None:
            return cast(ChargeLine, found)
    basis = handler(svc, ctx, start, end)
    line = ChargeLine(rule.service_code, rule.supplier_key, round_kopecks(basis.exact), basis)
    if abs(line.amount) > MAX_AMOUNT:  # the ledger's bound (app.calc.bounds): a typing slip
        raise CalcError(ErrorCode.BAD_VALUE, f"Начисление {line.amount} коп. больше допустимых "
                        f"{MAX_AMOUNT} коп. в одной операции: проверьте показания, площадь и тариф")
    if key is not None:
        if len(rule.memo) >= MEMO_LIMIT:
            rule.memo.clear()
        rule.memo[key] = line
    return line


def _input_problems(
    svc: ServiceInput, ctx: AccountContext, start: date, end: date
) -> list[CalcError]:
    """Every bad input of a service at once (only called when one was found)."""
    rule = svc.rule
    found: list[CalcError] = []
    checks: list[tuple[Timeline | None, str]] = [(rule.tariff, "тариф"), (rule.norm, "норматив")]
    for tl, what in checks:
        if tl is not None:
            try:
                check_timeline(tl, what)
            except CalcError as err:
                found.append(err)
    if rule.method in AREA_METHODS:
        try:
            ctx.area(svc, start, end)
        except CalcError as err:
            found.append(err)
    return found


def _memo_key(
    svc: ServiceInput, ctx: AccountContext, start: date, end: date
) -> tuple[object, ...] | None:
    """What a line of a memo-able method depends on besides its rule, or None (compute it).

    Only whole-value cases are memoised (one head count, one area for the days): they are most
    accounts, and their basis holds nothing personal.
    """
    method = svc.rule.method
    if method == Method.METERED:
        return None
    if method == Method.NORM:
        res = ctx.residents(start, end)
        if res.heads is None:
            return None
        return (start, end, res.heads, res.owners_used, svc.requires_meter)
    if method == Method.FIXED:
        return (start, end)
    area = svc.area if svc.area is not None else ctx.inp.area
    value = area.single(start, end) if area is not None and area.overlap is None else None
    if value is None or not 0 < value <= MAX_AREA:
        return None  # let the handler compute it and report the error
    return (start, end, value)


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


_HANDLERS: dict[Method, Callable[[ServiceInput, AccountContext, date, date], Basis]] = {
    Method.METERED: charge_metered,
    Method.NORM: charge_norm,
    Method.AREA: charge_area,
    Method.HEATING_AREA_NORM: charge_area_norm,
    Method.FIXED: charge_fixed,
    Method.HEATING_BUILDING_METER: charge_building_heating,
    Method.COMMON_NEEDS: charge_common_needs,
}
