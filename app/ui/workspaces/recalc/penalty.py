"""The penalty calculation of an account on a date: per period and service the debt, the
pieces (days, rate, 1/300 or 1/130) and the amount. Opens from the account card too."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError
from app.penalties.calculate import account_penalty
from app.ui.context import Context


class PenaltyPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.account = QLineEdit()
        self.account.setPlaceholderText("номер лицевого счёта")
        self.on = QLineEdit(date.today().strftime("%d.%m.%Y"))
        form = QFormLayout()
        form.addRow("&Лицевой счёт:", self.account)
        form.addRow("На &дату:", self.on)
        self.button = QPushButton("&Рассчитать")
        self.button.clicked.connect(self.calculate)
        self.account.returnPressed.connect(self.calculate)
        self.on.returnPressed.connect(self.calculate)
        self.status = QLabel("Расчёт ничего не записывает; пени за месяц начисляются расчётом "
                             "начислений («и пени за месяц») или командой «kvartal penalties».")
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.button)
        layout.addWidget(self.status)
        layout.addWidget(self.text, 1)
        self.setFocusProxy(self.account)

    def show_account(self, number: str) -> None:
        self.account.setText(number)
        self.calculate()

    def calculate(self) -> None:
        try:
            day, month, year = (int(p) for p in self.on.text().strip().split("."))
            on = date(year, month, day)
        except ValueError:
            self.status.setText("Дата — в виде ДД.ММ.ГГГГ")
            return
        try:
            report = account_penalty(self.ctx.db, self.ctx.actor, self.account.text(), on)
        except DomainError as exc:
            self.status.setText(exc.message)
            return
        self.status.setText(f"Итого пени на {on:%d.%m.%Y}: {report.text()[-1].split(': ')[-1]}")
        self.text.setPlainText("\n".join(report.text()))
