"""Billing periods: a calendar month, stored as int YYYYMM."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS_NOM = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)


@dataclass(frozen=True, order=True, slots=True)
class Period:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 2999:
            raise ValueError(f"Неверный расчётный период: {self.year}-{self.month:02d}")

    @classmethod
    def from_code(cls, code: int) -> Period:
        return cls(code // 100, code % 100)

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Accept 'YYYY-MM', 'YYYYMM', 'MM.YYYY' and 'MMYYYY' (the last two as on QR codes).

        Six digits are read as YYYYMM when that is a valid period, else as MMYYYY: the two
        never overlap (years start with 19–29, months with 01–12)."""
        t = text.strip()
        for pattern, year_first in (
            (r"(\d{4})-(\d{1,2})", True),
            (r"(\d{4})(\d{2})", True),
            (r"(\d{1,2})\.(\d{4})", False),
            (r"(\d{2})(\d{4})", False),
        ):
            m = re.fullmatch(pattern, t)
            if not m:
                continue
            a, b = int(m.group(1)), int(m.group(2))
            try:
                return cls(a, b) if year_first else cls(b, a)
            except ValueError:
                continue
        raise ValueError(f"Не понимаю период «{text}»: ожидается ГГГГ-ММ")

    @property
    def code(self) -> int:
        return self.year * 100 + self.month

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, self.days)

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def next(self) -> Period:
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def prev(self) -> Period:
        return Period(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def shift(self, months: int) -> Period:
        n = self.year * 12 + self.month - 1 + months
        return Period(n // 12, n % 12 + 1)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def dates(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(self.days)]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def title(self) -> str:
        """'ноябрь 2026' for the operator."""
        return f"{_MONTHS_NOM[self.month - 1]} {self.year}"
