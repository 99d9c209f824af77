"""Names and requisites of the demo town: the forms and check digits a clerk would notice."""

from __future__ import annotations

import random

import pytest

from app.calc.snils import is_valid_snils
from app.demo import names
from app.demo.requisites import (
    BANKS,
    Bank,
    account_key_ok,
    corr_key_ok,
    is_valid_inn10,
    make_inn,
    make_ogrn,
    make_snils,
)


@pytest.mark.parametrize(("male", "female"), [
    ("Иванов", "Иванова"), ("Соловьёв", "Соловьёва"), ("Никитин", "Никитина"),
    ("Высоцкий", "Высоцкая"), ("Вишневский", "Вишневская"), ("Толстой", "Толстая"),
    ("Ткаченко", "Ткаченко"),
])
def test_feminine_surnames(male: str, female: str) -> None:
    assert names.feminine(male) == female


@pytest.mark.parametrize(("father", "son", "daughter"), [
    ("Иван", "Иванович", "Ивановна"), ("Сергей", "Сергеевич", "Сергеевна"),
    ("Юрий", "Юрьевич", "Юрьевна"), ("Николай", "Николаевич", "Николаевна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"), ("Илья", "Ильич", "Ильинична"),
    ("Никита", "Никитич", "Никитична"), ("Пётр", "Петрович", "Петровна"),
    ("Павел", "Павлович", "Павловна"), ("Лев", "Львович", "Львовна"),
    ("Михаил", "Михайлович", "Михайловна"), ("Игорь", "Игоревич", "Игоревна"),
])
def test_patronymics(father: str, son: str, daughter: str) -> None:
    assert names.patronymic(father, True) == son
    assert names.patronymic(father, False) == daughter


def test_common_surnames_are_common() -> None:
    rng = random.Random(3)
    drawn = [names.surname(rng) for _ in range(20_000)]
    assert drawn.count("Смирнов") > 5 * max(drawn.count("Шамсутдинов"), 1)


def test_known_bank_requisites() -> None:
    # ПАО Сбербанк, Москва: БИК 044525225, к/с 30101810400000000225 (public)
    assert Bank("ПАО Сбербанк", "044525225").corr_account == "30101810400000000225"
    assert corr_key_ok("044525225", "30101810400000000225")
    assert not account_key_ok("044525225", "40702810438000000001")
    assert is_valid_inn10("7707083893")  # ПАО Сбербанк
    assert not is_valid_inn10("7707083894")


def test_generated_requisites_validate() -> None:
    rng = random.Random(1)
    for _ in range(200):
        bank = BANKS[rng.randrange(len(BANKS))]
        assert account_key_ok(bank.bik, bank.settlement_account(rng))
        assert corr_key_ok(bank.bik, bank.corr_account)
        assert is_valid_inn10(make_inn(rng))
        ogrn = make_ogrn(rng, 2011)
        assert len(ogrn) == 13 and int(ogrn[:12]) % 11 % 10 == int(ogrn[12])
        assert is_valid_snils(make_snils(rng))
