"""What the monthly penalty posting keeps of each account between months, so that a month reads
its own operations and not the ledger's whole history.

A closed period never changes, so the allocation of payments over debts up to the last closed
period is kept (`penalty_state`, one row per account): what is left of each open debt, the exact
penalty already earned on its repaid parts (rated on the day each part was paid, so it never
changes), the rounded penalty of each debt repaid in full, and what penalty was posted so far.
The next month adds a period's operations to it (`KeptAccount.advance`) and reads the penalty
of every debt on the month's last day without the years before.

It is a cache of the full calculation (`penalty_lines`): the state is rebuilt from the ledger
when the rules changed (a key rate entered for a past date), the account's company changed, a
payment was dated before one already taken, a period's operation concerns an earlier period, or
a payment named a period not yet charged. `tests/penalties/test_kept.py` checks it against the
full calculation.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import String, bindparam, delete, func, insert, select, type_coerce
from sqlalchemy.orm import Session

from app.calc.penalty_book import DebtBook, DebtKey, debt_order
from app.models import Operation, PenaltyState
from app.models.enums import OperationKind as K
from app.penalties.calculate import Clocks, PenaltyDebtLine, ServiceInfo, amount_of
from app.penalties.ledger import BY_REF, KINDS, AccountLedger
from app.penalties.rules import RuleBook

ServiceKey = tuple[int, int | None]  # service, supplier
PeriodRow = tuple[str, int | None, int, int | None, date, int]
# kind, ref period, service, supplier, date, kopecks (a payment negative)
_PENALTY, _PAYMENT = K.PENALTY.value, K.PAYMENT.value  # plain strings: read per operation
_NOTHING = Fraction(0)
_KINDS = (*KINDS, K.PENALTY.value)  # what penalties are charged on, and what was posted


class Stale(Exception):
    """The kept state cannot take this period's operations in order: rebuild it."""


def rules_fingerprint(book: RuleBook) -> str:
    return hashlib.sha256(repr(book).encode()).hexdigest()[:32]


@dataclass
class ServicePenalty:
    """The penalty of one service (and supplier) of an account on a date."""

    amount: int = 0  # Σ of the rounded penalty of each period's debt
    debts: list[tuple[int, int, int, str, int]] = field(default_factory=list)
    # open debts with a penalty: period code, debt, left unpaid, due date (ISO), penalty
    repaid: int = 0  # of it, the penalty of debts repaid in full

    def add_debt(self, code: int, debt: int, left: int, due: str, amount: int) -> None:
        if left == 0:
            self.repaid += amount
        else:
            self.debts.append((code, debt, left, due, amount))
        self.amount += amount


def from_lines(lines: list[PenaltyDebtLine]) -> dict[ServiceKey, ServicePenalty]:
    """The full calculation's lines, per service as the posting keeps them."""
    out: dict[ServiceKey, ServicePenalty] = defaultdict(ServicePenalty)
    for line in lines:
        if line.amount:
            out[(line.service_id, line.supplier_id)].add_debt(
                line.period.code, line.debt, line.left, line.due.isoformat(), line.amount)
    return dict(out)


