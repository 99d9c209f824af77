"""Money as integer kopecks: rounding, proportional splits, parsing and formatting.

Every rounding of money in Kvartal goes through this module so the rule lives in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

Kopecks = int

_NBSP = "\u00a0"
_ONE = Decimal(1)  # the kopeck; built once: round_kopecks runs for every charge line


def round_kopecks(value: Decimal) -> Kopecks:
    """Half-up to the kopeck; `value` is already in kopecks."""
    return int(value.quantize(_ONE, ROUND_HALF_UP))


def rubles_to_kopecks(value: Decimal) -> Kopecks:
    """Half-up to the kopeck from an exact amount in roubles."""
    return round_kopecks(value * 100)


def split_by_weights(amount: Kopecks, weights: Sequence[int | Decimal]) -> list[Kopecks]:
    """Split `amount` in proportion to `weights` so the parts sum exactly to it.

    Each part gets the floor of its exact share; the remaining kopecks go one by one to the parts
    with the largest fractional remainders, ties to the earlier part (DOMAIN.md, Money and
    rounding).
    Works for negative amounts too (a refund splits like a payment, with the sign flipped).
    """
    if not weights:
        raise ValueError("no parts to split into")
    if any(Decimal(w) < 0 for w in weights):
        raise ValueError("weights must not be negative")
    total = sum((Decimal(w) for w in weights), Decimal(0))
    if amount < 0:
        return [-p for p in split_by_weights(-amount, weights)]
    if total == 0:
        # nothing to weigh by: everything to the first part keeps the sum exact
        return [amount] + [0] * (len(weights) - 1)
    exact = [Decimal(amount) * Decimal(w) / total for w in weights]
    parts = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    left = amount - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def format_rub(amount: Kopecks, *, sign: bool = False, currency: bool = True) -> str:
    """'1 234,56 ₽' with a non-breaking thousands space, as the operator reads it."""
    neg = amount < 0
    rub, kop = divmod(abs(amount), 100)
    groups = f"{rub:,}".replace(",", _NBSP)
    text = f"{groups},{kop:02d}"
    if neg:
        text = "−" + text
    elif sign and amount > 0:
        text = "+" + text
    return f"{text}{_NBSP}₽" if currency else text


def parse_rub(text: str) -> Kopecks:
    """Parse what an operator types: '1234,56', '1 234.5', '1234' → kopecks. Raises ValueError."""
    cleaned = (
        text.strip()
        .replace(_NBSP, "")
        .replace(" ", "")
        .replace("₽", "")
        .replace("руб.", "")
        .replace("−", "-")
        .replace(",", ".")
    )
    if not cleaned:
        raise ValueError("Сумма не указана")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"Не похоже на сумму: «{text}»") from None
    if not value.is_finite():
        raise ValueError(f"Не похоже на сумму: «{text}»")
    try:
        exact = value.quantize(Decimal("0.01"))
    except InvalidOperation:  # more digits than the context holds: 10²⁶ ₽ and beyond
        raise ValueError(f"Слишком большая сумма: «{text}»") from None
    if value != exact:
        raise ValueError(f"Больше двух знаков после запятой: «{text}»")
    return int(value * 100)
