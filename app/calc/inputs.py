"""What the billing run hands to the engine for one account and one period.

All inputs are frozen dataclasses of plain values; tariffs, norms, areas and coefficients are
`Timeline`s (dated values) so mid-month changes are data, not special cases. Quantities are
`Decimal`; tariffs are roubles per unit (`Decimal`), the engine returns kopecks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from app.calc.timeline import Timeline

Key = str | int


class Method(StrEnum):
    METERED = "metered"  # V by individual meter (falls back to average, then norm)
    NORM = "norm"  # residents × N × T
    AREA = "area"  # S × rate (содержание, капремонт)
    HEATING_AREA_NORM = "heating_area_norm"  # S × N_heat × T (any per-m² norm)
    HEATING_BUILDING_METER = "heating_building_meter"  # V_building × S_i / S_total × T
    COMMON_NEEDS = "common_needs"  # ОДН / КР на СОИ
    FIXED = "fixed"  # a sum per account or premise
    METER_FEE = "meter_fee"  # a sum per meter of the account (meter servicing)


class ServiceKind(StrEnum):
    """The resource behind a service; decides the raising coefficient and absence rules."""

    COLD_WATER = "cold_water"
    HOT_WATER = "hot_water"
    SEWERAGE = "sewerage"
    ELECTRICITY = "electricity"
    GAS = "gas"
    HEATING = "heating"
    SOLID_WASTE = "solid_waste"  # обращение с ТКО
    MAINTENANCE = "maintenance"
    CAPITAL_REPAIR = "capital_repair"
    OTHER = "other"


# ПП 354 п. 42: no raising coefficient for водоотведение, gas and heating.
NO_RAISING_COEFFICIENT = frozenset({ServiceKind.SEWERAGE, ServiceKind.GAS, ServiceKind.HEATING})

DEFAULT_UNITS: Mapping[ServiceKind, str] = {
    ServiceKind.COLD_WATER: "м³",
    ServiceKind.HOT_WATER: "м³",
    ServiceKind.SEWERAGE: "м³",
    ServiceKind.ELECTRICITY: "кВт·ч",
    ServiceKind.GAS: "м³",
    ServiceKind.HEATING: "Гкал",
    ServiceKind.SOLID_WASTE: "м³",
    ServiceKind.MAINTENANCE: "м²",
    ServiceKind.CAPITAL_REPAIR: "м²",
    ServiceKind.OTHER: "ед.",
}


@dataclass(frozen=True, slots=True)
class ResidentSpan:
    """A registration counted for norm-based charges, `date_to` inclusive (None: still there)."""

    person_key: Key
    date_from: date
    date_to: date | None = None


@dataclass(frozen=True, slots=True)
class ZoneReading:
    """Readings of one zone ("" for a single-zone meter; "T1"/"T2"/"T3" day/night/peak).

    A meter replaced within the period: the old one ran `previous` → `old_final`, the new one
    `new_initial` → `current`; both must be given then.
    """

    zone: str
    previous: Decimal
    current: Decimal
    old_final: Decimal | None = None
    new_initial: Decimal | None = None

    @property
    def replaced(self) -> bool:
        return self.old_final is not None or self.new_initial is not None


@dataclass(frozen=True, slots=True)
class MeterUsage:
    """One individual meter's situation in the period.

    `readings` None means none were submitted; `periods_without_readings` counts the consecutive
    periods without readings including this one. `history` is zone → actual monthly volumes of the
    latest months (oldest first; the last `average_window` are used). `verification_due` is the
    date the verification ran out: from the next month on the meter no longer counts.
    `installed_on` / `removed_on`: the meter is in service from the one and up to the day before
    the other (None: all the period), for charges by the number of meters.
    """

    meter_key: Key
    readings: tuple[ZoneReading, ...] | None
    history: Mapping[str, Sequence[Decimal]] = field(default_factory=dict)
    periods_without_readings: int = 0
    verification_due: date | None = None
    installed_on: date | None = None
    removed_on: date | None = None


@dataclass(frozen=True, slots=True)
class BuildingData:
    """Building-level figures for ОДН and heating by the building meter, for the period.

    `volume`: building meter (ОДПУ) volume, None without one; `premises_volume`: Σ V of all
    premises (individual + norm-based) for ОДН; `premises_area`: total area of all premises
    (S_total); `common_area`: area of the common property (S_common); `common_norm`: N_common per m²
    of common area; `cap_disabled`: the owners' meeting decided to distribute above the norm.
    """

    volume: Decimal | None
    premises_area: Decimal
    premises_volume: Decimal = Decimal(0)
    common_area: Decimal = Decimal(0)
    common_norm: Timeline | None = None
    cap_disabled: bool = False


@dataclass(frozen=True, slots=True)
class ServiceRule:
    """How a service is charged — shared by every account it applies to (a building, a tariff
    group), so the billing run builds it once and the per-account `ServiceInput` stays small.

    `tariff`: ₽ per unit (per m² for AREA, the monthly sum for FIXED). `zone_tariffs`: zone →
    tariff for multi-zone meters (zones missing here use `tariff`). `meter_required`: a meter is
    required and technically possible — norm-based charges then carry `raising_coefficient`.
    `provided_from/to` limit the days the service is provided (e.g. the heating season).
    Only the fields the `method` needs are read.
    """

    service_code: str
    method: Method
    tariff: Timeline
    supplier_key: Key | None = None
    kind: ServiceKind = ServiceKind.OTHER
    unit: str | None = None
    norm: Timeline | None = None
    zone_tariffs: Mapping[str, Timeline] | None = None
    meter_required: bool = False
    raising_coefficient: Timeline | None = None
    building: BuildingData | None = None
    units: Decimal = Decimal(1)
    provided_from: date | None = None
    provided_to: date | None = None
    max_average_periods: int = 3
    min_average_months: int = 3
    average_window: int = 6
    # Lines already computed for identical inputs (same days, head count or area): most accounts
    # of a building share them, and results are immutable, so they are reused, not recomputed.
    memo: dict[tuple[object, ...], object] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    @property
    def unit_name(self) -> str:
        return self.unit or DEFAULT_UNITS[self.kind]


@dataclass(frozen=True, slots=True)
class ServiceInput:
    """A service of one account: the shared rule plus what is the account's own.

    `area` overrides the account's area (e.g. heated area); `meter_required` overrides the rule's
    (e.g. an act that a meter cannot be installed).
    """

    rule: ServiceRule
    meters: tuple[MeterUsage, ...] = ()
    area: Timeline | None = None
    meter_required: bool | None = None

    @property
    def service_code(self) -> str:
        return self.rule.service_code

    @property
    def requires_meter(self) -> bool:
        return self.rule.meter_required if self.meter_required is None else self.meter_required


@dataclass(frozen=True, slots=True)
class AccountPeriodInput:
    """One account for one period. `opened`/`closed` (inclusive) limit the days charged.

    `owners_count` is used on the days nobody is registered (ПП 354 п. 56(2)).
    """

    account_key: Key
    area: Timeline | None
    services: tuple[ServiceInput, ...]
    residents: tuple[ResidentSpan, ...] = ()
    owners_count: int = 0
    opened: date | None = None
    closed: date | None = None
