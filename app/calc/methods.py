"""Charge methods, each registered once: everything the engine and the billing run need to know.

A method's registration names its handler (the formula), what a computed line depends on when it
may be shared between accounts (`memo_key`; a method without one computes every line), the basis
sources its lines carry, the wording of its explanation, what the loader must fetch for it and
its Russian title. `Method` (app.calc.inputs) is the one enumeration of methods: the models store
its values (`app.models.enums.CalcMethod` is the same class) and a test ties the registry to it.

To add a method: a value in `Method`, its handler and explanation (here or in a module of its
own), one `ChargeMethod` in `METHODS`, and a test.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from app.calc import building, charges, explain, meter_fee
from app.calc.basis import Basis, Source
from app.calc.context import MAX_AREA, AccountContext
from app.calc.inputs import Method, ServiceInput, ServiceKind

Handler = Callable[[ServiceInput, AccountContext, date, date], Basis]
MemoKey = Callable[[ServiceInput, AccountContext, date, date], tuple[object, ...] | None]
Body = Callable[[Basis], str]


class Need(StrEnum):
    """What the billing run's loader must fetch for a method besides the service's tariff and
    per-person norm (always loaded)."""

    METERS = "meters"  # the account's individual meters of the service, with their readings
    BUILDING = "building"  # the building's figures: its meter's volume, the areas
    COMMON_NORM = "common_norm"  # the norm of common-house needs per m² of common area
    PREMISES_VOLUME = "premises_volume"  # Σ V of the building's premises: priced after them
    ACCOUNT_AMOUNT = "account_amount"  # the account's own monthly sum replaces the tariff
    METER_COUNT = "meter_count"  # the account's meters of the service's resource, not read


@dataclass(frozen=True, slots=True)
class ChargeMethod:
    method: Method
    title: str  # Russian, as the operator reads it in lists and forms
    charge: Handler
    explain: Body  # the middle of «… = 536,19 ₽» (app.calc.explain adds the prefix and sum)
    sources: frozenset[Source]  # what its lines' basis may name as the source of the quantity
    memo_key: MemoKey | None = None  # None: every line computed, nothing shared between accounts
    needs: frozenset[Need] = frozenset()
    uses_area: bool = False  # the premise's area is checked with the other inputs


# ---- what a shared line depends on (beyond its rule, which is shared by the accounts it fits)
# Only whole-value cases are memoised (one head count, one area for the days): they are most
# accounts, and their basis holds nothing personal.

def memo_by_residents(
    svc: ServiceInput, ctx: AccountContext, start: date, end: date
) -> tuple[object, ...] | None:
    res = ctx.residents(start, end)
    if res.heads is None:
        return None
    return (start, end, res.heads, res.owners_used, svc.requires_meter)


def memo_by_days(
    svc: ServiceInput, ctx: AccountContext, start: date, end: date
) -> tuple[object, ...] | None:
    return (start, end)


def memo_by_area(
    svc: ServiceInput, ctx: AccountContext, start: date, end: date
) -> tuple[object, ...] | None:
    area = svc.area if svc.area is not None else ctx.inp.area
    value = area.single(start, end) if area is not None and area.overlap is None else None
    if value is None or not 0 < value <= MAX_AREA:
        return None  # let the handler compute it and report the error
    return (start, end, value)


def _registry(*methods: ChargeMethod) -> Mapping[Method, ChargeMethod]:
    return MappingProxyType({m.method: m for m in methods})


METHODS: Mapping[Method, ChargeMethod] = _registry(
    ChargeMethod(Method.METERED, "по прибору учёта", charges.charge_metered,
                 explain.metered_body,
                 frozenset({Source.READINGS, Source.AVERAGE, Source.NORM}),
                 needs=frozenset({Need.METERS})),
    ChargeMethod(Method.NORM, "по нормативу", charges.charge_norm, explain.norm_body,
                 frozenset({Source.NORM}), memo_key=memo_by_residents),
    ChargeMethod(Method.AREA, "по площади", charges.charge_area, explain.area_body,
                 frozenset({Source.AREA}), memo_key=memo_by_area, uses_area=True),
    ChargeMethod(Method.HEATING_AREA_NORM, "отопление по нормативу", charges.charge_area_norm,
                 explain.area_norm_body, frozenset({Source.AREA_NORM}), memo_key=memo_by_area,
                 uses_area=True),
    ChargeMethod(Method.HEATING_BUILDING_METER, "отопление по ОДПУ",
                 building.charge_building_heating, explain.building_body,
                 frozenset({Source.BUILDING_METER}), memo_key=memo_by_area,
                 needs=frozenset({Need.BUILDING}), uses_area=True),
    ChargeMethod(Method.COMMON_NEEDS, "на общедомовые нужды", building.charge_common_needs,
                 explain.common_body, frozenset({Source.COMMON_NEEDS}), memo_key=memo_by_area,
                 needs=frozenset({Need.BUILDING, Need.COMMON_NORM, Need.PREMISES_VOLUME}),
                 uses_area=True),
    ChargeMethod(Method.FIXED, "фиксированная сумма", charges.charge_fixed, explain.fixed_body,
                 frozenset({Source.FIXED}), memo_key=memo_by_days,
                 needs=frozenset({Need.ACCOUNT_AMOUNT})),
    ChargeMethod(Method.METER_FEE, "по числу приборов учёта", meter_fee.charge_meter_fee,
                 meter_fee.explain_meter_fee, frozenset({Source.FIXED}),
                 memo_key=meter_fee.memo_by_meters,
                 needs=frozenset({Need.METER_COUNT, Need.ACCOUNT_AMOUNT})),
)

# the Russian titles, for the catalogue of stored values' titles (value → title)
METHOD_TITLES: Mapping[str, str] = MappingProxyType(
    {m.value: spec.title for m, spec in METHODS.items()})


def needs(method: Method) -> frozenset[Need]:
    spec = METHODS.get(method)
    return spec.needs if spec is not None else frozenset()


def applicable_method(method: Method, kind: ServiceKind, *, individually_heated: bool,
                      building_heat_meter: bool) -> Method | None:
    """The method that charges a premise for a service set up with `method`, or None when
    nothing is charged: heating of a building heated flat by flat (its own boilers) is nobody's
    supply; heating by the per-m² norm becomes heating by the building meter where the building
    has one (ПП 354 п. 42(1): V_building × S_i / S_total)."""
    if kind == ServiceKind.HEATING:
        if individually_heated:
            return None
        if building_heat_meter and method == Method.HEATING_AREA_NORM:
            return Method.HEATING_BUILDING_METER
    return method

