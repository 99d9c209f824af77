"""Penalties for late payment (ЖК РФ ст. 155 ч. 14; ч. 14.1 for capital repair contributions).

Each period's debt has its own clock: day k of delay is the k-th day after the due date, the day of
payment counted on the old debt. Housing and utilities: days 1–30 nothing, 31–90 rate/300, from 91
rate/130; capital repair: rate/300 from day 1. The rate is the key rate on the day of payment (for
the part paid that day) or on the calculation date (for what is still unpaid), capped day by day by
the federal caps; no penalty accrues on moratorium days. Every table is data (`PenaltyRules`);
`federal_defaults()` loads the federal values. The sum is iterated over change points (thresholds,
caps, moratoria, payments), never over days, and rounded half-up once per period and service.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext

from app.calc.money import round_kopecks
from app.calc.penalty_tables import Moratorium, PenaltyRules, federal_defaults
from app.calc.period import Period

__all__ = [
    "Moratorium",
    "PenaltyLine",
    "PenaltyPayment",
    "PenaltyPiece",
    "PenaltyRules",
    "PeriodDebt",
    "calculate_penalties",
    "due_date",
    "federal_defaults",
    "penalty_for_debt",
]

ONE_DAY = timedelta(days=1)
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class PenaltyPiece:
    """Days with one debt, one fraction and one rate (for the penalty calculation printout)."""

    date_from: date
    date_to: date
    days: int
    debt: int  # kopecks
    rate: Decimal  # percent per year
    divisor: int  # 300 or 130
    exact: Decimal  # kopecks


@dataclass(frozen=True, slots=True)
class PenaltyLine:
    period: Period
    service_code: str
    amount: int  # kopecks, rounded once
    exact: Decimal
    due: date
    pieces: tuple[PenaltyPiece, ...] = ()


@dataclass(frozen=True, slots=True)
class PeriodDebt:
    """What was owed for a period and service; `due` overrides the due date (a contract's day)."""

    period: Period
    service_code: str
    amount: int
    capital_repair: bool = False
    due: date | None = None


@dataclass(frozen=True, slots=True)
class PenaltyPayment:
    paid_on: date
    amount: int
    period: Period | None = None  # named in the payment document


def due_date(period: Period, rules: PenaltyRules) -> date:
    """The due day of the month after the period, by the rule in force on that month's 1st."""
    month = period.next()
    day = rules.due_day.at(month.first_day)
    if day is None:
        raise ValueError(f"Не задан срок оплаты для периода {period}")
    return date(month.year, month.month, min(int(day), month.days))


def penalty_for_debt(
    debt: int,
    due: date,
    repayments: Sequence[tuple[date, int]],
    calc_date: date,
    rules: PenaltyRules,
    capital_repair: bool = False,
    accrue_from: date | None = None,
) -> tuple[Decimal, list[PenaltyPiece]]:
    """Exact penalty (kopecks) on one clock up to `calc_date` inclusive, with its pieces.

    `repayments` are (date, kopecks) already attributed to this debt; each part is charged up to
    and including its payment day at the rate of that day. `accrue_from` counts only later days
    (for monthly postings).
    """
    pieces: list[PenaltyPiece] = []
    left = debt
    portions: list[tuple[int, date]] = []
    for paid_on, amount in sorted(repayments):
        if paid_on > calc_date or left <= 0:
            continue
        part = min(amount, left)
        left -= part
        if paid_on > due:
            portions.append((part, paid_on))
    if left > 0:
        portions.append((left, calc_date))
    first = due + ONE_DAY if accrue_from is None else max(due + ONE_DAY, accrue_from)
    with localcontext() as ctx:
        ctx.prec = 50
        for part, until in portions:
            if until >= first:
                pieces.extend(_clock(part, due, first, until, rules, capital_repair))
        total = sum((p.exact for p in pieces), ZERO)
    return total, pieces


def _clock(
    debt: int, due: date, first: date, last: date, rules: PenaltyRules, capital: bool
) -> list[PenaltyPiece]:
    """Pieces of [first, last] for a debt paid on `last` (or unpaid on the calculation date)."""
    key = rules.key_rates.at(last)
    if key is None:
        raise ValueError(f"Нет ключевой ставки на {last:%d.%m.%Y}")
    grace_end = due + timedelta(days=0 if capital else rules.grace_days)
    high_from = due + timedelta(days=rules.high_from_day)
    cuts = {grace_end + ONE_DAY} if capital else {grace_end + ONE_DAY, high_from}
    cuts.update(rules.rate_caps.cuts(first, last))
    active = [m for m in rules.moratoria if m.applies_to(due)]
    for m in active:
        cuts.update((m.date_from, m.date_to + ONE_DAY))
    bounds = [first, *sorted(c for c in cuts if first < c <= last), last + ONE_DAY]
    pieces = []
    for a, b in itertools.pairwise(bounds):
        if a <= grace_end or any(m.date_from <= a <= m.date_to for m in active):
            continue
        divisor = rules.low_divisor if capital or a < high_from else rules.high_divisor
        cap = rules.rate_caps.at(a)
        rate = key if cap is None or cap >= key else cap
        days = (b - a).days
        exact = Decimal(debt) * rate * days / (100 * divisor)
        pieces.append(PenaltyPiece(a, b - ONE_DAY, days, debt, rate, divisor, exact))
    return pieces


def calculate_penalties(
    debts: Sequence[PeriodDebt],
    payments: Sequence[PenaltyPayment],
    calc_date: date,
    rules: PenaltyRules,
    accrue_from: date | None = None,
) -> list[PenaltyLine]:
    """Penalty per period and service: payments go to the named period, the rest (and unnamed
    payments) to the oldest debt first, proportionally across a period's services."""
    repayments = allocate_payments(debts, payments)
    lines = []
    for i, debt in enumerate(debts):
        due = debt.due or due_date(debt.period, rules)
        exact, pieces = penalty_for_debt(debt.amount, due, repayments[i], calc_date, rules,
                                         debt.capital_repair, accrue_from)
        if pieces:
            lines.append(PenaltyLine(debt.period, debt.service_code, round_kopecks(exact),
                                     exact, due, tuple(pieces)))
    return lines


def allocate_payments(
    debts: Sequence[PeriodDebt], payments: Sequence[PenaltyPayment]
) -> list[list[tuple[date, int]]]:
    """(date, kopecks) repayments per debt, in the order of `debts`.

    Each payment goes to its named period first, then to the oldest debt first, proportionally
    across a period's debts (`payment_split.spread_oldest_first`'s rule). The debts are grouped
    by period once and periods already repaid are passed over, so years of monthly payments cost
    the periods each payment touches, not all periods times all debts."""
    from app.calc.money import split_by_weights

    left = [max(d.amount, 0) for d in debts]
    out: list[list[tuple[date, int]]] = [[] for _ in debts]
    groups: dict[Period, list[int]] = {}
    for i in sorted(range(len(debts)), key=lambda i: (debts[i].period, i)):
        groups.setdefault(debts[i].period, []).append(i)
    periods = sorted(groups)
    owed = {p: sum(left[i] for i in groups[p]) for p in periods}
    oldest = 0  # periods before it are repaid in full (a debt only decreases)

    def spread(rest: int, period: Period, paid_on: date) -> int:
        idx = [i for i in groups[period] if left[i] > 0]
        weights = [left[i] for i in idx]
        total = sum(weights)
        if total <= 0:
            return rest
        take = min(rest, total)
        for i, part in zip(idx, split_by_weights(take, weights), strict=True):
            if part:
                left[i] -= part
                out[i].append((paid_on, part))
        owed[period] -= take
        return rest - take

    for pay in sorted(payments, key=lambda p: p.paid_on):
        rest = pay.amount
        if pay.period is not None and pay.period in groups and rest > 0:
            rest = spread(rest, pay.period, pay.paid_on)
        while oldest < len(periods) and owed[periods[oldest]] <= 0:
            oldest += 1
        for period in periods[oldest:]:
            if rest <= 0:
                break
            rest = spread(rest, period, pay.paid_on)
    return out
