"""The kept penalty state (app/penalties/kept.py) gives what the whole ledger gives.

Random histories of one account over six months — charges and negative charges, recalculations,
debts of an earlier month arriving late, payments named by debt, by period, by nothing, by a
month not charged yet, dated back, reversed — are posted month by month the way the monthly
posting keeps them (advance period by period, rebuilt when the state refuses, stored as JSON
and read back), and on each month's last day every service's penalty equals the full
calculation's from the whole ledger.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.calc.penalty_tables import federal_defaults
from app.calc.period import Period
from app.penalties.calculate import Clocks, ledger_lines
from app.penalties.kept import KeptAccount, PeriodRow, Stale, from_lines
from app.penalties.ledger import AccountLedger
from app.penalties.rules import RuleBook

FIRST = Period(2025, 11)
MONTHS = [FIRST.shift(i) for i in range(7)]
CAPITAL = {1: False, 2: False, 3: True}  # service 3: capital repair (1/300 from day one)
BOOK = RuleBook(federal_defaults())

keys = st.tuples(st.sampled_from(sorted(CAPITAL)), st.sampled_from([None, 7]))


@st.composite
def month_rows(draw: st.DrawFn, index: int) -> list[PeriodRow]:
    p = MONTHS[index]
    rows: list[PeriodRow] = []
    for svc, sup in draw(st.lists(keys, min_size=0, max_size=4)):
        kind = draw(st.sampled_from(["charge", "charge", "charge", "recalculation",
                                     "opening_balance"]))
        ref = p.code
        if kind != "recalculation" and index and draw(st.integers(0, 19)) == 0:
            ref = MONTHS[draw(st.integers(0, index - 1))].code  # a debt of an earlier month
        rows.append((kind, ref, svc, sup, p.last_day,
                     draw(st.integers(-50_000, 900_000))))
    for svc, sup in draw(st.lists(keys, min_size=0, max_size=4)):
        named = draw(st.sampled_from(["debt", "debt", "debt", "period", "none", "none", "ahead"]))
        ref = (None if named == "none" else MONTHS[min(index + 1, len(MONTHS) - 1)].code
               if named == "ahead" else MONTHS[draw(st.integers(max(index - 3, 0), index))].code)
        month = p.shift(draw(st.sampled_from([0, 0, 0, 0, 0, 0, 1, -1])))  # late, or dated back
        day = date(month.year, month.month, draw(st.integers(1, 28)))
        amount = draw(st.integers(1, 700_000))
        if draw(st.integers(0, 12)) == 0:
            amount = -amount  # a reversal
        rows.append(("payment", ref, svc, sup if named == "debt" else draw(
            st.sampled_from([None, 7])), day, -amount))
    return rows


def full_ledger(history: list[list[PeriodRow]], through: int) -> AccountLedger:
    """What `read_ledgers` reads: debts summed by the period they are owed for, payments."""
    led = AccountLedger()
    debts: dict[tuple[int, int, int | None], int] = defaultdict(int)
    for index, rows in enumerate(history[:through + 1]):
        code = MONTHS[index].code
        for kind, ref, svc, sup, day, amount in rows:
            if kind == "payment":
                led.payments.append((day, ref, svc, sup, -amount))
            else:
                owed = (ref or code) if kind in ("charge", "opening_balance") else code
                debts[(owed, svc, sup)] += amount
    led.debts = dict(debts)
    return led


def kept_penalties(history: list[list[PeriodRow]], month: int, clocks: Clocks,
                   state: KeptAccount | None) -> tuple[object, KeptAccount | None]:
    """The posting of `month` from the state kept through the month before (None: no state);
    returns the penalties (None: the state could not take it) and the state to keep."""
    before = month - 1
    if before >= 0:
        if state is None:
            state = KeptAccount.rebuilt(full_ledger(history, before), {}, MONTHS[before].code,
                                        None, clocks, CAPITAL)
        else:
            try:
                state.advance(MONTHS[before].code, history[before])
            except Stale:
                state = KeptAccount.rebuilt(full_ledger(history, before), {},
                                            MONTHS[before].code, None, clocks, CAPITAL)
        state = KeptAccount.from_json(state.to_json(), state.period, None, clocks, CAPITAL)
        now = KeptAccount.from_json(state.to_json(), state.period, None, clocks, CAPITAL)
    else:
        now = KeptAccount(MONTHS[0].prev().code, None, clocks, CAPITAL)
    on = MONTHS[month].last_day
    try:
        now.advance(MONTHS[month].code, history[month])
    except Stale:
        return None, state
    if now.book.through is not None and now.book.through > on:
        return None, state
    return now.penalties(on), state


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(*(month_rows(i) for i in range(len(MONTHS)))))
def test_the_kept_state_gives_the_whole_ledgers_penalty(history: tuple[list[PeriodRow], ...]
                                                        ) -> None:
    rows = list(history)
    state: KeptAccount | None = None
    for month in range(len(MONTHS)):
        clocks = Clocks(BOOK, MONTHS[month].last_day)
        got, state = kept_penalties(rows, month, clocks, state)
        if got is None:  # the posting takes the whole ledger for this account
            continue
        full = from_lines(ledger_lines(full_ledger(rows, month), None, clocks, CAPITAL))
        assert got == full, MONTHS[month]


def test_a_payment_dated_before_one_already_taken_makes_the_state_refuse() -> None:
    clocks = Clocks(BOOK, MONTHS[2].last_day)
    feb, mar = MONTHS[0], MONTHS[1]
    kept = KeptAccount.rebuilt(AccountLedger({(feb.code, 1, 7): 100_000},
                                             [(date(2025, 12, 20), feb.code, 1, 7, 50_000)]),
                               {}, feb.code, None, clocks, CAPITAL)
    try:
        kept.advance(mar.code, [("payment", None, 1, 7, date(2025, 12, 5), -10_000)])
    except Stale:
        return
    raise AssertionError("a back-dated payment was taken out of order")
