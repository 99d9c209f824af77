"""How old a debt is, and whether a repayment schedule is being kept.

- **Debt by period**: a balance is attributed to the newest accruals first (what was paid went
  to the oldest debt first — ГК ст. 319.1, DOMAIN.md «Payment split»), so the unpaid part of each
  month is known, and with it the debt's age and each month's own limitation period (three years
  from its due date, ГК ст. 196, 200). Whatever the accruals do not explain (an opening balance
  brought from an old system) is the oldest part, dated before the first accrual.
- **Instalments**: a schedule is kept while the money paid since the agreement covers every
  instalment due so far; the first instalment not covered by its date is a missed one.
Pure: stdlib and `app.calc` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.calc.money import rubles_to_kopecks
from app.calc.period import Period

LIMITATION_YEARS = 3
AGE_BUCKETS: tuple[tuple[int, int | None, str], ...] = (
    (0, 1, "до 1 месяца"),
    (1, 3, "1–3 месяца"),
    (3, 6, "3–6 месяцев"),
    (6, 12, "6–12 месяцев"),
    (12, None, "больше 12 месяцев"),
)


@dataclass(frozen=True, slots=True)
class PeriodDebt:
    period: Period | None  # None: older than any accrual known (an opening balance)
    amount: int  # kopecks unpaid


def unpaid_by_period(balance: int, accrued: Sequence[tuple[Period, int]]) -> list[PeriodDebt]:
    """The unpaid part of each period, oldest first; empty for no debt (balance ≤ 0)."""
    if balance <= 0:
        return []
    rest = balance
    out: list[PeriodDebt] = []
    for period, amount in sorted(accrued, key=lambda pa: pa[0], reverse=True):
        if rest <= 0:
            break
        if amount <= 0:
            continue
        part = min(amount, rest)
        out.append(PeriodDebt(period, part))
        rest -= part
    if rest > 0:
        out.append(PeriodDebt(None, rest))
    return out[::-1]


def months_in_debt(debts: Sequence[PeriodDebt], open_period: Period) -> int:
    """Whole months since the oldest unpaid period (0 for the open period's own charges)."""
    if not debts:
        return 0
    oldest = debts[0].period
    if oldest is None:
        oldest = next((d.period for d in debts if d.period is not None), open_period)
        return months_between(oldest, open_period) + 1
    return months_between(oldest, open_period)


def months_between(a: Period, b: Period) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def age_bucket(months: int) -> str:
    for lo, hi, title in AGE_BUCKETS:
        if months >= lo and (hi is None or months < hi):
            return title
    return AGE_BUCKETS[-1][2]


def limitation_ends(due: date) -> date:
    """The last day a month's debt can be claimed: three years after its due date."""
    try:
        return due.replace(year=due.year + LIMITATION_YEARS)
    except ValueError:  # 29 February
        return date(due.year + LIMITATION_YEARS, 2, 28)


@dataclass(frozen=True, slots=True)
class Instalment:
    due_on: date
    amount: int


@dataclass(frozen=True, slots=True)
class ScheduleState:
    due_so_far: int
    paid_so_far: int
    missed: Instalment | None  # the first instalment not covered by its date
    finished: bool  # everything due under the schedule is paid

    @property
    def kept(self) -> bool:
        return self.missed is None


def schedule_state(schedule: Sequence[Instalment], payments: Sequence[tuple[date, int]],
                   on: date) -> ScheduleState:
    """Payments (date, kopecks) made since the agreement against the schedule, on `on`."""
    ordered = sorted(schedule, key=lambda i: i.due_on)
    due_so_far = 0
    missed = None
    for inst in ordered:
        if inst.due_on > on:
            break
        due_so_far += inst.amount
        paid_by_then = sum(a for d, a in payments if d <= inst.due_on)
        if missed is None and paid_by_then < due_so_far:
            missed = inst
    paid = sum(a for d, a in payments if d <= on)
    total = sum(i.amount for i in ordered)
    return ScheduleState(due_so_far=due_so_far, paid_so_far=paid, missed=missed,
                         finished=paid >= total)


def even_schedule(total: int, count: int, first_due: date) -> list[Instalment]:
    """`total` kopecks in `count` monthly instalments from `first_due` (the same day of each
    month, the month's last day where it is shorter); the kopecks that do not divide go to the
    first instalments, one each, so the parts sum exactly."""
    if total <= 0 or count <= 0:
        return []
    base, extra = divmod(total, count)
    out = []
    for i in range(count):
        month = first_due.month - 1 + i
        year, month = first_due.year + month // 12, month % 12 + 1
        day = min(first_due.day, _days_in(year, month))
        amount = base + (1 if i < extra else 0)
        if amount > 0:
            out.append(Instalment(date(year, month, day), amount))
    return out


def _days_in(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - date(year, month, 1)).days


def limitation_threshold(residents: Decimal, norm: Decimal, tariff: Decimal) -> int:
    """ПП 354 п. 117–118: a service may be limited for a debt over two monthly charges
    computed by the norm — 2 × (residents × norm × tariff in roubles), the month rounded once."""
    return 2 * rubles_to_kopecks(residents * norm * tariff)
