"""What the debtor workspace's pages share: money and date cells, a money field, a combo of
choices with «— все —»."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.calc.money import format_rub, parse_rub
from app.errors import DomainError

ANY = "— все —"


def rub(kopecks: int) -> str:
    return format_rub(kopecks, currency=False)


def day(value: date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else ""


def choice_box(items: Sequence[tuple[object, str]], *, with_any: bool = True,
               chars: int = 14) -> QComboBox:
    box = QComboBox()
    if with_any:
        box.addItem(ANY, None)
    for value, text in items:
        box.addItem(text, value)
    box.setMinimumContentsLength(chars)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box


class MoneyField(QLineEdit):
    """Roubles as the operator types them («1 234,56»); read back in kopecks."""

    def __init__(self, kopecks: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("0,00")
        if kopecks:
            self.set_kopecks(kopecks)

    def set_kopecks(self, kopecks: int) -> None:
        self.setText(rub(kopecks).replace("\u00a0", " "))

    def kopecks(self, what: str, *, empty: int | None = None) -> int:
        text = self.text().strip()
        if not text and empty is not None:
            return empty
        try:
            return parse_rub(text)
        except ValueError:
            raise DomainError(f"{what}: сумма в рублях, например 1 234,56") from None
