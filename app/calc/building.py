"""Charges that share a building meter between premises: heating by the building meter and
common-house needs (КР на СОИ / ОДН), ПП 354 п. 42(1), 44 and формулы 3, 10, 11 приложения 2.

The premise's share is its area over the total area of premises, counted in m²-months so an account
open for part of the month takes only its days; the tariff then applies to that volume.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.calc.basis import Basis, CommonNeedsDetail, Source
from app.calc.context import AccountContext
from app.calc.errors import CalcError, ErrorCode
from app.calc.inputs import BuildingData, ServiceInput
from app.calc.pricing import check_timeline, integrate, price

ZERO = Decimal(0)


def _building(svc: ServiceInput, need_volume: bool) -> BuildingData:
    b = svc.rule.building
    if b is None or (need_volume and b.volume is None):
        raise CalcError(ErrorCode.NO_BUILDING_DATA, "Нет показаний общедомового прибора учёта")
    if b.premises_area <= 0:
        raise CalcError(ErrorCode.BAD_AREA, "Не задана общая площадь помещений дома")
    if b.volume is not None and b.volume < 0:
        raise CalcError(ErrorCode.NEGATIVE_VOLUME, "Отрицательный объём по общедомовому прибору")
    return b


def charge_building_heating(
    svc: ServiceInput, ctx: AccountContext, start: date, end: date
) -> Basis:
    """V_building × S_i / S_total × T."""
    b = _building(svc, need_volume=True)
    assert b.volume is not None
    area = ctx.area(svc, start, end)
    area_months = integrate(start, end, ctx.den, [area], "площадь")
    volume = b.volume * area_months / b.premises_area
    days = (end - start).days + 1
    p = price(start, end, days, svc.rule.tariff, volume)
    detail = CommonNeedsDetail(b.volume, ZERO, area_months, b.premises_area, ZERO, None, volume,
                               None, False)
    rule = svc.rule
    return Basis(rule.method, Source.BUILDING_METER, rule.unit_name, ctx.den, days, p.exact,
                 p.tariff, volume=volume, area=area.single(start, end), pieces=p.pieces,
                 building=detail)


def charge_common_needs(svc: ServiceInput, ctx: AccountContext, start: date, end: date) -> Basis:
    """V_i = max(0, V_b − ΣV) × S_i/S_total, capped at N × S_common × S_i/S_total (unless the
    meeting disabled the cap); without a building meter, the cap alone."""
    b = _building(svc, need_volume=False)
    area = ctx.area(svc, start, end)
    area_months = integrate(start, end, ctx.den, [area], "площадь")
    cap: Decimal | None = None
    if b.common_norm is not None:
        check_timeline(b.common_norm, "норматив ОДН")
        norm_area = integrate(start, end, ctx.den, [b.common_norm, area], "норматив ОДН")
        cap = norm_area * b.common_area / b.premises_area
    elif b.volume is None or not b.cap_disabled:
        raise CalcError(ErrorCode.NO_NORM, "Не задан норматив потребления на общедомовые нужды")
    distributed: Decimal | None = None
    capped = False
    if b.volume is None:
        assert cap is not None
        volume = cap
    else:
        excess = max(ZERO, b.volume - b.premises_volume)
        distributed = excess * area_months / b.premises_area
        volume = distributed
        if cap is not None and not b.cap_disabled and distributed > cap:
            volume, capped = cap, True
    days = (end - start).days + 1
    p = price(start, end, days, svc.rule.tariff, volume)
    norm = b.common_norm.single(start, end) if b.common_norm is not None else None
    detail = CommonNeedsDetail(b.volume, b.premises_volume, area_months, b.premises_area,
                               b.common_area, norm, distributed, cap, capped)
    rule = svc.rule
    return Basis(rule.method, Source.COMMON_NEEDS, rule.unit_name, ctx.den, days, p.exact,
                 p.tariff, volume=volume, area=area.single(start, end), pieces=p.pieces,
                 building=detail)
