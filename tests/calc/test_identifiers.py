"""Account numbers (Damm check digit) and СНИЛС."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.calc.account_number import (
    account_serial,
    check_account_number,
    is_valid_account_number,
    make_account_number,
)
from app.calc.snils import check_snils, format_snils, is_valid_snils, snils_control


def test_make_and_check() -> None:
    number = make_account_number(1)
    assert len(number) == 10 and number.startswith("000000001")
    check_account_number(number)
    assert account_serial(number) == 1


def test_the_scenario_number_is_valid() -> None:
    assert make_account_number(1) == "0000000013"


def test_wrong_check_digit_message() -> None:
    good = make_account_number(123456789)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(ValueError, match=f"Неверная контрольная цифра лицевого счёта {bad}"):
        check_account_number(bad)


@pytest.mark.parametrize("text", ["", "123", "12345678901", "12345abcde", "１２３４５６７８９０"])
def test_malformed(text: str) -> None:
    assert not is_valid_account_number(text)


def test_serial_range() -> None:
    with pytest.raises(ValueError):
        make_account_number(0)
    with pytest.raises(ValueError):
        make_account_number(10**9)


@given(st.integers(min_value=1, max_value=10**9 - 1))
def test_every_single_digit_substitution_is_caught(serial: int) -> None:
    number = make_account_number(serial)
    for i in range(10):
        for d in "0123456789":
            if d != number[i]:
                assert not is_valid_account_number(number[:i] + d + number[i + 1:])


@given(st.integers(min_value=1, max_value=10**9 - 1))
def test_every_adjacent_transposition_is_caught(serial: int) -> None:
    number = make_account_number(serial)
    for i in range(9):
        if number[i] != number[i + 1]:
            swapped = number[:i] + number[i + 1] + number[i] + number[i + 2:]
            assert not is_valid_account_number(swapped)


def test_all_digit_pairs_transposed_are_caught() -> None:
    # exhaustive over the pair (a, b) in every position of a fixed body: the Damm property
    for a in range(10):
        for b in range(10):
            if a == b:
                continue
            for pos in range(8):
                body = ["1"] * 9
                body[pos], body[pos + 1] = str(a), str(b)
                number = make_account_number(int("".join(body)))
                swapped = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2:]
                assert not is_valid_account_number(swapped)


def test_snils_known_valid() -> None:
    check_snils("112-233-445 95")
    assert is_valid_snils("11223344595")
    assert format_snils("11223344595") == "112-233-445 95"


def test_snils_wrong_control() -> None:
    with pytest.raises(ValueError, match="Неверные контрольные цифры СНИЛС 112-233-445 96"):
        check_snils("112-233-445 96")


def test_snils_control_rules() -> None:
    assert snils_control("000000001") == 1
    # sums of 100 and 101 give 00; above 101: mod 101 (and 100 → 00)
    assert snils_control("920000003") == 0  # sum 100
    assert snils_control("920000004") == 0  # sum 101
    assert snils_control("920000005") == 1  # sum 102 → 102 mod 101
    assert snils_control("996100000") == 0  # sum 201 → mod 101 = 100 → 00
    for body in ("999999999", "123456789"):
        total = sum(int(d) * (9 - i) for i, d in enumerate(body))
        expected = total if total < 100 else 0 if total in (100, 101) else total % 101 % 100
        assert snils_control(body) == expected


def test_small_snils_are_not_checked() -> None:
    assert is_valid_snils("001-001-998 00")
    assert snils_control("001001999") != 0
    assert not is_valid_snils("001-001-999 00")


def test_snils_format_errors() -> None:
    assert not is_valid_snils("123")


def test_spaces_and_dashes_are_tolerated_and_the_number_returned() -> None:
    number = make_account_number(42)
    assert check_account_number(f" {number[:3]}-{number[3:6]} {number[6:]} ") == number
