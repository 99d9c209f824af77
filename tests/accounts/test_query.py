"""Understanding the typed text (pure: no database)."""

from __future__ import annotations

import pytest

from app.accounts.query import Query, parse
from app.errors import DomainError


@pytest.mark.parametrize("text, expected", [
    ("Ленина 5 12", Query("address", street=("ленина",), house="5", flat="12")),
    ("ленина 5-12", Query("address", street=("ленина",), house="5", flat="12")),
    ("ул. Ленина, д. 5, кв. 12", Query("address", street=("ленина",), house="5", flat="12")),
    ("Ленина д5 кв12", Query("address", street=("ленина",), house="5", flat="12")),
    ("Ленина 5 к1 кв 7", Query("address", street=("ленина",), house="5к1", flat="7")),
    ("Ленина кв 7", Query("address", street=("ленина",), flat="7")),
    ("Карла Маркса 10к1 5",
     Query("address", street=("карла", "маркса"), house="10к1", flat="5")),
    ("8 Марта 3", Query("address", street=("8", "марта"), house="3")),
    ("5 12", Query("address", house="5", flat="12")),
    ("Победы 34 Н1", Query("address", street=("победы",), house="34", flat="н1")),
    ("Ленина 5 12 Иванов",
     Query("address", street=("ленина",), house="5", flat="12", extra=("иванов",))),
    ("Иванов Пётр", Query("words", words=("иванов", "петр"))),
    ("Иван", Query("words", words=("иван",))),
    ("0000", Query("number", number="0000")),
    ("0000010019", Query("number", number="0000010019", exact_number=True)),
    ("000 001 001 9", Query("number", number="0000010019", exact_number=True)),
    ("12", Query("empty")),
    ("", Query("empty")),
])
def test_parse(text: str, expected: Query) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["0000010010", "1" * 11, "x" * 101, "!!!", "---", "«»",
                                  "Иван\x00", "\x1bИван", "Иван\udc00"])
def test_absurd_or_mistyped(text: str) -> None:
    with pytest.raises(DomainError) as exc:
        parse(text)
    assert exc.value.message and exc.value.message[0].isupper()


@pytest.mark.parametrize("text, words", [
    ("О'Нил", ("о", "нил")), ("Салтыков-Щедрин", ("салтыков", "щедрин")),
    ("«Заря»", ("заря",)), ("a;b", ("a", "b")), ("SELECT * FROM account",
                                                 ("select", "from", "account")),
])
def test_characters_of_names_and_addresses_are_not_refused(text: str,
                                                           words: tuple[str, ...]) -> None:
    assert parse(text) == Query("words", words=words)
