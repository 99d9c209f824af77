"""Keeping the penalty states (app/penalties/kept.py) up to the last closed period.

The monthly posting brings each account's state up to the period before its month (and
rebuilds the ones that cannot be brought: none kept, the rules or the company changed, an
operation out of order); closing a period brings the kept ones through it at once, so the
month's first posting reads only its own operations.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.billing.compute import paused_gc
from app.calc.period import Period
from app.errors import DomainError
from app.models import PenaltyState
from app.penalties.calculate import Clocks, companies_of, services
from app.penalties.kept import (
    KeptAccount,
    PeriodRow,
    Stale,
    capital_flags,
    load_states,
    posted_penalties,
    read_periods,
    rules_fingerprint,
    save_states,
)
from app.penalties.ledger import AccountLedger, read_ledgers
from app.penalties.rules import load_rules

CHUNK = 2000
Rows = dict[int, dict[int, list[PeriodRow]]]  # account → period → operations


class StateKeeper:
    """The rules and clocks of one calculation date, and the states kept under them."""

    def __init__(self, s: Session, on: date) -> None:
        self.s, self.on = s, on
        self.book, self.svc = load_rules(s), services(s)
        self.fingerprint = rules_fingerprint(self.book)
        self.clocks = Clocks(self.book, on)
        self.capital = capital_flags(self.svc)

    def brought_up(self, ids: list[int], company: dict[int, int | None], through: int,
                   up_to: int, *, rebuild: bool = True) -> tuple[dict[int, KeptAccount], Rows]:
        """Each account's state through the closed period `through`, saved where it changed,
        and the operations of the periods after it up to `up_to` (read with them). Without
        `rebuild`, an account whose state is missing or refused is left out."""
        states = load_states(self.s, ids, self.fingerprint)
        usable = {a: st for a, st in states.items()
                  if st[0] <= through and st[1] == company.get(a)}
        after = min((p for p, _c, _d in usable.values()), default=through)
        rows = read_periods(self.s, ids, after, up_to)
        kept: dict[int, KeptAccount] = {}
        changed: dict[int, KeptAccount] = {}
        refused = []
        for acc in ids:
            st = usable.get(acc)
            if st is None:
                refused.append(acc)
                continue
            k = KeptAccount.from_json(st[2], st[0], company.get(acc), self.clocks, self.capital)
            try:
                advance(k, rows.get(acc, {}), through)
            except Stale:
                refused.append(acc)
                continue
            kept[acc] = k
            if k.period != st[0]:
                changed[acc] = k
        if refused and rebuild:
            ledgers = read_ledgers(self.s, refused, Period.from_code(through))
            posted = posted_penalties(self.s, refused, through)
            for acc in refused:
                kept[acc] = changed[acc] = KeptAccount.rebuilt(
                    ledgers.get(acc, AccountLedger()), posted.get(acc, {}), through,
                    company.get(acc), self.clocks, self.capital)
        save_states(self.s, changed, self.fingerprint)
        return kept, rows


def advance(k: KeptAccount, rows: dict[int, list[PeriodRow]], through: int) -> None:
    while k.period < through:
        code = Period.from_code(k.period).next().code
        k.advance(code, rows.get(code, []))


def keep_through_closed(s: Session, closed: Period) -> int:
    """At closing `closed`: the states kept so far brought through it (those that cannot be
    are left for the next posting to rebuild). Derived data: a failure here (a key rate not
    entered yet) keeps what was kept and does not stop the closing. Returns the states saved."""
    try:
        keeper = StateKeeper(s, closed.last_day)
        ids = list(s.scalars(select(PenaltyState.account_id).where(
            PenaltyState.rules == keeper.fingerprint, PenaltyState.period < closed.code)
            .order_by(PenaltyState.account_id)))
        saved = 0
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            with paused_gc():
                kept, _rows = keeper.brought_up(chunk, companies_of(s, chunk), closed.code,
                                                closed.code, rebuild=False)
            saved += len(kept)
        return saved
    except DomainError:
        return 0
