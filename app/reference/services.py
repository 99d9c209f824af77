"""The standard services of Russian housing billing, in the fixed order used for splits."""

from __future__ import annotations

from dataclasses import dataclass

from app.models.enums import CalcMethod, NormBase, PenaltyKind, Resource


@dataclass(frozen=True)
class ServiceDef:
    code: str
    name: str
    unit: str
    method: CalcMethod
    resource: Resource | None = None
    zones: int = 1
    norm_base: NormBase | None = None
    penalty_kind: PenaltyKind = PenaltyKind.HOUSING
    raising_applies: bool = False
    absence_applies: bool = False
    permitted_hours_month: int | None = None
    permitted_hours_once: int | None = None


STANDARD_SERVICES: tuple[ServiceDef, ...] = (
    ServiceDef("maintenance", "Содержание жилого помещения", "м²", CalcMethod.AREA),
    ServiceDef("cold_water", "Холодное водоснабжение", "м³", CalcMethod.METERED,
               Resource.COLD_WATER, norm_base=NormBase.PER_PERSON, raising_applies=True,
               absence_applies=True, permitted_hours_month=8, permitted_hours_once=4),
    ServiceDef("hot_water", "Горячее водоснабжение", "м³", CalcMethod.METERED,
               Resource.HOT_WATER, norm_base=NormBase.PER_PERSON, raising_applies=True,
               absence_applies=True, permitted_hours_month=8, permitted_hours_once=4),
    ServiceDef("sewerage", "Водоотведение", "м³", CalcMethod.NORM, Resource.SEWERAGE,
               norm_base=NormBase.PER_PERSON, absence_applies=True,
               permitted_hours_month=8, permitted_hours_once=4),
    ServiceDef("heating", "Отопление", "Гкал", CalcMethod.HEATING_AREA_NORM, Resource.HEAT,
               norm_base=NormBase.PER_M2, permitted_hours_month=24, permitted_hours_once=16),
    ServiceDef("electricity", "Электроэнергия", "кВт·ч", CalcMethod.METERED,
               Resource.ELECTRICITY, zones=2, norm_base=NormBase.PER_PERSON,
               raising_applies=True, absence_applies=True,
               permitted_hours_month=72, permitted_hours_once=24),
    ServiceDef("gas", "Газоснабжение", "м³", CalcMethod.NORM, Resource.GAS,
               norm_base=NormBase.PER_PERSON, absence_applies=True,
               permitted_hours_month=4, permitted_hours_once=4),
    ServiceDef("waste", "Обращение с ТКО", "чел.", CalcMethod.NORM,
               norm_base=NormBase.PER_PERSON, absence_applies=True),
    ServiceDef("common_cold_water", "ХВС на содержание общего имущества", "м³",
               CalcMethod.COMMON_NEEDS, Resource.COLD_WATER, norm_base=NormBase.PER_M2),
    ServiceDef("common_electricity", "Электроэнергия на содержание общего имущества", "кВт·ч",
               CalcMethod.COMMON_NEEDS, Resource.ELECTRICITY, norm_base=NormBase.PER_M2),
    ServiceDef("capital_repair", "Взнос на капитальный ремонт", "м²", CalcMethod.AREA,
               penalty_kind=PenaltyKind.CAPITAL_REPAIR),
    ServiceDef("intercom", "Домофон", "мес.", CalcMethod.FIXED),
)

SERVICE_ORDER = {s.code: i for i, s in enumerate(STANDARD_SERVICES)}
