"""A small town with a flat, and the people who act in it: a clerk, a cashier, an accountant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from app.db import Database
from app.passport.views import IdentityInput
from app.rights import Actor, Role
from tests.factories import TestTown, TownFactory, make_user

TODAY = date(2026, 11, 20)  # the factory's open period is November 2026


@dataclass
class Office:
    db: Database
    town: TestTown
    number: str  # the account of the flat everyone arrives at
    clerk: Actor
    cashier: Actor
    accountant: Actor


def actor(db: Database, login: str, role: Role) -> Actor:
    uid = make_user(db, login, [role.value])
    return Actor(user_id=uid, login=login, full_name=f"Пользователь {login}",
                 roles=frozenset({role.value}))


@pytest.fixture
def office(db: Database) -> Office:
    town = TownFactory(db).build()
    acc = town.account(flat="12", area="54.3", residents=1, surname="Хозяинов")
    return Office(db, town, acc.number, actor(db, "pasport", Role.PASSPORT),
                  actor(db, "kassa", Role.CASHIER), actor(db, "nach", Role.ACCRUAL))


def person(last: str = "Новиков", first: str = "Андрей", middle: str | None = "Сергеевич",
           birth: date = date(1985, 3, 14), **kw: object) -> IdentityInput:
    values: dict[str, object] = dict(
        last_name=last, first_name=first, middle_name=middle, birth_date=birth, sex="м",
        birth_place="г. Екатеринбург", snils="112-233-445 95",
        doc_type="Паспорт гражданина РФ", doc_series="6505", doc_number="123456",
        doc_issued_by="ГУ МВД России по Свердловской области",
        doc_issued_on=date(2005, 4, 1), doc_code="660-005")
    values.update(kw)
    return IdentityInput(**values)  # type: ignore[arg-type]
