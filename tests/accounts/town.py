"""A small town for lookup and card tests: two streets, three buildings, two companies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.accounts.search_index import rebuild_search_index
from app.db import Database
from tests.factories import TestTown, TownFactory


@dataclass
class LookupTown:
    town: TestTown
    other_company: int
    lenina5: int  # building ids
    lenina5k1: int
    mira5: int
    numbers: dict[str, str]  # label → account number


def build(db: Database) -> LookupTown:
    town = TownFactory(db).build()  # ул. Ленина, д. 5
    other = town.add_company()
    k1 = town.add_building("5к1")
    mira = town.add_building("5", street="пр-т Мира", company_id=other)
    numbers = {}
    for flat, surname in [("1", "Иванов"), ("2", "Иванова"), ("3", "Семёнов"), ("10", "Орлов"),
                          ("12", "Кузнецов"), ("120", "Смирнов")]:
        acc = town.account(flat=flat, surname=surname)
        numbers[f"lenina5-{flat}"] = acc.number
        if flat == "3":
            town.resident(acc.id, date(2021, 1, 1), surname="Жильцов")  # Жильцов Пётр Ильич
    numbers["lenina5k1-12"] = town.account(flat="12", surname="Соколов", building_id=k1).number
    numbers["mira5-12"] = town.account(flat="12", surname="Иванов", building_id=mira).number
    rebuild_search_index(db)
    return LookupTown(town, other, town.building_id, k1, mira, numbers)
