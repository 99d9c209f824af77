"""The tables penalties depend on — data with dates, loaded with the federal values.

Rates are percent per year (`Decimal("21")`). `federal_defaults()` returns:
- the Bank of Russia key rate from 01.01.2016, when the 1/300–1/130 rule began (the seed the
  database is loaded with, `app.penalties.federal`; later changes are the operator's);
- rate caps of 9.5 % (the key rate of 27.02.2022): ПП РФ №474 for 28.02.2022–31.12.2024 and
  ПП РФ №329 for 01.01.2025–31.12.2026;
- moratorium 06.04.2020–31.12.2020 (ПП РФ №424) for all debts, and, when asked,
  01.04.2022–01.10.2022 (ПП РФ №497) for debts due before 01.04.2022;
- due day: the 10th of the next month until 28.02.2026, the 15th from 01.03.2026 (177-ФЗ).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.calc.timeline import DatedValue, Timeline


@dataclass(frozen=True, slots=True)
class Moratorium:
    """No penalty accrues on [date_from, date_to]; `debts_due_before` limits it to older debts."""

    date_from: date
    date_to: date
    debts_due_before: date | None = None

    def applies_to(self, due: date) -> bool:
        return self.debts_due_before is None or due < self.debts_due_before


@dataclass(frozen=True, slots=True)
class PenaltyRules:
    key_rates: Timeline  # percent per year, by date in force
    rate_caps: Timeline  # percent per year, by the day the penalty accrues
    due_day: Timeline  # day of the month after the period, by that month's first day
    moratoria: tuple[Moratorium, ...] = ()
    grace_days: int = 30  # ч. 14: days 1–30 free
    high_from_day: int = 91  # ч. 14: from day 91 rate/130
    low_divisor: int = 300
    high_divisor: int = 130


def steps(changes: Sequence[tuple[date, str]]) -> Timeline:
    """A timeline from (date in force, value) changes, each until the next one."""
    ordered = sorted(changes)
    items = []
    for i, (start, value) in enumerate(ordered):
        end = ordered[i + 1][0] - timedelta(days=1) if i + 1 < len(ordered) else None
        items.append(DatedValue(start, end, Decimal(value)))
    return Timeline(tuple(items))


KEY_RATE_CHANGES: tuple[tuple[date, str], ...] = (
    (date(2016, 1, 1), "11"),
    (date(2016, 6, 14), "10.5"),
    (date(2016, 9, 19), "10"),
    (date(2017, 3, 27), "9.75"),
    (date(2017, 5, 2), "9.25"),
    (date(2017, 6, 19), "9"),
    (date(2017, 9, 18), "8.5"),
    (date(2017, 10, 30), "8.25"),
    (date(2017, 12, 18), "7.75"),
    (date(2018, 2, 12), "7.5"),
    (date(2018, 3, 26), "7.25"),
    (date(2018, 9, 17), "7.5"),
    (date(2018, 12, 17), "7.75"),
    (date(2019, 6, 17), "7.5"),
    (date(2019, 7, 29), "7.25"),
    (date(2019, 9, 9), "7"),
    (date(2019, 10, 28), "6.5"),
    (date(2019, 12, 16), "6.25"),
    (date(2020, 2, 10), "6"),
    (date(2020, 4, 27), "5.5"),
    (date(2020, 6, 22), "4.5"),
    (date(2020, 7, 27), "4.25"),
    (date(2021, 3, 22), "4.5"),
    (date(2021, 4, 26), "5"),
    (date(2021, 6, 15), "5.5"),
    (date(2021, 7, 26), "6.5"),
    (date(2021, 9, 13), "6.75"),
    (date(2021, 10, 25), "7.5"),
    (date(2021, 12, 20), "8.5"),
    (date(2022, 2, 14), "9.5"),
    (date(2022, 2, 28), "20"),
    (date(2022, 4, 11), "17"),
    (date(2022, 5, 4), "14"),
    (date(2022, 5, 27), "11"),
    (date(2022, 6, 14), "9.5"),
    (date(2022, 7, 25), "8"),
    (date(2022, 9, 19), "7.5"),
    (date(2023, 7, 24), "8.5"),
    (date(2023, 8, 15), "12"),
    (date(2023, 9, 18), "13"),
    (date(2023, 10, 30), "15"),
    (date(2023, 12, 18), "16"),
    (date(2024, 7, 29), "18"),
    (date(2024, 9, 16), "19"),
    (date(2024, 10, 28), "21"),
    (date(2025, 6, 9), "20"),
    (date(2025, 7, 28), "18"),
    (date(2025, 9, 15), "17"),
    (date(2025, 10, 27), "16.5"),
    (date(2025, 12, 22), "16"),
    (date(2026, 2, 16), "15.5"),
)

RATE_CAPS = Timeline((
    DatedValue(date(2022, 2, 28), date(2024, 12, 31), Decimal("9.5")),  # ПП РФ №474
    DatedValue(date(2025, 1, 1), date(2026, 12, 31), Decimal("9.5")),  # ПП РФ №329
))

MORATORIUM_2020 = Moratorium(date(2020, 4, 6), date(2020, 12, 31))  # ПП РФ №424
MORATORIUM_2022 = Moratorium(date(2022, 4, 1), date(2022, 10, 1), date(2022, 4, 1))  # ПП №497

DUE_DAY = Timeline((
    DatedValue(date(1900, 1, 1), date(2026, 2, 28), Decimal(10)),  # ЖК ст. 155 ч. 1
    DatedValue(date(2026, 3, 1), None, Decimal(15)),  # 177-ФЗ от 24.06.2025
))


def federal_defaults(include_2022_moratorium: bool = False) -> PenaltyRules:
    moratoria = (MORATORIUM_2020, MORATORIUM_2022) if include_2022_moratorium else (
        MORATORIUM_2020,)
    return PenaltyRules(steps(KEY_RATE_CHANGES), RATE_CAPS, DUE_DAY, moratoria)
