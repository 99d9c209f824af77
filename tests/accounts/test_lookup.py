"""Lookup as you type: by number, surname and address, in scope, with clear refusals."""

from __future__ import annotations

import pytest

from app.accounts.lookup import lookup
from app.accounts.search_index import rebuild_search_index
from app.db import Database
from app.errors import AccessDenied, DomainError
from app.rights import SYSTEM, Actor
from tests.accounts.town import LookupTown, build


@pytest.fixture
def town(db: Database) -> LookupTown:
    return build(db)


def numbers(db: Database, text: str, actor: Actor = SYSTEM, limit: int = 50) -> list[str]:
    return [h.number for h in lookup(db, actor, text, limit)]


def test_full_number_finds_exactly_that_account(db: Database, town: LookupTown) -> None:
    n = town.numbers["lenina5-3"]
    hits = lookup(db, SYSTEM, n)
    assert [h.number for h in hits] == [n]
    assert hits[0].address == "ул. Ленина, д. 5, кв. 3"
    assert hits[0].payer_name == "Семёнов Имя0 Петрович"
    assert hits[0].status == "open"


def test_number_prefix_finds_all_beginning_with_it(db: Database, town: LookupTown) -> None:
    all_numbers = sorted(town.numbers.values())
    prefix = all_numbers[0][:8]
    expected = {n for n in all_numbers if n.startswith(prefix)}
    assert set(numbers(db, prefix)) == expected
    assert numbers(db, "999") == []


def test_wrong_check_digit_is_refused_with_the_reason(db: Database, town: LookupTown) -> None:
    n = town.numbers["lenina5-1"]
    wrong = n[:-1] + str((int(n[-1]) + 1) % 10)
    with pytest.raises(DomainError, match="контрольная цифра"):
        lookup(db, SYSTEM, wrong)


def test_surname_fragment_finds_masculine_and_feminine(db: Database, town: LookupTown) -> None:
    got = numbers(db, "Иван")
    assert set(got) == {town.numbers["lenina5-1"], town.numbers["lenina5-2"],
                        town.numbers["mira5-12"]}
    assert numbers(db, "иванова") == [town.numbers["lenina5-2"]]


def test_yo_and_e_are_the_same_letter(db: Database, town: LookupTown) -> None:
    assert numbers(db, "Семен") == [town.numbers["lenina5-3"]]
    assert numbers(db, "СЕМЁНОВ") == [town.numbers["lenina5-3"]]


@pytest.mark.parametrize("text", ["Ленина 5 12", "ленина 5-12", "ул. Ленина, д. 5, кв. 12",
                                  "Ленина д5 кв12", "лен 5 12"])
def test_street_house_flat(db: Database, town: LookupTown, text: str) -> None:
    # flat 12 of house 5 first; "12" is a prefix, so flat 120 follows; house "5" is also the
    # number of house "5к1"
    assert numbers(db, text) == [town.numbers["lenina5-12"], town.numbers["lenina5-120"],
                                 town.numbers["lenina5k1-12"]]


def test_house_with_block_is_found_by_its_number(db: Database, town: LookupTown) -> None:
    assert numbers(db, "Ленина 5к1 12") == [town.numbers["lenina5k1-12"]]
    # "5" finds house 5 and house 5к1, in address order
    got = numbers(db, "Ленина 5")
    assert got[:6] == [town.numbers[f"lenina5-{f}"] for f in ("1", "2", "3", "10", "12", "120")]
    assert got[6:] == [town.numbers["lenina5k1-12"]]


def test_house_and_flat_without_street(db: Database, town: LookupTown) -> None:
    assert numbers(db, "5 12") == [town.numbers["lenina5-12"], town.numbers["lenina5-120"],
                                   town.numbers["lenina5k1-12"], town.numbers["mira5-12"]]


def test_street_and_surname_together(db: Database, town: LookupTown) -> None:
    assert numbers(db, "Иванов Мира") == [town.numbers["mira5-12"]]
    assert numbers(db, "Ленина 5 1 Иванов") == [town.numbers["lenina5-1"]]
    assert numbers(db, "Ленина 5 2 Иванова") == [town.numbers["lenina5-2"]]
    assert numbers(db, "Ленина 5 2 Смирнов") == []


def test_nothing_typed_finds_nothing(db: Database, town: LookupTown) -> None:
    assert lookup(db, SYSTEM, "") == []
    assert lookup(db, SYSTEM, "   ") == []
    assert lookup(db, SYSTEM, "12") == []  # two digits: wait for more
    assert lookup(db, SYSTEM, "Такойфамилиинет") == []


