"""«Массовое изменение тарифа»: a new value from a date for a company, a building or a list."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError
from app.tariffs.rules import parse_value
from app.tariffs.views import (
    ZONE_TITLES,
    AccountFilter,
    MassChangeResult,
    Scope,
    ScopeChoice,
    ServiceChoice,
)
from app.ui.forms import DateField, dialog_buttons, error_label, show_error

# (service code, value, from, filter, zone) → result
MassChange = Callable[[str, Decimal, date, AccountFilter, int], MassChangeResult]


def account_numbers(text: str) -> tuple[str, ...]:
    """Numbers separated by spaces, commas, semicolons or new lines, in the order typed."""
    return tuple(dict.fromkeys(n for n in re.split(r"[\s,;]+", text) if n))


class MassChangeDialog(QDialog):
    def __init__(self, services: list[ServiceChoice], companies: list[ScopeChoice],
                 scopes: list[ScopeChoice], change: MassChange, default_day: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Массовое изменение тарифа")
        self._change = change
        self.result_value: MassChangeResult | None = None
        self.service = QComboBox()
        for svc in services:
            self.service.addItem(f"{svc.name} ({svc.unit})", svc)
        self.zone = QComboBox()
        self.value = QLineEdit()
        self.value.setPlaceholderText("новый тариф, ₽ за единицу")
        self.date_from = DateField(default_day)
        self.company = QComboBox()
        self.company.addItem("— любая —", None)
        for c in companies:
            self.company.addItem(c.title, c.id)
        self.building = QComboBox()
        self.building.addItem("— любой —", None)
        for c in scopes:
            if c.scope == Scope.BUILDING:
                self.building.addItem(c.title.removeprefix("дом "), c.id)
        self.numbers = QPlainTextEdit()
        self.numbers.setPlaceholderText("номера лицевых счетов через пробел или с новой строки")
        self.numbers.setTabChangesFocus(True)
        self.numbers.setFixedHeight(70)
        self.error = error_label()
        self._layout()
        self.service.currentIndexChanged.connect(self._fill_zones)
        self._fill_zones()
        self.service.setFocus()

    def _layout(self) -> None:
        note = QLabel("Для отобранных лицевых счетов создаётся список с индивидуальным тарифом; "
                      "он действует вместо тарифа дома, поставщика или общего. Условия фильтра "
                      "складываются (и УК, и дом, и номера).")
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        form = QFormLayout()
        form.addRow("&Услуга", self.service)
        form.addRow("&Зона", self.zone)
        form.addRow("Новое &значение", self.value)
        form.addRow("Действует &с", self.date_from)
        form.addRow("Управляющая &компания", self.company)
        form.addRow("&Дом", self.building)
        form.addRow("&Лицевые счета", self.numbers)
        buttons = dialog_buttons(self, "Изменить тариф", self.try_apply, save=False)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _fill_zones(self) -> None:
        self.zone.clear()
        svc: ServiceChoice | None = self.service.currentData()
        zones = svc.zones if svc is not None else 1
        for z in range(0, zones + 1 if zones > 1 else 1):
            self.zone.addItem(ZONE_TITLES[z], z)
        self.zone.setEnabled(zones > 1)

    def filter(self) -> AccountFilter:
        return AccountFilter(company_id=self.company.currentData(),
                             building_id=self.building.currentData(),
                             numbers=account_numbers(self.numbers.toPlainText()))

    def try_apply(self) -> None:
        svc: ServiceChoice = self.service.currentData()
        try:
            value = parse_value(self.value.text(), "Новое значение")
            self.result_value = self._change(svc.code, value, self.date_from.day(),
                                             self.filter(), self.zone.currentData() or 0)
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()
