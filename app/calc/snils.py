"""СНИЛС: 9 digits + 2 control digits (Пенсионный фонд, DOMAIN.md Passport office).

sum = Σ digit_i × (10 − i), i = 1..9; control = sum if sum < 100; 00 if sum is 100 or 101;
otherwise sum mod 101 (and 100 → 00). Numbers up to 001-001-998 are not checked.
"""

from __future__ import annotations

import re

_MIN_CHECKED = 1_001_998


def snils_control(body: str) -> int:
    total = sum(int(d) * (9 - i) for i, d in enumerate(body))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    control = total % 101
    return 0 if control == 100 else control


def normalize_snils(text: str) -> str:
    """'123-456-789 64' / '12345678964' → '12345678964' (ValueError if not 11 digits)."""
    digits = re.sub(r"[\s\-]", "", text)
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"СНИЛС должен состоять из 11 цифр: «{text}»")
    return digits


def check_snils(text: str) -> None:
    digits = normalize_snils(text)
    body = digits[:9]
    if int(body) <= _MIN_CHECKED:
        return
    if snils_control(body) != int(digits[9:]):
        raise ValueError(f"Неверные контрольные цифры СНИЛС {format_snils(digits)}")


def is_valid_snils(text: str) -> bool:
    try:
        check_snils(text)
    except ValueError:
        return False
    return True


def format_snils(text: str) -> str:
    d = normalize_snils(text)
    return f"{d[:3]}-{d[3:6]}-{d[6:9]} {d[9:]}"
