"""Splitting a payment between periods, services and suppliers (DOMAIN.md, Payment split).

- For a payment document: to the document's period, across its lines in proportion to their
  amounts (ПП 354 п. 118), unless the payer named amounts per service; anything beyond goes to the
  oldest debt first, then stays as an advance.
- Without a document: oldest debt first, proportionally across services within each period
  (ГК РФ ст. 319.1; Пленум ВС РФ №22 п. 32).

Kopecks are distributed by largest remainder (`money.split_by_weights`), ties to the earlier part,
so lines must be passed in the fixed order of services. Parts always sum to the payment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.calc.inputs import Key
from app.calc.money import split_by_weights
from app.calc.period import Period


@dataclass(frozen=True, slots=True)
class DocumentLine:
    service_code: str
    supplier_key: Key | None
    amount: int  # kopecks to pay for the service on the document


@dataclass(frozen=True, slots=True)
class Debt:
    period: Period
    service_code: str
    supplier_key: Key | None
    amount: int  # kopecks outstanding before this payment


@dataclass(frozen=True, slots=True)
class Allocation:
    """A part of the payment; `period` None is an advance on the account."""

    period: Period | None
    service_code: str | None
    supplier_key: Key | None
    amount: int

    @property
    def is_advance(self) -> bool:
        return self.period is None


def spread_oldest_first(amount: int, items: Sequence[tuple[Period, int]]) -> list[int]:
    """Give `amount` to (period, debt) items: oldest period first, proportionally to the debts
    within a period, never more than an item's debt. What does not fit is not returned."""
    out = [0] * len(items)
    rest = amount
    for period in sorted({p for p, _ in items}):
        if rest <= 0:
            break
        idx = [i for i, (p, debt) in enumerate(items) if p == period and debt > 0]
        total = sum(items[i][1] for i in idx)
        if total <= 0:
            continue
        take = min(rest, total)
        for i, part in zip(idx, split_by_weights(take, [items[i][1] for i in idx]), strict=True):
            out[i] += part
        rest -= take
    return out


def split_without_document(amount: int, debts: Sequence[Debt]) -> list[Allocation]:
    """Oldest debt first, proportionally within a period; the rest is an advance."""
    _check_amount(amount)
    parts = spread_oldest_first(amount, [(d.period, d.amount) for d in debts])
    allocs = [
        Allocation(d.period, d.service_code, d.supplier_key, part)
        for d, part in zip(debts, parts, strict=True)
        if part
    ]
    return _with_advance(amount, allocs)


def split_document_payment(
    amount: int,
    period: Period,
    lines: Sequence[DocumentLine],
    debts: Sequence[Debt] = (),
    named: Mapping[str, int] | None = None,
) -> list[Allocation]:
    """A payment for the document of `period`; `debts` (all periods, before this payment) take
    what exceeds the document; `named` are amounts the payer assigned to services."""
    _check_amount(amount)
    allocs: list[Allocation] = []
    if named:
        if sum(named.values()) > amount:
            raise ValueError("Сумма по услугам больше суммы платежа")
        suppliers = {line.service_code: line.supplier_key for line in lines}
        for code, part in named.items():
            if part < 0:
                raise ValueError(f"Отрицательная сумма по услуге {code}")
            if part:
                allocs.append(Allocation(period, code, suppliers.get(code), part))
    else:
        weights = [max(line.amount, 0) for line in lines]
        to_doc = min(amount, sum(weights))
        if to_doc > 0:
            for line, part in zip(lines, split_by_weights(to_doc, weights), strict=True):
                if part:
                    allocs.append(Allocation(period, line.service_code, line.supplier_key, part))
    excess = amount - sum(a.amount for a in allocs)
    if excess > 0 and debts:
        allocs.extend(split_without_document(excess, _left_after(debts, allocs, period)))
        allocs = [a for a in allocs if not a.is_advance]
    return _merge(_with_advance(amount, allocs))


def _left_after(debts: Sequence[Debt], allocs: list[Allocation], period: Period) -> list[Debt]:
    """Debts less what the document part already paid in its period (by service)."""
    paid: dict[str, int] = {}
    for a in allocs:
        if a.service_code is not None:
            paid[a.service_code] = paid.get(a.service_code, 0) + a.amount
    left = []
    for d in debts:
        amount = d.amount
        if d.period == period and d.service_code in paid:
            cut = min(paid[d.service_code], max(amount, 0))
            paid[d.service_code] -= cut
            amount -= cut
        left.append(Debt(d.period, d.service_code, d.supplier_key, amount))
    return left


def _with_advance(amount: int, allocs: list[Allocation]) -> list[Allocation]:
    rest = amount - sum(a.amount for a in allocs)
    if rest > 0:
        allocs.append(Allocation(None, None, None, rest))
    return allocs


def _merge(allocs: list[Allocation]) -> list[Allocation]:
    merged: dict[tuple[Period | None, str | None, Key | None], int] = {}
    for a in allocs:
        key = (a.period, a.service_code, a.supplier_key)
        merged[key] = merged.get(key, 0) + a.amount
    return [Allocation(p, s, k, amount) for (p, s, k), amount in merged.items()]


def _check_amount(amount: int) -> None:
    if amount < 0:
        raise ValueError("Сумма платежа не может быть отрицательной")