@pytest.mark.parametrize("text, message", [
    ("a" * 101, "не больше 100"),
    ("...,,,", "нет ни букв, ни цифр"),
    ("12345678901", "10 цифр"),
    ("Иван\x00ов", "управляющий символ"),
    ("Иван\ud800", "суррогат"),
])
def test_absurd_text_is_refused_clearly(db: Database, town: LookupTown, text: str,
                                        message: str) -> None:
    with pytest.raises(DomainError, match=message):
        lookup(db, SYSTEM, text)


def test_scope_hides_other_companies(db: Database, town: LookupTown) -> None:
    clerk = Actor(user_id=None, login="clerk", full_name="Клерк", roles=frozenset({"viewer"}),
                  company_ids=frozenset({town.town.company_id}))
    assert town.numbers["mira5-12"] not in numbers(db, "Иван", clerk)
    assert numbers(db, "Мира 5 12", clerk) == []
    assert numbers(db, town.numbers["mira5-12"], clerk) == []
    assert numbers(db, "5 12", clerk) == [town.numbers["lenina5-12"],
                                          town.numbers["lenina5-120"],
                                          town.numbers["lenina5k1-12"]]
    one_building = Actor(user_id=None, login="b", full_name="Б", roles=frozenset({"viewer"}),
                         building_ids=frozenset({town.mira5}))
    assert numbers(db, "Иван", one_building) == [town.numbers["mira5-12"]]


def test_lookup_needs_the_view_right(db: Database, town: LookupTown) -> None:
    nobody = Actor(user_id=None, login="x", full_name="X", roles=frozenset())
    with pytest.raises(AccessDenied):
        lookup(db, nobody, "Иван")


def test_limit_is_respected(db: Database, town: LookupTown) -> None:
    assert len(lookup(db, SYSTEM, "Ленина 5", limit=3)) == 3
    assert len(lookup(db, SYSTEM, "000", limit=2)) == 2


def test_words_that_name_no_street_are_names_with_house_and_flat(db: Database,
                                                                 town: LookupTown) -> None:
    assert numbers(db, "Кузнецов 5 12") == [town.numbers["lenina5-12"]]
    assert numbers(db, "Кузнецов 5") == [town.numbers["lenina5-12"]]
    assert numbers(db, "Кузнецов 7") == []


def test_missing_flat_on_a_real_street_finds_nothing(db: Database, town: LookupTown) -> None:
    assert numbers(db, "Ленина 5 999") == []
    assert numbers(db, "Ленина 77") == []


def test_whole_name_in_any_order(db: Database, town: LookupTown) -> None:
    assert numbers(db, "Жильцов Пётр Ильич") == [town.numbers["lenina5-3"]]
    assert numbers(db, "жильцов петр и") == [town.numbers["lenina5-3"]]
    assert numbers(db, "Пётр Жильцов") == [town.numbers["lenina5-3"]]  # word by word
    assert numbers(db, "Жильцов Орлов") == []


def test_names_and_addresses_with_apostrophes_quotes_and_signs_are_found(
        db: Database, town: LookupTown) -> None:
    """Statements are parameterised: the characters of real names and addresses are searched
    for, not refused as «suspected injection» (issue 16, item 9)."""
    onil = town.town.account(flat="7", surname="О'Нил").number
    zarya = town.town.add_building("3/2", street="ул. «Заря»")
    dash = town.town.account(flat="4", surname="Салтыков-Щедрин", building_id=zarya).number
    rebuild_search_index(db)
    assert numbers(db, "О'Нил") == [onil]
    assert numbers(db, "о'нил") == [onil]
    assert numbers(db, "О’Нил") == [onil]  # the typographic apostrophe
    assert numbers(db, "Салтыков-Щедрин") == [dash]
    assert numbers(db, "«Заря» 3/2, кв. 4") == [dash]
    assert numbers(db, '"Заря" д. 3/2 № 4') == [dash]
    # what used to be refused as an injection is only text: nothing found, nothing broken
    for text in ("; DROP TABLE account; --", "1' OR '1'='1"):
        assert numbers(db, text) == []
    assert numbers(db, "Ленина = 5")[:1] == [town.numbers["lenina5-1"]]
    assert numbers(db, town.numbers["lenina5-1"]) == [town.numbers["lenina5-1"]]
