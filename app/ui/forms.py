"""Small input widgets the accrual dialogs share: a date, an optional end date, an error line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DateField(QDateEdit):
    """dd.MM.yyyy with a calendar popup; typing the digits is enough."""

    def __init__(self, day: date, parent: QWidget | None = None) -> None:
        super().__init__(to_qdate(day), parent)
        self.setDisplayFormat("dd.MM.yyyy")
        self.setCalendarPopup(True)

    def day(self) -> date:
        return from_qdate(self.date())

    def set_day(self, day: date) -> None:
        self.setDate(to_qdate(day))


class EndDateField(QWidget):
    """«бессрочно» or a last day in force (inclusive)."""

    def __init__(self, day: date | None, default: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limited = QCheckBox("по")
        self.edit = DateField(day or default)
        self.open_label = QLabel("бессрочно")
        self.open_label.setProperty("role", "muted")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.limited)
        layout.addWidget(self.edit)
        layout.addWidget(self.open_label)
        layout.addStretch(1)
        self.limited.toggled.connect(self._sync)
        self.limited.setChecked(day is not None)
        self._sync()
        self.setFocusProxy(self.limited)

    def _sync(self) -> None:
        on = self.limited.isChecked()
        self.edit.setEnabled(on)
        self.open_label.setVisible(not on)

    def day(self) -> date | None:
        return self.edit.day() if self.limited.isChecked() else None


def error_label() -> QLabel:
    """Where a refused save says why; the operator's input stays in the fields."""
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setObjectName("errorText")
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose &-letter moves the focus to `buddy` (Alt+letter)."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def dialog_buttons(dialog: QDialog, ok_text: str, on_ok: Callable[[], None],
                   *, save: bool = True) -> QDialogButtonBox:
    """The edit dialogs' «Сохранить/…» + «Отмена» row; OK runs `on_ok`, which accepts or not."""
    ok = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    cancel = QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(ok | cancel)
    buttons.button(ok).setText(ok_text)
    buttons.button(cancel).setText("Отмена")
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons
