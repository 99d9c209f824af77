"""A repayment agreement (рассрочка): the debt split into monthly instalments from a first
date, the schedule shown as it will be saved; Ctrl+S (or the button) signs it."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.calc.debt import Instalment, even_schedule
from app.debtors.agreements import MAX_INSTALMENTS, sign_agreement
from app.errors import DomainError
from app.ui import keys
from app.ui.context import Context
from app.ui.forms import DateField, dialog_buttons, error_label, show_error
from app.ui.table_view import TablePanel
from app.ui.tables.rows import RIGHT, Column, RowsModel
from app.ui.workspaces.debtors.shared import MoneyField, day, rub

COLUMNS = [Column("№", lambda r: str(r[0]), RIGHT, width=40),
           Column("Платёж до", lambda r: day(r[1].due_on), width=110),
           Column("Сумма, ₽", lambda r: rub(r[1].amount), RIGHT, stretch=True)]


class AgreementDialog(QDialog):
    def __init__(self, ctx: Context, account: str, debt: int, on: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.agreement_id: int | None = None
        self.setWindowTitle(f"Соглашение о рассрочке — лицевой счёт {account}")
        self.account = QLineEdit(account)
        self.number = QLineEdit()
        self.number.setPlaceholderText("например, Р-15/2027")
        self.signed = DateField(on)
        self.total = MoneyField(debt)
        self.count = QSpinBox()
        self.count.setRange(1, MAX_INSTALMENTS)
        self.count.setValue(6)
        self.first = DateField(on + timedelta(days=30))
        self.model = RowsModel(COLUMNS)
        self.error = error_label()
        form = QFormLayout()
        form.addRow("&Лицевой счёт:", self.account)
        form.addRow("&Номер соглашения:", self.number)
        form.addRow("&Подписано:", self.signed)
        form.addRow("&Сумма долга, ₽:", self.total)
        form.addRow("&Платежей (ежемесячно):", self.count)
        form.addRow("П&ервый платёж до:", self.first)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(TablePanel(self.model, "Укажите сумму и число платежей"), 1)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "Подписать", self.save))
        for signal in (self.total.textChanged, self.count.valueChanged, self.first.dateChanged):
            signal.connect(lambda *_: self.preview())
        keys.bind(self, "Ctrl+S", "подписать соглашение", self.save)
        self.resize(520, 560)
        self.preview()
        self.number.setFocus()

    def schedule(self) -> list[Instalment]:
        return even_schedule(self.total.kopecks("Сумма долга"), self.count.value(),
                             self.first.day())

    def preview(self) -> None:
        try:
            rows = self.schedule()
        except DomainError:
            rows = []
        self.model.set_rows(list(enumerate(rows, start=1)))

    def save(self) -> None:
        try:
            self.agreement_id = self.ctx.perform(
                sign_agreement, self.account.text().strip(), self.number.text(),
                self.signed.day(), self.schedule())
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()
