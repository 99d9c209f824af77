"""A report as plain data: titled columns of a kind, rows, a totals row — what the window's
table model, the XLSX writer and the PDF renderer all take."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal["text", "money", "int"]


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: ColumnKind = "text"
    width: int = 14  # characters, for the spreadsheet


Cell = str | int | None


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

