"""Personal account numbers: 9 digits of serial + 1 check digit (the Damm algorithm).

Damm's check digit catches every single-digit error and every transposition of adjacent digits
(the check digit included) — exactly the mistakes a cashier's typing produces. Luhn and
ISO 7064 MOD 11-10 each let some transpositions through.
"""

from __future__ import annotations

# the weakly totally anti-symmetric quasigroup of order 10 from Damm's thesis (2004)
_TABLE = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

_WRONG_DIGIT = "Неверная контрольная цифра лицевого счёта {number}: проверьте номер"


def check_digit(body: str) -> int:
    interim = 0
    for ch in body:
        interim = _TABLE[interim][int(ch)]
    return interim


def make_account_number(serial: int) -> str:
    if not 0 < serial < 10**9:
        raise ValueError(f"serial out of range: {serial}")
    body = f"{serial:09d}"
    return body + str(check_digit(body))


def check_account_number(text: str) -> str:
    """Return the number, stripped; raise ValueError with the operator's message otherwise."""
    number = text.strip().replace(" ", "").replace("-", "")
    if not number.isdigit() or len(number) != 10:
        raise ValueError(f"Номер лицевого счёта — 10 цифр, а введено «{text.strip()}»")
    if check_digit(number) != 0:
        raise ValueError(_WRONG_DIGIT.format(number=number))
    return number


def is_valid_account_number(text: str) -> bool:
    try:
        check_account_number(text)
    except ValueError:
        return False
    return True
