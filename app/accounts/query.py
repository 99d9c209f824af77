"""What the operator typed into the lookup box, understood.

    "00000100"          → the beginning of an account number (3 digits or more)
    "0000010014"        → one account number; a wrong check digit is said so at once
    "Иван"              → words: each word the beginning of a name or street word
    "Ленина 5 12"       → street "ленина", house 5, flat 12 ("Ленина 5-12", "ул. Ленина д5 кв12")
    "5 12"              → house 5, flat 12 on any street
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.accounts.text import STREET_TYPES, normalize
from app.calc.account_number import check_account_number
from app.calc.bounds import text_problem
from app.errors import DomainError

MAX_TEXT = 100
MIN_NUMBER_PREFIX = 3

_HOUSE_LABELS = frozenset({"д", "дом"})
_FLAT_LABELS = frozenset({"кв", "квартира", "пом", "помещение", "оф", "офис"})
_BLOCK_LABELS = frozenset({"к", "корп", "корпус"})
_LABELLED = re.compile(r"^(д|дом|кв|квартира|пом|помещение|к|корп|корпус)\.?(\d\w*)$")
_PIECES = re.compile(r"\d+[a-zа-я]?(?=\d|$|[^0-9a-zа-я])|\d+|[a-zа-я]+")


@dataclass(frozen=True)
class Query:
    """The typed text, classified; exactly one of number / words / address applies."""

    kind: str  # "empty" | "number" | "words" | "address"
    number: str = ""  # digits: a prefix, or the whole number when exact
    exact_number: bool = False
    words: tuple[str, ...] = ()  # beginnings of names (and street words) every hit must have
    street: tuple[str, ...] = ()  # street words before the house, the last one typed is the key
    house: str | None = None
    flat: str | None = None
    extra: tuple[str, ...] = field(default=())  # words after the flat: names to filter by


def parse(text: str) -> Query:
    """Classify the text; absurd input raises DomainError with the operator's message."""
    if len(text) > MAX_TEXT:
        raise DomainError(
            f"Слишком длинный текст для поиска: можно не больше {MAX_TEXT} символов. "
            "Введите номер лицевого счёта, фамилию или адрес"
        )
    stripped = text.strip()
    if not stripped:
        return Query("empty")
    # any character a name or an address may hold is searched for (О'Нил, «Заря», 5/2, №):
    # the statements are parameterised; only what no keyboard types is refused
    problem = text_problem(stripped)
    if problem is not None:
        raise DomainError(f"Текст для поиска не принят: {problem}")
    norm = normalize(stripped)
    if not re.search(r"[0-9a-zа-я]", norm):
        raise DomainError(
            "В тексте для поиска нет ни букв, ни цифр. "
            "Введите номер лицевого счёта, фамилию или адрес"
        )
    number = _as_number(norm)
    if number is not None:
        return number
    return _as_words_and_address(_lex(norm))


def _as_number(norm: str) -> Query | None:
    if not re.fullmatch(r"[\d\s.-]+", norm):
        return None
    digits = re.sub(r"\D", "", norm)
    single = re.fullmatch(r"\d+", norm) is not None
    if len(digits) >= 10:
        try:
            check_account_number(digits)
            return Query("number", number=digits, exact_number=True)
        except ValueError as exc:
            raise DomainError(str(exc)) from None
    if single:
        if len(digits) < MIN_NUMBER_PREFIX:
            return Query("empty")  # one or two digits say nothing yet; wait for more
        return Query("number", number=digits)
    return None  # "5 12", "5-12": a house and a flat


Item = tuple[str, str, str]  # ("w"|"n", value, label: ""|"house"|"flat"|"block")


def _lex(norm: str) -> list[Item]:
    items: list[Item] = []
    label = ""
    for chunk in re.split(r"[\s,]+", norm):
        chunk = chunk.strip(".-/")
        if not chunk or chunk in STREET_TYPES:
            continue
        m = _LABELLED.match(chunk)
        if m:
            items.append(("n", m.group(2), _label(m.group(1))))
            continue
        if chunk in _HOUSE_LABELS | _FLAT_LABELS | _BLOCK_LABELS:
            label = _label(chunk)
            continue
        pair = re.fullmatch(r"(\d+[a-zа-я]?)-(\d+[a-zа-я]?)", chunk)
        if pair:  # "5-12": house and flat
            items += [("n", pair.group(1), label or "house"), ("n", pair.group(2), "flat")]
            label = ""
            continue
        # "5к1", "12а", "5/2"; and after a house, a non-residential premise: "н1", "оф12"
        after_number = bool(items) and items[-1][0] == "n"
        if re.fullmatch(r"\d[0-9a-zа-я/]*", chunk) or (
                after_number and re.fullmatch(r"[а-я]{1,3}\d+[а-я]?", chunk)):
            items.append(("n", chunk, label))
            label = ""
            continue
        for piece in _PIECES.findall(chunk):
            items.append(("n" if piece[0].isdigit() else "w", piece, ""))
    return items


def _label(word: str) -> str:
    if word in _HOUSE_LABELS:
        return "house"
    if word in _BLOCK_LABELS:
        return "block"
    return "flat"


def _as_words_and_address(items: list[Item]) -> Query:
    first_word = next((i for i, it in enumerate(items) if it[0] == "w"), None)
    if first_word is None:  # numbers only: "5 12", "д5 кв12"
        house, flat = _house_and_flat(items)
        if house is None and flat is None:
            return Query("empty")
        return Query("address", house=house, flat=flat)
    # numbers before the first word belong to the street name: "8 Марта 5 12"
    street = [v for k, v, _ in items[:first_word]]
    rest = items[first_word:]
    numbers_at = next((i for i, it in enumerate(rest) if it[0] == "n"), None)
    if numbers_at is None:
        return Query("words", words=tuple(street + [v for _, v, _ in rest]))
    street += [v for _, v, _ in rest[:numbers_at]]
    after = rest[numbers_at:]
    tail = next((i for i, it in enumerate(after) if it[0] == "w"), len(after))
    house, flat = _house_and_flat(after[:tail])
    extra = tuple(v for k, v, _ in after[tail:] if k == "w")
    if house is None and flat is None:
        return Query("words", words=tuple(street) + extra)
    return Query("address", street=tuple(street), house=house, flat=flat, extra=extra)


def _house_and_flat(items: list[Item]) -> tuple[str | None, str | None]:
    house: str | None = None
    flat: str | None = None
    for kind, value, label in items:
        if kind != "n":
            continue
        if label == "block" and house is not None:
            house += "к" + value
        elif label == "flat" or (label == "" and house is not None):
            flat = flat or value
        elif house is None:
            house = value
    return house, flat
