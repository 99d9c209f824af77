"""Buildings and premises: validated, unique addresses and numbers, the version kept, a premise
not smaller than its accounts' parts, the user's scope enforced, audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.admin.audit_log import AuditFilter, audit_entries
from app.admin.housing import (
    BuildingData,
    PremiseData,
    list_buildings,
    list_premises,
    save_building,
    save_premise,
)
from app.db import Database
from app.errors import AccessDenied, Conflict, InvalidInput
from app.rights import Actor, Role
from tests.admin.test_organizations import ADMIN, OTHER_ADMIN
from tests.factories import TestTown, TownFactory

D = Decimal
TODAY = date(2026, 11, 20)


@pytest.fixture
def town(db: Database) -> TestTown:
    return TownFactory(db).build()


def house(town: TestTown, **changes: object) -> BuildingData:
    data = BuildingData(city="г. Тестов", street="ул. Мира", house="7", company_id=town.company_id,
                        postcode="620000", year_built=1975, floors=9, entrances=4,
                        total_area=D("5400.5"), living_area=D("4100.25"), common_area=D("800"))
    return replace(data, **changes)  # type: ignore[arg-type]


def test_a_building_and_its_premises_are_saved_exactly_and_audited(db: Database,
                                                                    town: TestTown) -> None:
    b = save_building(db, ADMIN, house(town), TODAY)
    assert b.id is not None and b.total_area == D("5400.5")
    assert any(x.address == "г. Тестов, ул. Мира, д. 7" for x in list_buildings(db, ADMIN))
    p = save_premise(db, ADMIN, PremiseData(b.id, " 12 ", D("54.37"), living_area=D("30.1"),
                                            rooms=2, floor=3))
    assert [(x.number, x.total_area, x.kind_title) for x in list_premises(db, ADMIN, b.id)] == [
        ("12", D("54.37"), "Квартира")]
    assert p.version == 1
    actions = [r.action for r in audit_entries(db, ADMIN, AuditFilter(action="premise."))]
    assert actions == ["premise.create"]


def test_bad_buildings_and_premises_are_refused_with_every_reason(db: Database,
                                                                   town: TestTown) -> None:
    with pytest.raises(InvalidInput) as caught:
        save_building(db, ADMIN, house(town, street=" ", postcode="62000", year_built=2027,
                                       floors=0, living_area=D("6000")), TODAY)
    assert {p.where for p in caught.value.problems} == {
        "Улица", "Индекс", "Год постройки", "Этажей", "Жилая площадь"}
    with pytest.raises(InvalidInput, match="уже есть"):
        save_building(db, ADMIN, house(town, street="ул. Ленина", house="5"), TODAY)
    b = save_building(db, ADMIN, house(town), TODAY)
    assert b.id is not None
    with pytest.raises(InvalidInput) as caught:
        save_premise(db, ADMIN, PremiseData(b.id, "", D("0"), living_area=D("1.005")))
    assert {p.where for p in caught.value.problems} == {"Номер", "Общая площадь", "Жилая площадь"}
    with pytest.raises(InvalidInput, match="9 этажей"):
        save_premise(db, ADMIN, PremiseData(b.id, "1", D("40"), floor=10))


def test_a_premise_cannot_shrink_below_its_accounts(db: Database, town: TestTown) -> None:
    rooms = town.communal_flat("15", [("18", 1), ("12", 2)])
    [flat] = [p for p in list_premises(db, ADMIN, town.building_id)
              if p.id == rooms[0].premise_id]
    with pytest.raises(InvalidInput, match="30"):
        save_premise(db, ADMIN, replace(flat, total_area=D("29.9")))
    saved = save_premise(db, ADMIN, replace(flat, total_area=D("30.5")))
    assert saved.total_area == D("30.5") and saved.version == flat.version + 1


def test_two_administrators_editing_one_building_the_second_is_told(db: Database,
                                                                     town: TestTown) -> None:
    seen = save_building(db, ADMIN, house(town), TODAY)
    save_building(db, OTHER_ADMIN, replace(seen, floors=10), TODAY)
    with pytest.raises(Conflict):
        save_building(db, ADMIN, replace(seen, entrances=5), TODAY)
    [now] = [b for b in list_buildings(db, ADMIN) if b.id == seen.id]
    assert (now.floors, now.entrances) == (10, 4)


def test_a_limited_administrator_sees_and_edits_only_her_buildings(db: Database,
                                                                    town: TestTown) -> None:
    other = save_building(db, ADMIN, house(town, company_id=None), TODAY)
    limited = Actor(user_id=None, login="a", full_name="А", roles=frozenset({Role.ADMIN}),
                    building_ids=frozenset({town.building_id}))
    assert [b.id for b in list_buildings(db, limited)] == [town.building_id]
    with pytest.raises(AccessDenied):
        save_building(db, limited, replace(other, floors=12), TODAY)
    with pytest.raises(AccessDenied):
        list_premises(db, limited, other.id or 0)
