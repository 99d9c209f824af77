"""Amounts in words: the Russian forms of рубль and копейка by count."""

from __future__ import annotations

import pytest

from app.print.money_words import rub_in_figures_and_words, rub_in_words


@pytest.mark.parametrize("kopecks, words", [
    (0, "Ноль рублей 00 копеек"),
    (101, "Один рубль 01 копейка"),
    (2102, "Двадцать один рубль 02 копейки"),
    (1105, "Одиннадцать рублей 05 копеек"),
    (123456, "Одна тысяча двести тридцать четыре рубля 56 копеек"),
    (100000021, "Один миллион рублей 21 копейка"),
    (-1250, "Минус двенадцать рублей 50 копеек"),
])
def test_amount_in_words(kopecks: int, words: str) -> None:
    assert rub_in_words(kopecks) == words


def test_figures_then_words() -> None:
    assert rub_in_figures_and_words(123456) == \
        "1\xa0234,56\xa0₽ (одна тысяча двести тридцать четыре рубля 56 копеек)"
