"""Buildings and premises: create and edit with an optimistic version, audited, within the
user's scope. Areas are exact (`Decimal`); a premise cannot shrink below the areas of its open
accounts, a flat's living area is not larger than its total."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from app import titles
from app.accounts.scope import require_visible, scope_condition
from app.admin.versioned import clean_text, length_problems, load_versioned, store
from app.calc.explain import num
from app.changes import Change, reports
from app.db import Database
from app.errors import AccessDenied, InvalidInput, NotFound, Problem
from app.models import Account, Building, Organization, Premise
from app.models.enums import AccountStatus, HeatingMode, HeatingType, OrgKind, PremiseKind
from app.rights import Actor, Right
from app.usecase import transaction

BUILDING_TITLES = {
    "company_id": "Управляющая организация", "city": "Город", "street": "Улица", "house": "Дом",
    "postcode": "Индекс", "fias_guid": "Код ФИАС", "year_built": "Год постройки",
    "floors": "Этажей", "entrances": "Подъездов", "total_area": "Общая площадь",
    "living_area": "Жилая площадь", "common_area": "Площадь общего имущества",
    "heating_type": "Отопление", "heating_mode": "Начисление отопления"}
PREMISE_TITLES = {"building_id": "Дом", "number": "Номер", "kind": "Вид",
                  "total_area": "Общая площадь", "living_area": "Жилая площадь",
                  "rooms": "Комнат", "entrance": "Подъезд", "floor": "Этаж"}
_FIAS = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MAX_FLOORS = 200


@dataclass(frozen=True)
class BuildingData:
    city: str
    street: str
    house: str
    heating_type: str = HeatingType.CENTRAL_METERED
    heating_mode: str = HeatingMode.SEASON
    company_id: int | None = None
    postcode: str | None = None
    fias_guid: str | None = None
    year_built: int | None = None
    floors: int | None = None
    entrances: int | None = None
    total_area: Decimal = Decimal(0)
    living_area: Decimal = Decimal(0)
    common_area: Decimal = Decimal(0)
    id: int | None = None
    version: int | None = None

    @property
    def address(self) -> str:
        return f"{self.city}, {self.street}, д. {self.house}"

    @property
    def heating_title(self) -> str:
        return titles.HEATING_TYPE.get(self.heating_type, self.heating_type)


@dataclass(frozen=True)
class PremiseData:
    building_id: int
    number: str
    total_area: Decimal
    kind: str = PremiseKind.FLAT
    living_area: Decimal | None = None
    rooms: int | None = None
    entrance: int | None = None
    floor: int | None = None
    id: int | None = None
    version: int | None = None

    @property
    def kind_title(self) -> str:
        return titles.PREMISE_KIND.get(self.kind, self.kind)


_B = tuple(f.name for f in fields(BuildingData) if f.name not in ("id", "version"))
_P = tuple(f.name for f in fields(PremiseData) if f.name not in ("id", "version"))


def _building(b: Building) -> BuildingData:
    return BuildingData(**{n: getattr(b, n) for n in _B}, id=b.id, version=b.version)


def _premise(p: Premise) -> PremiseData:
    return PremiseData(**{n: getattr(p, n) for n in _P}, id=p.id, version=p.version)


def list_buildings(db: Database, actor: Actor) -> list[BuildingData]:
    actor.require(Right.ADMIN)
    q = select(Building).order_by(Building.city, Building.street, Building.house)
    cond = scope_condition(actor)
    if cond is not None:
        q = q.where(cond)
    with db.session() as s:
        return [_building(b) for b in s.scalars(q)]


def list_premises(db: Database, actor: Actor, building_id: int) -> list[PremiseData]:
    actor.require(Right.ADMIN)
    with db.session() as s:
        b = s.get(Building, building_id)
        if b is None:
            raise NotFound(f"Дом №{building_id} не найден")
        require_visible(actor, b.company_id, b.id, f"дома {b.address}")
        rows = [_premise(p) for p in s.scalars(select(Premise).where(
            Premise.building_id == building_id))]
    return sorted(rows, key=lambda p: (len(p.number), p.number))


AREA_STEP = Decimal("0.01")


def _area(problems: list[Problem], title: str, value: Decimal | None) -> None:
    """An area in m² to the hundredth (as a cadastral passport gives it), exact."""
    if value is not None and (not value.is_finite() or value != value.quantize(AREA_STEP)
                              or abs(value) >= 10**9):
        problems.append(Problem(title, "число м², не больше двух знаков после запятой"))


def _count(problems: list[Problem], name: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        problems.append(Problem(BUILDING_TITLES.get(name) or PREMISE_TITLES[name],
                                f"от {low} до {high}"))


def building_problems(d: BuildingData, today: date) -> list[Problem]:
    problems: list[Problem] = []

    def say(name: str, text: str) -> None:
        problems.append(Problem(BUILDING_TITLES[name], text))

    for name in ("city", "street", "house"):
        if not getattr(d, name):
            say(name, "не заполнено")
    if d.postcode and not (d.postcode.isascii() and d.postcode.isdigit()
                           and len(d.postcode) == 6):
        say("postcode", "6 цифр")
    if d.fias_guid and not _FIAS.fullmatch(d.fias_guid.lower()):
        say("fias_guid", "вида 0c5b2444-70a0-4932-980c-b4dc0d3f02b5")
    _count(problems, "year_built", d.year_built, 1700, today.year)
    _count(problems, "floors", d.floors, 1, MAX_FLOORS)
    _count(problems, "entrances", d.entrances, 1, 100)
    for name in ("total_area", "living_area", "common_area"):
        _area(problems, BUILDING_TITLES[name], getattr(d, name))
        if getattr(d, name) < 0:
            say(name, "не меньше нуля")
    if d.living_area > d.total_area > 0:
        say("living_area", "больше общей")
    if d.heating_type not in set(HeatingType):
        say("heating_type", f"нет такого вида отопления: «{d.heating_type}»")
    if d.heating_mode not in set(HeatingMode):
        say("heating_mode", f"нет такого порядка: «{d.heating_mode}»")
    problems += length_problems(Building, {n: getattr(d, n) for n in
                                           ("city", "street", "house")}, BUILDING_TITLES)
    return problems


def premise_problems(d: PremiseData) -> list[Problem]:
    problems: list[Problem] = []

    def say(name: str, text: str) -> None:
        problems.append(Problem(PREMISE_TITLES[name], text))

    if not d.number:
        say("number", "не заполнено")
    if d.kind not in set(PremiseKind):
        say("kind", f"нет такого вида помещения: «{d.kind}»")
    _area(problems, PREMISE_TITLES["total_area"], d.total_area)
    _area(problems, PREMISE_TITLES["living_area"], d.living_area)
    if d.total_area <= 0:
        say("total_area", "больше нуля")
    if d.living_area is not None and (d.living_area < 0 or d.living_area > d.total_area):
        say("living_area", "от нуля до общей площади")
    _count(problems, "rooms", d.rooms, 1, 50)
    _count(problems, "entrance", d.entrance, 1, 100)
    _count(problems, "floor", d.floor, -5, MAX_FLOORS)
    problems += length_problems(Premise, {"number": d.number}, PREMISE_TITLES)
    return problems


@reports(Change.REFERENCE | Change.ACCOUNTS)
def save_building(db: Database, actor: Actor, d: BuildingData, today: date | None = None
                  ) -> BuildingData:
    actor.require(Right.ADMIN)
    values = {n: getattr(d, n) for n in _B}
    for name in ("city", "street", "house", "postcode", "fias_guid"):
        values[name] = clean_text(values[name])
    d = BuildingData(**values, id=d.id, version=d.version)
    problems = building_problems(d, today or date.today())
    if problems:
        raise InvalidInput(problems, "Дом не сохранён")
    with transaction(db, actor, Right.ADMIN) as tx:
        s = tx.session
        if d.company_id is not None and s.scalar(select(Organization.kind).where(
                Organization.id == d.company_id)) != OrgKind.MANAGEMENT_COMPANY:
            raise InvalidInput([Problem(BUILDING_TITLES["company_id"],
                                        "выберите управляющую организацию")], "Дом не сохранён")
        if d.id is None:
            if not actor.unrestricted and d.company_id not in actor.company_ids:
                raise AccessDenied("Новый дом можно добавить только в свою управляющую "
                                   "организацию")
            row = Building()
        else:
            row = load_versioned(s, Building, d.id, d.version,
                                 f"Дом №{d.id} не найден: возможно, его удалили")
            require_visible(actor, row.company_id, row.id, f"дома {row.address}")
        same = s.scalar(select(Building.id).where(
            Building.city == d.city, Building.street == d.street, Building.house == d.house,
            Building.id != (d.id or 0)))
        if same is not None:
            raise InvalidInput([Problem("Адрес", f"дом {d.address} уже есть")],
                               "Дом не сохранён")
        store(tx, row, d, _B, "building")
        return _building(row)


@reports(Change.REFERENCE | Change.ACCOUNTS)
def save_premise(db: Database, actor: Actor, d: PremiseData) -> PremiseData:
    actor.require(Right.ADMIN)
    d = PremiseData(**{**{n: getattr(d, n) for n in _P}, "number": clean_text(d.number) or ""},
                    id=d.id, version=d.version)
    problems = premise_problems(d)
    if problems:
        raise InvalidInput(problems, "Помещение не сохранено")
    with transaction(db, actor, Right.ADMIN) as tx:
        s = tx.session
        b = s.get(Building, d.building_id)
        if b is None:
            raise NotFound(f"Дом №{d.building_id} не найден")
        require_visible(actor, b.company_id, b.id, f"дома {b.address}")
        if d.id is None:
            row = Premise()
        else:
            row = load_versioned(s, Premise, d.id, d.version,
                                 f"Помещение №{d.id} не найдено: возможно, его удалили")
            parts = s.scalar(select(func.sum(Account.area)).where(
                Account.premise_id == row.id, Account.status == AccountStatus.OPEN))
            if parts is not None and Decimal(parts) > d.total_area:
                raise InvalidInput([Problem("Общая площадь", (
                    f"меньше суммы площадей открытых лицевых счетов ({num(Decimal(parts))} м²)"))],
                    "Помещение не сохранено")
        same = s.scalar(select(Premise.id).where(
            Premise.building_id == d.building_id, Premise.number == d.number,
            Premise.id != (d.id or 0)))
        if same is not None:
            raise InvalidInput([Problem("Номер", f"помещение {d.number} в этом доме уже есть")],
                               "Помещение не сохранено")
        if d.floor is not None and b.floors is not None and d.floor > b.floors:
            raise InvalidInput([Problem("Этаж", f"в доме {b.floors} этажей")],
                               "Помещение не сохранено")
        store(tx, row, d, _P, "premise")
        return _premise(row)
