"""Closing a period: the operator sees the period's totals before confirming."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.calc.money import format_rub
from app.ledger.periods import PeriodTotals


def totals_rows(t: PeriodTotals) -> list[tuple[str, int]]:
    return [("Входящее сальдо", t.opening), ("Начислено", t.charged),
            ("Перерасчёты", t.recalculated), ("Пени", t.penalty), ("Оплачено", t.paid),
            ("Корректировки", t.corrected), ("Исходящее сальдо", t.closing)]


class ClosePeriodDialog(QDialog):
    def __init__(self, totals: PeriodTotals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        p = totals.period
        self.setWindowTitle(f"Закрыть период {p.title()}")
        heading = QLabel(f"Закрыть расчётный период <b>{p.title()}</b>?")
        grid = QGridLayout()
        for i, (title, amount) in enumerate(totals_rows(totals)):
            name = QLabel(title)
            value = QLabel(format_rub(amount))
            value.setObjectName(f"total{i}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if i in (0, 6):
                name.setStyleSheet("font-weight: 600")
                value.setStyleSheet("font-weight: 600")
            grid.addWidget(name, i, 0)
            grid.addWidget(value, i, 1)
        warning = QLabel(f"После закрытия начисления и оплаты за {p.title()} не меняются: "
                         f"исправления пойдут перерасчётом в период {p.next().title()}, "
                         f"который откроется.")
        warning.setWordWrap(True)
        warning.setProperty("role", "muted")
        buttons = QDialogButtonBox()
        self.confirm_button: QPushButton = buttons.addButton(
            "Закрыть период", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)  # closing is irreversible: Enter does not do it
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addWidget(warning)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
