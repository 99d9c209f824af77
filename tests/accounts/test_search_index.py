"""The lookup index: which words an account is found by, bulk rebuild and single refresh."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.accounts.lookup import lookup
from app.accounts.search_index import (
    FLAT,
    HOUSE,
    NAME,
    NUMBER,
    PERSON,
    STREET,
    account_tokens,
    building_tokens,
    index_account,
    rebuild_search_index,
)
from app.accounts.text import house_tokens, prefix_range, street_words
from app.db import Database
from app.models import Account, AccountSearchToken
from app.rights import SYSTEM
from tests.factories import TownFactory


def test_street_words_drop_the_street_type() -> None:
    assert street_words("ул. Карла Маркса") == ["карла", "маркса"]
    assert street_words("Ленинский пр-т") == ["ленинский"]
    assert street_words("пер. Садовый") == ["садовый"]
    assert street_words("улица Алёны Фёдоровой") == ["алены", "федоровой"]


def test_house_is_found_by_its_number_too() -> None:
    assert house_tokens("5к1") == ["5к1", "5"]
    assert house_tokens("12А") == ["12а", "12"]
    assert house_tokens("5") == ["5"]


def test_account_tokens_cover_every_field() -> None:
    rows = account_tokens(7, "0000010019", "12", ["Семёнова Алёна Петровна"],
                          building_tokens("ул. Ленина", "5к1"))
    assert rows == {("0000010019", 7, NUMBER), ("семенова", 7, NAME), ("алена", 7, NAME),
                    ("петровна", 7, NAME), ("семенова алена петровна", 7, PERSON),
                    ("ленина", 7, STREET), ("5к1", 7, HOUSE), ("5", 7, HOUSE), ("12", 7, FLAT)}


def test_prefix_range_is_exactly_starts_with_on_the_database(db: Database) -> None:
    """The database orders tokens by code point (PostgreSQL: the column's "C" collation), so
    the range form used by lookup is exactly "starts with", whatever the database's locale."""
    acc = TownFactory(db).build().account()
    words = ["иль", "иля", "иляс", "илям", "илья", "им", "ил", "илязз", "иляa", "иля1",
             "ilya", "иляё", "илязь", "я", "яя", "ё", "е", "еж", "ежь", "иля-"]
    with db.sessions() as s, s.begin():
        s.add_all(AccountSearchToken(token=w, account_id=acc.id, field=NAME) for w in words)
    for prefix in ["иля", "е", "я", "ил", "иль", "иляз"]:
        lo, hi = prefix_range(prefix)
        with db.session() as s:
            got = set(s.scalars(select(AccountSearchToken.token).where(
                AccountSearchToken.token >= lo, AccountSearchToken.token < hi)))
        assert got == {w for w in words if w.startswith(prefix)}, prefix


def test_rebuild_indexes_current_residents_and_replaces_old_rows(db: Database) -> None:
    town = TownFactory(db).build()
    acc = town.account(surname="Орлов")
    town.resident(acc.id, date(2021, 1, 1), surname="Жильцов")
    town.resident(acc.id, date(2019, 1, 1), date(2020, 1, 1), surname="Выбывший")
    rebuild_search_index(db, today=date(2026, 11, 1))
    rebuild_search_index(db, today=date(2026, 11, 1))  # twice: nothing doubles
    with db.session() as s:
        tokens = set(s.scalars(select(AccountSearchToken.token)
                               .where(AccountSearchToken.account_id == acc.id)))
    assert {"орлов", "жильцов", acc.number, "ленина", "5"} <= tokens
    assert "выбывший" not in tokens
    assert [h.number for h in lookup(db, SYSTEM, "Жильц")] == [acc.number]


def test_index_account_follows_a_changed_payer(db: Database) -> None:
    town = TownFactory(db).build()
    acc = town.account(surname="Орлов")
    rebuild_search_index(db)
    with db.sessions() as s, s.begin():
        s.get_one(Account, acc.id).payer_name = "Новикова Анна Сергеевна"
        index_account(s, acc.id)
    assert [h.number for h in lookup(db, SYSTEM, "Новикова")] == [acc.number]
    assert [h.payer_name for h in lookup(db, SYSTEM, "Ленина 5 1")] == ["Новикова Анна Сергеевна"]
