"""Accounts opened, closed, split and merged: the old accounts keep their history, the new ones
get their services, a closed period is never touched, and a billing run after a split charges
the old and the new accounts exactly the premise's month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.accounts.card import load_card
from app.accounts.lifecycle import (
    Part,
    Seen,
    close_account,
    merge_accounts,
    open_account,
    split_account,
)
from app.accounts.lookup import lookup
from app.billing.run import calculate
from app.calc.account_number import check_account_number
from app.db import Database
from app.errors import AccessDenied, Conflict, InvalidInput
from app.models import Account, AccountService, AuditEntry, Operation, Service
from app.models.enums import OperationKind
from app.rights import SYSTEM, Actor, Role
from tests.factories import TestTown, TownFactory

D = Decimal
EDITOR = Actor(user_id=None, login="nachisl", full_name="Специалист",
               roles=frozenset({Role.ACCRUAL}))


@pytest.fixture
def town(db: Database) -> TestTown:
    return TownFactory(db).build()


def account(db: Database, number: str) -> Account:
    with db.session() as s:
        acc = s.scalars(select(Account).where(Account.number == number)).one()
        s.expunge(acc)
    return acc


def services_of(db: Database, number: str) -> list[tuple[str, date, date | None]]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(Service.code, AccountService.date_from, AccountService.date_to)
            .join(Service, Service.id == AccountService.service_id)
            .join(Account, Account.id == AccountService.account_id)
            .where(Account.number == number).order_by(Service.code))]


def test_an_account_opened_on_a_premise_with_the_services_of_another(db: Database,
                                                                    town: TestTown) -> None:
    model = town.account(flat="7", surname="Образцов")
    number = open_account(db, EDITOR, model.premise_id, "  Новиков  Пётр ", date(2026, 11, 10),
                          area=D("20"), like=model.number)
    assert check_account_number(number) == number and number != model.number
    acc = account(db, number)
    assert (acc.payer_name, acc.area, acc.status) == ("Новиков Пётр", D("20"), "open")
    assert services_of(db, number) == [("cold_water", date(2026, 11, 10), None),
                                       ("maintenance", date(2026, 11, 10), None)]
    assert [h.number for h in lookup(db, EDITOR, "Новиков")] == [number]


def test_a_closed_account_ends_its_services_and_keeps_a_note(db: Database, town: TestTown
                                                              ) -> None:
    acc = town.account()
    close_account(db, EDITOR, Seen(acc.number, acc.version), date(2026, 11, 20),
                  "продажа квартиры")
    closed = account(db, acc.number)
    assert (closed.status, closed.closed_on) == ("closed", date(2026, 11, 20))
    assert {d for _c, _f, d in services_of(db, acc.number)} == {date(2026, 11, 20)}
    card = load_card(db, EDITOR, acc.number)
    assert any("продажа квартиры" in n.text for n in card.notes)
    with pytest.raises(InvalidInput, match="уже закрыт"):
        close_account(db, EDITOR, Seen(acc.number), date(2026, 11, 25), "ещё раз")


def test_a_date_in_a_closed_period_is_refused(db: Database, town: TestTown) -> None:
    acc = town.account()
    with pytest.raises(InvalidInput, match="закрытом периоде"):
        close_account(db, EDITOR, Seen(acc.number), date(2026, 10, 15), "ошибка")
    with pytest.raises(InvalidInput, match=r"01\.11\.2026"):
        split_account(db, EDITOR, Seen(acc.number), [Part("А", D("25")), Part("Б", D("25"))],
                      date(2026, 10, 1))
    assert account(db, acc.number).status == "open"


def test_a_stale_version_is_told(db: Database, town: TestTown) -> None:
    acc = town.account()
    close_account(db, SYSTEM, Seen(acc.number), date(2026, 11, 30), "первый")
    with pytest.raises(Conflict, match="изменил другой пользователь"):
        close_account(db, EDITOR, Seen(acc.number, acc.version), date(2026, 11, 20), "второй")


def test_a_split_charges_the_premise_exactly_one_month(db: Database, town: TestTown) -> None:
    acc = town.account(flat="9", area="50", services=("maintenance",))
    whole = town.account(flat="10", area="50", services=("maintenance",))  # the same, unsplit
    numbers = split_account(db, EDITOR, Seen(acc.number, acc.version),
                            [Part("Первый", D("30")), Part("Второй", D("20.0"))],
                            date(2026, 11, 16))
    assert len(numbers) == 2
    old = account(db, acc.number)
    assert (old.status, old.closed_on) == ("closed", date(2026, 11, 15))
    assert [account(db, n).area for n in numbers] == [D("30"), D("20")]
    assert services_of(db, numbers[0]) == [("maintenance", date(2026, 11, 16), None)]
    assert any(numbers[0] in n.text for n in load_card(db, EDITOR, acc.number).notes)
    calculate(db, SYSTEM)
    with db.session() as s:
        def charged(*ids: int) -> int:
            return s.scalar(select(func.sum(Operation.amount)).where(
                Operation.account_id.in_(ids), Operation.kind == OperationKind.CHARGE)) or 0

        parts = [account(db, n).id for n in numbers]
        assert charged(acc.id) > 0 and all(charged(i) > 0 for i in parts)
        assert abs(charged(acc.id, *parts) - charged(whole.id)) <= 2  # a kopeck per line


def test_the_parts_must_add_up_to_the_area(db: Database, town: TestTown) -> None:
    acc = town.account(area="50")
    with pytest.raises(InvalidInput, match="в сумме 40,5 м², а у счёта 50 м² — должны совпасть"):
        split_account(db, EDITOR, Seen(acc.number), [Part("А", D("30")), Part("Б", D("10.5"))],
                      date(2026, 11, 16))
    with pytest.raises(InvalidInput) as caught:
        split_account(db, EDITOR, Seen(acc.number), [Part(" ", D("0"))], date(2026, 11, 16))
    assert {p.where for p in caught.value.problems} == {
        "Части", "Часть 1: плательщик", "Часть 1: площадь"}
    assert account(db, acc.number).status == "open"


def test_rooms_merged_into_one_account_keep_their_history(db: Database, town: TestTown) -> None:
    rooms = town.communal_flat("15", [("18", 1), ("12", 2)],
                               services=("maintenance", "sewerage"))
    number = merge_accounts(db, EDITOR, [Seen(r.number, r.version) for r in rooms],
                            "Комнатный Объединённый", date(2026, 11, 1))
    merged = account(db, number)
    assert merged.area is None  # the whole premise again
    assert services_of(db, number) == [("maintenance", date(2026, 11, 1), None),
                                       ("sewerage", date(2026, 11, 1), None)]
    for room in rooms:
        old = account(db, room.number)
        assert (old.status, old.closed_on) == ("closed", date(2026, 10, 31))
        assert any(number in n.text for n in load_card(db, EDITOR, room.number).notes)
    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "account.merge")).one()
        assert entry.before is not None and len(entry.before["accounts"]) == 2


def test_accounts_of_different_premises_are_not_merged(db: Database, town: TestTown) -> None:
    a, b = town.account(flat="1"), town.account(flat="2")
    with pytest.raises(InvalidInput, match="разных помещений"):
        merge_accounts(db, EDITOR, [Seen(a.number), Seen(b.number)], "Кто-то",
                       date(2026, 11, 1))


def test_outside_the_users_scope_or_without_the_right_is_refused(db: Database,
                                                                  town: TestTown) -> None:
    acc = town.account()
    elsewhere = Actor(user_id=None, login="b", full_name="Б", roles=frozenset({Role.ACCRUAL}),
                      building_ids=frozenset({town.building_id + 100}))
    with pytest.raises(AccessDenied):
        close_account(db, elsewhere, Seen(acc.number), date(2026, 11, 20), "чужой")
    cashier = Actor(user_id=None, login="k", full_name="К", roles=frozenset({Role.CASHIER}))
    with pytest.raises(AccessDenied):
        open_account(db, cashier, acc.premise_id, "Кто-то", date(2026, 11, 20))
