"""Recalculation of a closed period: `new − old` per service, with both bases (DOMAIN.md).

The billing run recomputes the closed period with corrected inputs (`calculate_account`) and posts
the differences in the open period, pointing at the corrected one. Services that appear or vanish
count from or to zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from app.calc.basis import Basis, ChargeLine
from app.calc.inputs import Key


class Recalculation(NamedTuple):
    service_code: str
    supplier_key: Key | None
    amount: int  # kopecks: new − old (negative: a reduction)
    old_basis: Basis | None
    new_basis: Basis | None


def recalculate(old: Sequence[ChargeLine], new: Sequence[ChargeLine]) -> list[Recalculation]:
    """Differences per (service, supplier), non-zero only, in the order the lines came."""
    before = {(line.service_code, line.supplier_key): line for line in old}
    after = {(line.service_code, line.supplier_key): line for line in new}
    out = []
    for key in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(key), after.get(key)
        delta = (now.amount if now else 0) - (was.amount if was else 0)
        if delta:
            out.append(Recalculation(key[0], key[1], delta, was.basis if was else None,
                                     now.basis if now else None))
    return out
