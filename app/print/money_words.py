"""Amounts in figures and in words, as certificates write them:
«1 234,56 ₽ (одна тысяча двести тридцать четыре рубля 56 копеек)»."""

from __future__ import annotations

from num2words import num2words

from app.calc.money import format_rub


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian noun form for a count: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def rub_in_words(amount: int) -> str:
    """«Одна тысяча двести тридцать четыре рубля 56 копеек» for 123456 kopecks; a negative
    amount is said with «минус»."""
    rub, kop = divmod(abs(amount), 100)
    words = num2words(rub, lang="ru")
    text = (f"{words} {plural(rub, 'рубль', 'рубля', 'рублей')} "
            f"{kop:02d} {plural(kop, 'копейка', 'копейки', 'копеек')}")
    if amount < 0:
        text = "минус " + text
    return text[0].upper() + text[1:]


def rub_in_figures_and_words(amount: int) -> str:
    words = rub_in_words(amount)
    return f"{format_rub(amount)} ({words[0].lower()}{words[1:]})"
