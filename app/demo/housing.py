"""Buildings of the demo town and their premises, with areas that add up.

Five kinds of house, as a town of the Urals has them: two-storey houses of the 1950s with gas
boilers in the flats (and communal flats), five-storey panel «хрущёвки» of the 1960s with gas
stoves, nine-storey panel houses of the 1980s, sixteen-storey brick houses of the 2000s, and new
monolith towers with shops on the ground floor. Every floor of a house repeats one layout, so the
flats above each other have the same rooms and nearly the same area, as in a real register.
Areas are kept in tenths of a square metre (integers) until they are written.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field

from app.demo.places import CITY, POSTCODES, STREETS
from app.models.enums import HeatingMode, HeatingType, PremiseKind


@dataclass(frozen=True)
class FlatType:
    rooms: int
    area: tuple[int, int]  # tenths of m²
    living_ratio: float
    weight: int


@dataclass(frozen=True)
class HouseKind:
    code: str
    years: tuple[int, int]
    floors: tuple[int, int]
    entrances: tuple[int, int]
    per_floor: int
    flats: tuple[FlatType, ...]
    common_pct: tuple[int, int]
    weight: int
    gas_stove: bool = False
    gas_boiler: bool = False  # flat gas boilers: no central heating or hot water
    metered_heating_share: float = 1.0
    lift: bool = False
    intercom_share: float = 0.0
    two_zone_share: float = 0.15
    communal_share: float = 0.0
    shops: tuple[int, int] = (0, 0)
    capital_repair: bool = True
    building_water_meters: float = 1.0  # share of houses with ОДПУ of water and electricity
    tsj_share: float = 0.0


def _flat(rooms: int, lo: float, hi: float, living: float, weight: int) -> FlatType:
    return FlatType(rooms, (round(lo * 10), round(hi * 10)), living, weight)


KINDS = {
    k.code: k for k in (
        HouseKind("old2", (1950, 1958), (2, 2), (1, 3), 4,
                  (_flat(1, 28, 34, 0.62, 1), _flat(2, 42, 52, 0.66, 5), _flat(3, 58, 72, 0.68, 4)),
                  (8, 12), 12, gas_stove=True, gas_boiler=True, communal_share=0.15,
                  building_water_meters=0.0),
        HouseKind("panel5", (1961, 1969), (5, 5), (3, 6), 4,
                  (_flat(1, 30, 33.5, 0.57, 3), _flat(2, 41, 46, 0.65, 5),
                   _flat(3, 55, 59, 0.7, 2)),
                  (10, 14), 35, gas_stove=True, metered_heating_share=0.4, intercom_share=0.3,
                  communal_share=0.02, building_water_meters=0.5),
        HouseKind("panel9", (1978, 1991), (9, 9), (2, 6), 4,
                  (_flat(1, 33, 37, 0.52, 3), _flat(2, 48, 53, 0.6, 4), _flat(3, 62, 70, 0.64, 3)),
                  (14, 18), 30, metered_heating_share=0.8, lift=True, intercom_share=0.7),
        HouseKind("brick16", (2001, 2010), (16, 16), (1, 3), 6,
                  (_flat(1, 38, 45, 0.5, 7), _flat(2, 55, 65, 0.56, 8), _flat(3, 75, 90, 0.6, 5)),
                  (16, 20), 15, lift=True, intercom_share=1.0, tsj_share=0.5),
        HouseKind("monolith", (2020, 2024), (18, 25), (1, 2), 8,
                  (_flat(0, 24, 30, 0.7, 4), _flat(1, 35, 42, 0.5, 7), _flat(2, 52, 62, 0.55, 6),
                   _flat(3, 72, 85, 0.58, 3)),
                  (18, 22), 8, lift=True, intercom_share=1.0, two_zone_share=0.6,
                  shops=(3, 6), capital_repair=False, tsj_share=0.3),
    )
}
FIRST_KINDS = ("panel5", "monolith", "old2", "panel9", "brick16")  # variety even in tiny towns
_KIND_CODES = tuple(KINDS)
_KIND_CW = tuple(
    sum(KINDS[c].weight for c in _KIND_CODES[: i + 1]) for i in range(len(_KIND_CODES)))


@dataclass
class PremisePlan:
    number: str
    kind: PremiseKind
    area: int  # tenths of m²
    living: int | None
    rooms: int | None
    entrance: int | None
    floor: int
    id: int = 0


@dataclass
class BuildingPlan:
    kind: HouseKind
    street: str
    house: str
    company_role: str
    year: int
    floors: int
    entrances: int
    heating_type: HeatingType
    heating_mode: HeatingMode
    intercom: bool
    building_meters: bool  # ОДПУ of cold water and electricity (ОДН by the meter)
    premises: list[PremisePlan] = field(default_factory=list)
    common: int = 0  # tenths of m²
    id: int = 0

    @property
    def postcode(self) -> str:
        return POSTCODES[0] if self.street < "ул. М" else POSTCODES[1]


class Streets:
    """Hands out addresses: a street at random, the next house number on it (sometimes «А»)."""

    def __init__(self, rng: random.Random, expected_buildings: int) -> None:
        self.rng = rng
        count = min(200, len(STREETS), max(10, round(expected_buildings / 3)))
        self.names = STREETS[:count]
        self.next_number = [1] * count
        self.last = [0] * count
        self.issued = 0

    def address(self) -> tuple[str, str]:
        # every street gets a house before any gets a second one, then at random
        i = self.issued if self.issued < len(self.names) else self.rng.randrange(len(self.names))
        self.issued += 1
        last = self.last[i]
        if last and self.rng.random() < 0.08:  # a later house between two numbers: «12А»
            self.last[i] = 0  # one «А» per number
            return self.names[i], f"{last}А"
        n = self.next_number[i]
        self.last[i] = n
        self.next_number[i] += 2 if self.rng.random() < 0.7 else 1
        return self.names[i], str(n)


def plan_building(rng: random.Random, index: int, streets: Streets, cap: int | None
                  ) -> BuildingPlan:
    code = FIRST_KINDS[index] if index < len(FIRST_KINDS) else rng.choices(
        _KIND_CODES, cum_weights=_KIND_CW)[0]
    kind = KINDS[code]
    street, house = streets.address()
    if kind.gas_boiler:
        heating = HeatingType.INDIVIDUAL
    elif rng.random() < kind.metered_heating_share:
        heating = HeatingType.CENTRAL_METERED
    else:
        heating = HeatingType.CENTRAL_UNMETERED
    plan = BuildingPlan(
        kind=kind, street=street, house=house,
        company_role="tsj" if rng.random() < kind.tsj_share else "uk",
        year=rng.randint(*kind.years), floors=rng.randint(*kind.floors),
        entrances=rng.randint(*kind.entrances), heating_type=heating,
        heating_mode=HeatingMode.EVEN if rng.random() < 0.2 and not kind.gas_boiler
        else HeatingMode.SEASON,
        intercom=rng.random() < kind.intercom_share,
        building_meters=rng.random() < kind.building_water_meters,
    )
    plan.premises = _premises(rng, plan, cap)
    return plan


def _premises(rng: random.Random, b: BuildingPlan, cap: int | None) -> list[PremisePlan]:
    kind = b.kind
    out: list[PremisePlan] = []
    shops = rng.randint(*kind.shops)
    if cap is not None:
        shops = min(shops, 2)
    for i in range(shops):
        out.append(PremisePlan(f"Н{i + 1}", PremiseKind.NON_RESIDENTIAL,
                               rng.randrange(600, 2500), None, None, None, 1))
    layout = [rng.choices(kind.flats, weights=[f.weight for f in kind.flats])[0]
              for _ in range(kind.per_floor)]
    base = [rng.randint(*f.area) for f in layout]
    first_floor = 2 if shops else 1
    floors = b.floors - first_floor + 1
    count = b.entrances * floors * kind.per_floor
    if cap is not None:
        count = min(count, cap)
    for k in range(count):
        pos = k % kind.per_floor
        flat = layout[pos]
        area = base[pos] + rng.randint(-3, 3)
        out.append(PremisePlan(
            str(k + 1), PremiseKind.FLAT, area, round(area * flat.living_ratio),
            max(flat.rooms, 1), k // (floors * kind.per_floor) + 1,
            first_floor + (k % (floors * kind.per_floor)) // kind.per_floor,
        ))
    return out


def fias_guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def building_row(b: BuildingPlan, company_id: int, guid: str) -> tuple[object, ...]:
    premises = sum(p.area for p in b.premises)
    living = sum(p.living or 0 for p in b.premises)
    return (
        b.id, company_id, CITY, b.street, b.house, b.postcode, guid, b.year, b.floors,
        b.entrances, area_db(premises + b.common), area_db(living), area_db(b.common),
        b.heating_type.value, b.heating_mode.value, 1,
    )


BUILDING_COLUMNS = (
    "id", "company_id", "city", "street", "house", "postcode", "fias_guid", "year_built",
    "floors", "entrances", "total_area", "living_area", "common_area", "heating_type",
    "heating_mode", "version",
)
PREMISE_COLUMNS = ("id", "building_id", "number", "kind", "total_area", "living_area", "rooms",
                   "entrance", "floor", "version")


def area_db(tenths: int) -> int:
    """Tenths of m² in the stored `Quantity` form (scaled by 10⁶)."""
    return tenths * 100_000
