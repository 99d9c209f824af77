"""Services, tariffs, norms, key rates and rule parameters of the demo town.

Tariffs are in force from 01.07.2025 with the yearly indexation on 01.07.2026; the capital repair
contribution changes with the calendar year (the region sets it per year). Norms are per person a
month (per m² for heating and common needs). Values are plausible for the Urals in 2025–2026, not
an official table.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.bulk import BulkWriter
from app.models import Norm, RuleParameter, Service, Tariff
from app.models.base import quantity_to_db
from app.reference.services import STANDARD_SERVICES

START = date(2025, 7, 1)
INDEXATION = date(2026, 7, 1)
BEFORE_INDEXATION = date(2026, 6, 30)

# code → ((zone, before, after), …); zone 0 single rate, 1 day, 2 night
TARIFFS: dict[str, tuple[tuple[int, str, str], ...]] = {
    "maintenance": ((0, "31.70", "33.95"),),
    "cold_water": ((0, "45.83", "50.96"),),
    "hot_water": ((0, "236.41", "262.89"),),
    "sewerage": ((0, "38.12", "42.39"),),
    "heating": ((0, "2780.55", "3092.02"),),
    "electricity": ((0, "6.01", "6.68"), (1, "6.63", "7.37"), (2, "3.45", "3.84")),
    "gas": ((0, "8.52", "9.47"),),
    "waste": ((0, "135.67", "150.87"),),
    "common_cold_water": ((0, "45.83", "50.96"),),
    "common_electricity": ((0, "6.01", "6.68"),),
    "intercom": ((0, "45.00", "50.00"),),
}
# the regional minimum contribution per m², set per calendar year
CAPITAL_REPAIR = ((date(2025, 7, 1), date(2025, 12, 31), "12.80"),
                  (date(2026, 1, 1), None, "13.69"))
# maintenance rates decided by the owners: the ТСЖ's own and the new monolith houses'
MAINTENANCE_TSJ = ("27.90", "29.60")
MAINTENANCE_NEW = ("38.50", "41.20")

NORMS: dict[str, str] = {
    "cold_water": "4.745",
    "hot_water": "3.1",
    "sewerage": "7.845",
    "electricity": "94",  # gas stoves
    "gas": "9.3",  # a gas stove with central hot water
    "waste": "1",  # the tariff is per person a month
    "heating": "0.0187",  # Гкал/м² a month in the heating season
}
COMMON_NORMS = {"common_cold_water": "0.0264", "common_electricity": "0.98"}
ELECTRIC_STOVE_NORM = "130"
GAS_HEATER_NORM = "25.5"  # gas for a flat boiler and water heater
LIFT_COMMON_ELECTRICITY = "1.54"

DUE_DAY = "payment_due_day"
RATE_CAP = "penalty_rate_cap"
RAISING_COEFFICIENT = "raising_coefficient"
HEATING_SEASON = "heating_season"
RULES = (
    (DUE_DAY, "10", date(2020, 1, 1), date(2026, 2, 28), "ЖК РФ ст. 155 ч. 1"),
    (DUE_DAY, "15", date(2026, 3, 1), None, "Федеральный закон от 24.06.2025 №177-ФЗ"),
    (RATE_CAP, "9.5", date(2022, 2, 28), date(2024, 12, 31), "ПП РФ от 26.03.2022 №474"),
    (RATE_CAP, "9.5", date(2025, 1, 1), date(2026, 12, 31), "ПП РФ от 18.03.2025 №329"),
    (RAISING_COEFFICIENT, "1.5", date(2017, 1, 1), None, "ПП РФ от 06.05.2011 №354, п. 42"),
    # the heating season (1) and the summer (0) as the city administration declares them:
    # buildings heated by season are charged for the season's days only
    (HEATING_SEASON, "1", date(2024, 9, 20), date(2025, 5, 15),
     "Постановление администрации г. Заречный о начале и окончании отопительного периода"),
    (HEATING_SEASON, "0", date(2025, 5, 16), date(2025, 9, 21), "Окончание отопительного периода"),
    (HEATING_SEASON, "1", date(2025, 9, 22), date(2026, 5, 14), "Начало отопительного периода"),
    (HEATING_SEASON, "0", date(2026, 5, 15), date(2026, 9, 20), "Окончание отопительного периода"),
    (HEATING_SEASON, "1", date(2026, 9, 21), None, "Начало отопительного периода"),
)


def q(value: str | Decimal) -> int:
    return quantity_to_db(Decimal(value))


def write_services(w: BulkWriter) -> dict[str, int]:
    t = Service.__table__
    w.declare(t, ("id", "code", "name", "unit", "method", "resource", "zones", "norm_base",
                  "penalty_kind", "raising_applies", "absence_applies", "permitted_hours_month",
                  "permitted_hours_once", "sort_order", "version"))
    ids: dict[str, int] = {}
    for i, d in enumerate(STANDARD_SERVICES):
        sid = w.next_id(t)
        ids[d.code] = sid
        w.add(t, (sid, d.code, d.name, d.unit, d.method.value,
                  d.resource.value if d.resource else None, d.zones,
                  d.norm_base.value if d.norm_base else None, d.penalty_kind.value,
                  d.raising_applies, d.absence_applies, d.permitted_hours_month,
                  d.permitted_hours_once, i, 1))
    return ids


def declare_prices(w: BulkWriter) -> None:
    w.declare(Tariff.__table__, ("id", "service_id", "supplier_id", "building_id",
                                 "account_list_id", "zone", "value", "date_from", "date_to",
                                 "version"))
    w.declare(Norm.__table__, ("id", "service_id", "building_id", "kind", "value", "date_from",
                               "date_to", "version"))


def tariff(w: BulkWriter, service_id: int, value: str, date_from: date, date_to: date | None,
           zone: int = 0, building_id: int | None = None) -> None:
    t = Tariff.__table__
    w.add(t, (w.next_id(t), service_id, None, building_id, None, zone, q(value), date_from,
              date_to, 1))


def indexed_tariff(w: BulkWriter, service_id: int, before: str, after: str, zone: int = 0,
                   building_id: int | None = None) -> None:
    tariff(w, service_id, before, START, BEFORE_INDEXATION, zone, building_id)
    tariff(w, service_id, after, INDEXATION, None, zone, building_id)


def norm(w: BulkWriter, service_id: int, value: str, building_id: int | None = None,
         kind: str = "individual") -> None:
    t = Norm.__table__
    w.add(t, (w.next_id(t), service_id, building_id, kind, q(value), START, None, 1))


def write_prices(w: BulkWriter, services: dict[str, int]) -> None:
    declare_prices(w)
    for code, zones in TARIFFS.items():
        for zone, before, after in zones:
            indexed_tariff(w, services[code], before, after, zone)
    for date_from, date_to, value in CAPITAL_REPAIR:
        tariff(w, services["capital_repair"], value, date_from, date_to)
    for code, value in NORMS.items():
        norm(w, services[code], value)
    for code, value in COMMON_NORMS.items():
        norm(w, services[code], value, kind="common_needs")


def write_rules(w: BulkWriter) -> None:
    # key rates: preloaded with the Bank of Russia history by migration 0006
    t = RuleParameter.__table__
    w.declare(t, ("id", "code", "company_id", "service_id", "value", "date_from", "date_to",
                  "source"))
    for code, value, date_from, date_to, source in RULES:
        w.add(t, (w.next_id(t), code, None, None, q(value), date_from, date_to, source))
