"""Debts folded from ledger sums (hypothesis): per service and supplier the debts add up to the
positive balance, never exceed a period's own amount, and credit clears the oldest first."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from app.cashdesk.debts import LedgerSum, fold_outstanding

PERIODS = [202601, 202602, 202603, 202604]
row = st.tuples(
    st.sampled_from([1, 2]),  # service
    st.sampled_from([0, 7]),  # supplier
    st.sampled_from(["charge", "penalty", "recalculation", "payment"]),
    st.sampled_from(PERIODS),
    st.booleans(),
    st.integers(-50_000, 50_000),
)


@given(st.lists(row, max_size=30))
def test_debts_add_up_to_the_positive_balance_oldest_cleared_first(rows: list[LedgerSum]
                                                                    ) -> None:
    rows = [(s, sup, k, p, adv and k == "payment", a) for s, sup, k, p, adv, a in rows]
    out = fold_outstanding(rows)
    net: dict[tuple[int, int], int] = defaultdict(int)
    own: dict[tuple[int, int, int], int] = defaultdict(int)
    for s, sup, _kind, p, adv, a in rows:
        net[(s, sup)] += a
        if not adv or a > 0:  # an advance given back is owed in its posting period
            own[(s, sup, p)] += a
    by_key: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for d in out.debts:
        assert d.amount > 0
        key = (int(d.service_code), int(d.supplier_key or 0))
        assert d.amount <= own[(*key, d.period.code)]
        by_key[key].append((d.period.code, d.amount))
    for key, balance in net.items():
        assert sum(a for _, a in by_key.get(key, [])) == max(balance, 0)
        # credit clears the oldest first: only the oldest debt left may be partly paid
        for p, a in sorted(by_key.get(key, []))[1:]:
            assert a == own[(*key, p)]
