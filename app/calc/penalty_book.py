"""One account's debts and the payments that settled them, taken in the order they were made.

A payment settles the debt its document named (period, service and supplier), then the rest of
the named period in proportion to what is left of its services, then the oldest debts first,
proportionally across a period's services (DOMAIN.md «Penalties», «Payment split»); what finds
no debt waits as an advance and goes to the next debts that arrive.

The full penalty calculation gives the book a whole ledger at once (every debt, then every
payment by date). The monthly posting keeps the book between months and gives it one period's
operations at a time: both orders allocate alike as long as a new payment is not dated before
the ones already taken and no payment names a period the book has not seen — the caller checks
both (`through`, `named_ahead`) and rebuilds the book from the ledger when they fail.

    book = DebtBook()
    book.add_debt((202602, 7, 3), 1_000_000)
    book.pay(date(2026, 4, 20), 202602, 7, 3, 400_000, on_part)   # on_part(key, day, part, settled)
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import date

from app.calc.money import split_by_weights

DebtKey = tuple[int, int, int | None]  # period code, service, supplier
PartSink = Callable[[DebtKey, date, int, bool], None]  # key, paid on, kopecks, settled in full


def debt_order(key: DebtKey) -> tuple[int, int, int]:
    """Oldest period first; a debt with no supplier (a transfer, a correction) sorts first."""
    return key[0], key[1], key[2] or 0


class DebtBook:
    """Open debts (what is left of each), waiting advances and the newest payment date taken."""

    __slots__ = ("advances", "left", "periods", "through")

    def __init__(self) -> None:
        self.left: dict[DebtKey, int] = {}  # open debts only
        self.periods: dict[int, list[DebtKey]] = {}  # period code → its open debts, debt order
        self.advances: list[tuple[date, int]] = []
        self.through: date | None = None

    def add_debt(self, key: DebtKey, amount: int) -> None:
        """A debt (its whole amount) that payments may settle; nothing owed adds nothing."""
        if amount <= 0:
            return
        self.left[key] = amount
        keys = self.periods.setdefault(key[0], [])
        bisect.insort(keys, key, key=debt_order)

    def take_advances(self, on_part: PartSink) -> None:
        """Waiting advances go to the debts added since, oldest first, on the day they were paid."""
        waiting, self.advances = self.advances, []
        for i, (day, amount) in enumerate(waiting):
            if not self.periods:  # nothing owed: the rest keeps waiting as it was
                self.advances.extend(waiting[i:])
                break
            rest = self._oldest_first(day, amount, on_part)
            if rest > 0:
                self.advances.append((day, rest))

    def pay(self, day: date, ref: int | None, service: int, supplier: int | None, amount: int,
            on_part: PartSink) -> None:
        if amount <= 0:  # a cancellation's reversal gives nothing to settle
            return
        if self.through is None or day > self.through:
            self.through = day
        rest = amount
        if ref is not None:
            key = (ref, service, supplier)
            left = self.left.get(key)
            if left:
                part = min(rest, left)
                self._take(key, day, part, on_part)
                rest -= part
            if rest > 0 and ref in self.periods:
                rest = self._spread(ref, day, rest, on_part)
        rest = self._oldest_first(day, rest, on_part)
        if rest > 0:
            self.advances.append((day, rest))

    def _oldest_first(self, day: date, rest: int, on_part: PartSink) -> int:
        for code in sorted(self.periods):
            if rest <= 0:
                break
            rest = self._spread(code, day, rest, on_part)
        return rest

    def _spread(self, code: int, day: date, rest: int, on_part: PartSink) -> int:
        keys = list(self.periods[code])
        weights = [self.left[k] for k in keys]
        owed = sum(weights)
        take = min(rest, owed)
        # all of it, or one debt: the split's own result, without computing it
        parts = weights if take == owed else [take] if len(keys) == 1 else split_by_weights(
            take, weights)
        for key, part in zip(keys, parts, strict=True):
            if part:
                self._take(key, day, part, on_part)
        return rest - take

    def _take(self, key: DebtKey, day: date, part: int, on_part: PartSink) -> None:
        left = self.left[key] - part
        if left:
            self.left[key] = left
        else:
            del self.left[key]
            keys = self.periods[key[0]]
            keys.remove(key)
            if not keys:
                del self.periods[key[0]]
        on_part(key, day, part, not left)
