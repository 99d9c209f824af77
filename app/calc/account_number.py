"""10-digit personal account number: a 9-digit serial and a check digit.

The check digit is the Damm algorithm's (H. M. Damm, 2004): a totally anti-symmetric quasigroup of
order 10 that detects every single-digit substitution and every transposition of adjacent digits —
Luhn misses 09↔90, and ISO 7064 MOD 11-10 misses some adjacent transpositions (we measured it).
Check digit = the interim digit after feeding the serial through the table; a number is valid when
feeding all ten digits ends at 0.
"""

from __future__ import annotations

_DAMM = (
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

SERIAL_DIGITS = 9
MAX_SERIAL = 10**SERIAL_DIGITS - 1


def damm_digit(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return interim


check_digit = damm_digit  # the name the first version of this module exported


def make_account_number(serial: int) -> str:
    """'000001234' + check digit; serial 1..999 999 999."""
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"Номер лицевого счёта вне диапазона: {serial}")
    body = f"{serial:09d}"
    return body + str(damm_digit(body))


def check_account_number(text: str) -> str:
    """The number without spaces and dashes; ValueError with the operator's message if invalid."""
    number = text.strip().replace(" ", "").replace("-", "")
    if len(number) != SERIAL_DIGITS + 1 or not number.isascii() or not number.isdigit():
        raise ValueError(f"Номер лицевого счёта — 10 цифр, а введено «{text.strip()}»")
    if damm_digit(number) != 0:
        raise ValueError(f"Неверная контрольная цифра лицевого счёта {number}")
    return number


def is_valid_account_number(text: str) -> bool:
    try:
        check_account_number(text)
    except ValueError:
        return False
    return True


def account_serial(text: str) -> int:
    """The serial inside a valid number (raises like `check_account_number`)."""
    return int(check_account_number(text)[:SERIAL_DIGITS])
