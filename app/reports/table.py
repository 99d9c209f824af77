"""A report as plain data: titled columns of a kind, rows, a totals row — what the window's
table model, the XLSX writer and the PDF renderer all take."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

# money: integer kopecks; int: a count; number: an exact Decimal (a tariff, a norm)
ColumnKind = Literal["text", "money", "int", "number"]


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: ColumnKind = "text"
    width: int = 14  # characters, for the spreadsheet


Cell = str | int | Decimal | None


@dataclass(frozen=True)
class ReportTable:
    title: str
    subtitle: str
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[Cell]]
    totals: Sequence[Cell] | None = None
    notes: list[str] = field(default_factory=list)
    sheet: str = "Отчёт"  # the spreadsheet tab: 31 characters at most

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def total_of(self, key: str) -> int:
        i = self.column(key)
        return sum(int(r[i] or 0) for r in self.rows)



def number_text(value: Decimal) -> str:
    """A tariff or norm as people write it: at least two decimals, no trailing zeros past them,
    a decimal comma (45,20; 4,745)."""
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 2)
    return f"{value:.{places}f}".replace(".", ",")


def cell_text(value: Cell, kind: ColumnKind) -> str:
    """A cell as the screen, the command line and the PDF show it."""
    from app.calc.money import format_rub

    if kind == "money" and isinstance(value, int):
        return format_rub(value, currency=False)
    if kind == "number" and isinstance(value, Decimal):
        return number_text(value)
    return "" if value is None else str(value)