class KeptAccount:
    """One account's allocation of payments over debts through `period`, with its penalties."""

    def __init__(self, period: int, company: int | None, clocks: Clocks,
                 capital: dict[int, bool]) -> None:
        self.period, self.company = period, company
        self.book = DebtBook()
        self.debt: dict[DebtKey, int] = {}  # whole amount of each open debt
        self.paid: dict[DebtKey, Fraction] = {}  # exact penalty of an open debt's repaid parts
        self.repaid: dict[ServiceKey, int] = defaultdict(int)
        self.posted: dict[ServiceKey, int] = defaultdict(int)
        self.named_ahead: int | None = None  # earliest period named by a payment, not charged
        self._clocks, self._capital = clocks, capital

    # the allocation

    def _took(self, key: DebtKey, day: date, part: int, settled: bool) -> None:
        due = self._clocks.due(key[0], self.company)
        if day > due:
            earned = self._clocks.repaid_part(part, due, day, self.company,
                                              self._capital[key[1]])
            self.paid[key] = self.paid.get(key, _NOTHING) + earned
        if settled:
            self.repaid[(key[1], key[2])] += amount_of(self.paid.pop(key, _NOTHING), 0, (0, 1))
            del self.debt[key]

    def _add_debts(self, owed: dict[DebtKey, int]) -> None:
        for key in sorted(owed, key=debt_order):
            if owed[key] > 0:
                self.debt[key] = owed[key]
                self.book.add_debt(key, owed[key])

    def _pay(self, payments: list[tuple[date, int | None, int, int | None, int]],
             beyond: int) -> None:
        for day, ref, svc, sup, amount in sorted(payments, key=lambda p: p[0]):
            if amount > 0 and ref is not None and ref > beyond:
                self.named_ahead = min(ref, self.named_ahead or ref)
            self.book.pay(day, ref, svc, sup, amount, self._took)

    @classmethod
    def rebuilt(cls, led: AccountLedger, posted: dict[ServiceKey, int], period: int,
                company: int | None, clocks: Clocks, capital: dict[int, bool]) -> KeptAccount:
        """The state through `period` from the ledger up to it (every debt, then the payments)."""
        kept = cls(period, company, clocks, capital)
        kept._add_debts(led.debts)
        kept._pay(led.payments, period)
        kept.posted.update(posted)
        return kept

    def advance(self, code: int, rows: list[PeriodRow]) -> None:
        """Take the operations posted in period `code` (the next one after the state's)."""
        if code != self.period + (89 if self.period % 100 == 12 else 1):
            raise Stale
        if self.named_ahead is not None and self.named_ahead <= code:
            raise Stale
        owed: dict[DebtKey, int] = defaultdict(int)
        payments = []
        through = self.book.through
        for kind, ref, svc, sup, day, amount in rows:
            if kind == _PENALTY:
                self.posted[(svc, sup)] += amount
            elif kind == _PAYMENT:
                if amount < 0 and through is not None and day < through:
                    raise Stale  # paid before a payment already taken: the order changes
                payments.append((day, ref, svc, sup, -amount))
            elif (ref or code) != code and kind in BY_REF:
                raise Stale  # a debt of an earlier (or later) period arrived now
            else:
                owed[(code, svc, sup)] += amount
        self._add_debts(owed)
        self.book.take_advances(self._took)
        self._pay(payments, code)
        self.period = code

    # the penalty on a date

    def penalties(self, on: date) -> dict[ServiceKey, ServicePenalty]:
        """Each service's penalty accrued up to `on` (the same as `from_lines` of the full
        calculation); `on` is not before any payment taken."""
        out: dict[ServiceKey, ServicePenalty] = defaultdict(ServicePenalty)
        left_of, paid, debt = self.book.left, self.paid, self.debt
        ratio, company, capital = self._clocks.ratio, self.company, self._capital
        for code in sorted(self.book.periods):
            due = self._clocks.due(code, company)
            if due >= on:
                continue
            ratios = {c: ratio(due, c, company) for c in (False, True)}
            due_text = due.isoformat()
            for key in self.book.periods[code]:  # in debt order
                left = left_of[key]
                if key in paid:
                    amount = amount_of(paid[key], left, ratios[capital[key[1]]])
                else:  # `amount_of` without the call: tens of thousands of debts a month
                    num, den = ratios[capital[key[1]]]
                    amount = (2 * left * num + den) // (2 * den)
                if amount:
                    line = out[(key[1], key[2])]
                    line.debts.append((code, debt[key], left, due_text, amount))
                    line.amount += amount
        for skey, amount in self.repaid.items():
            if amount:
                out[skey].repaid += amount
                out[skey].amount += amount
        return dict(out)

    # storage

    def to_json(self) -> str:
        """Open debts by period, flat, in debt order: [code, service, supplier, debt, left,
        service, …]; `paid`: the penalty a debt's repaid parts earned, exact ("n/d")."""
        book, debt, left = self.book, self.debt, self.book.left
        return json.dumps({
            "open": [[code, *itertools.chain.from_iterable(
                (k[1], k[2], debt[k], left[k]) for k in book.periods[code])]
                     for code in sorted(book.periods)],
            "paid": [[*k, str(v)] for k, v in self.paid.items()],
            "advances": [[d.isoformat(), a] for d, a in book.advances],
            "through": book.through.isoformat() if book.through else None,
            "repaid": [[*k, v] for k, v in self.repaid.items() if v],
            "posted": [[*k, v] for k, v in self.posted.items() if v],
            "ahead": self.named_ahead}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, period: int, company: int | None, clocks: Clocks,
                  capital: dict[int, bool]) -> KeptAccount:
        data: dict[str, Any] = json.loads(text)
        kept = cls(period, company, clocks, capital)
        book, debts, paid = kept.book, kept.debt, kept.paid
        for flat in data["open"]:  # [code, service, supplier, debt, left, …], debt order
            code = flat[0]
            keys = [(code, s, p) for s, p in zip(flat[1::4], flat[2::4], strict=True)]
            book.periods[code] = keys
            book.left.update(zip(keys, flat[4::4], strict=True))
            debts.update(zip(keys, flat[3::4], strict=True))
        paid.update(((c, s, p), Fraction(v)) for c, s, p, v in data["paid"])
        book.advances = [(date.fromisoformat(d), a) for d, a in data["advances"]]
        book.through = date.fromisoformat(data["through"]) if data["through"] else None
        kept.repaid.update({(s, p): v for s, p, v in data["repaid"]})
        kept.posted.update({(s, p): v for s, p, v in data["posted"]})
        kept.named_ahead = data["ahead"]
        return kept


