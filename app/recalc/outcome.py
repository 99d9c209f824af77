"""What a triggered recalculation posted, as plain data the screens show (no database here)."""

from __future__ import annotations

from dataclasses import dataclass

from app.calc.money import format_rub
from app.calc.period import Period


@dataclass(frozen=True)
class PostedLine:
    """One line of a triggered recalculation, as the user who triggered it is shown it."""

    account_number: str
    period: Period  # the corrected period
    service: str  # the service's name
    old: int
    new: int

    @property
    def amount(self) -> int:
        return self.new - self.old

    def text(self) -> str:
        return (f"л/с {self.account_number}, {self.period.title()}, {self.service}: "
                f"{format_rub(self.old)} → {format_rub(self.new)} "
                f"({format_rub(self.amount, sign=True)})")


@dataclass(frozen=True)
class Triggered:
    """What step 2 did for the requests of one change."""

    request_ids: tuple[int, ...] = ()
    posted_in: Period | None = None
    batch: str | None = None  # None: nothing differed, or nothing ran
    lines: tuple[PostedLine, ...] = ()
    error: str | None = None  # step 2 failed: the requests stay open

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def summary(self) -> list[str]:
        if not self.request_ids:
            return []
        if self.error is not None:
            return ["Перерасчёт закрытых периодов не выполнен: " + self.error,
                    "Запрос остался в очереди специалиста по начислениям."]
        if not self.lines:
            return ["Перерасчёт закрытых периодов выполнен: разницы нет, ничего не записано."]
        head = (f"Перерасчёт записан в период «{self.posted_in.title() if self.posted_in else ''}"
                f"» (пакет {self.batch}): итого {format_rub(self.total, sign=True)}, строк: "
                f"{len(self.lines)}.")
        return [head, *(line.text() for line in self.lines)]
