"""How names and addresses become search words: one normalisation for the index and the query.

Lower case, ё→е, words of letters or digits. Street type designators (ул., пр-т, пер. …) are not
words an operator searches by; a house "5к1" is found as "5к1" and as "5".
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[0-9a-zа-я]+")
_LEADING_DIGITS = re.compile(r"\d+")

# written before or after the name: "ул. Ленина", "Ленинский пр-т", "пер. Садовый"
STREET_TYPES = frozenset({
    "ул", "улица", "пр", "пр-т", "просп", "проспект", "пер", "переулок", "б-р", "бул",
    "бульвар", "ш", "шоссе", "пл", "площадь", "наб", "набережная", "пр-д", "проезд", "туп",
    "тупик", "мкр", "мкр-н", "микрорайон", "ал", "аллея", "линия", "кв-л", "квартал", "тракт",
    "спуск", "въезд", "тер", "территория", "пос", "поселок", "г", "город",
})

MAX_TOKEN = 64  # AccountSearchToken.token length


def normalize(text: str) -> str:
    return text.lower().replace("ё", "е")


def words(text: str) -> list[str]:
    """The searchable words of a name or any text, in order, normalised, at most 64 chars."""
    return [w[:MAX_TOKEN] for w in _WORD.findall(normalize(text))]


def street_words(street: str) -> list[str]:
    """Words of a street name without its type: "ул. Карла Маркса" → ["карла", "маркса"]."""
    out: list[str] = []
    for chunk in normalize(street).split():
        if chunk.strip(".,") in STREET_TYPES:
            continue
        out.extend(w[:MAX_TOKEN] for w in _WORD.findall(chunk))
    return out


def street_key(street: str) -> str:
    """Streets sort by name, not by type: "Ленина" before "пр-т Мира"."""
    return " ".join(street_words(street))


def house_tokens(house: str) -> list[str]:
    """"5к1" → ["5к1", "5"]; "12А" → ["12а", "12"]; "5" → ["5"]."""
    compact = "".join(_WORD.findall(normalize(house)))[:MAX_TOKEN]
    if not compact:
        return []
    out = [compact]
    m = _LEADING_DIGITS.match(compact)
    if m and m.group() != compact:
        out.append(m.group())
    return out


def flat_token(number: str) -> str | None:
    """A premise number as one word: "12" → "12", "12А" → "12а", "н/п 3" → "нп3"."""
    compact = "".join(_WORD.findall(normalize(number)))[:MAX_TOKEN]
    return compact or None


def natural_key(value: str) -> tuple[int, int, str]:
    """Sort "2" before "10" and "5" before "5к1": (has no leading number, number, rest)."""
    norm = normalize(value).strip()
    m = _LEADING_DIGITS.match(norm)
    if not m:
        return (1, 0, norm)
    return (0, int(m.group()), norm[m.end():])


def prefix_range(prefix: str) -> tuple[str, str]:
    """[lo, hi) holding exactly the strings that start with `prefix`, in code point order."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def address_line(street: str, house: str, premise_number: str, premise_kind: str) -> str:
    """"ул. Ленина, д. 5, кв. 12"; a non-residential premise is "пом. 3"."""
    label = "кв." if premise_kind == "flat" else "пом."
    return f"{street}, д. {house}, {label} {premise_number}"