# the database side

def load_states(s: Session, ids: list[int], fingerprint: str
                ) -> dict[int, tuple[int, int | None, str]]:
    """account → (period, company, state) of the states kept under these rules."""
    t = PenaltyState
    q = (select(t.account_id, t.period, t.company_id, t.data)
         .where(t.account_id.in_(bindparam("ids", expanding=True)), t.rules == fingerprint))
    return {a: (p, c, d) for a, p, c, d in s.connection().execute(q, {"ids": ids})}


def save_states(s: Session, states: dict[int, KeptAccount], fingerprint: str) -> None:
    if not states:
        return
    t = PenaltyState
    ids = list(states)
    s.execute(delete(t).where(t.account_id.in_(bindparam("ids", expanding=True)))
              .execution_options(synchronize_session=False), {"ids": ids})
    s.connection().execute(insert(t), [
        {"account_id": a, "period": k.period, "company_id": k.company, "rules": fingerprint,
         "data": k.to_json()} for a, k in states.items()])


def forget_states(s: Session) -> None:
    """Drop every kept state (after an import wrote into closed periods)."""
    s.execute(delete(PenaltyState))


def read_periods(s: Session, ids: list[int], after: int, up_to: int
                 ) -> dict[int, dict[int, list[PeriodRow]]]:
    """account → period → its operations that penalties care about, in the order posted."""
    o = Operation
    q = (select(o.account_id, o.period, o.kind, o.ref_period, o.service_id, o.supplier_id,
                type_coerce(o.op_date, String), o.amount)
         .where(o.account_id.in_(bindparam("ids", expanding=True)), o.period > after,
                o.period <= up_to, o.kind.in_(_KINDS))
         .order_by(o.account_id, o.period, o.id))
    out: dict[int, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
    days: dict[object, date] = {}
    for acc, period, kind, ref, svc, sup, day, amount in s.connection().execute(
            q, {"ids": ids}).all():
        on = days.get(day)
        if on is None:
            on = days[day] = date.fromisoformat(day[:10]) if isinstance(day, str) else day
        out[acc][period].append((kind, ref, svc, sup, on, amount))
    return out


def posted_penalties(s: Session, ids: list[int], up_to: int) -> dict[int, dict[ServiceKey, int]]:
    """account → service → penalty posted in periods up to `up_to`."""
    o = Operation
    q = (select(o.account_id, o.service_id, o.supplier_id, func.sum(o.amount))
         .where(o.account_id.in_(bindparam("ids", expanding=True)),
                o.kind == K.PENALTY.value, o.period <= up_to)
         .group_by(o.account_id, o.service_id, o.supplier_id))
    out: dict[int, dict[ServiceKey, int]] = defaultdict(dict)
    for acc, svc, sup, amount in s.connection().execute(q, {"ids": ids}):
        out[acc][(svc, sup)] = int(amount)
    return out


def capital_flags(svc: dict[int, ServiceInfo]) -> dict[int, bool]:
    return {i: info.capital_repair for i, info in svc.items()}
