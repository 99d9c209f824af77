"""Add or edit a tariff or a norm; and «Новое значение с даты» for an existing one.

Keyboard first: fields in Tab order, Enter saves, Esc cancels. A refusal from the application
layer (overlap, closed period, someone else's change) is shown under the fields; the input stays.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.calc.explain import num
from app.errors import DomainError
from app.tariffs.rules import parse_value
from app.tariffs.views import (
    NORM_KINDS,
    ZONE_TITLES,
    NormInput,
    NormRow,
    Scope,
    ScopeChoice,
    ServiceChoice,
    TariffInput,
    TariffRow,
)
from app.ui import labels as L
from app.ui.forms import (
    DateField,
    EndDateField,
    dialog_buttons,
    error_label,
    show_error,
)

SaveRecord = Callable[[Any, int | None], int]  # (TariffInput | NormInput, expected version)


def value_text(value: Decimal) -> str:
    return L.quantity(value)


def rub_value(value: Decimal) -> str:
    """A price: kopecks always shown (45,20), more places only when there are (4,123456),
    thousands apart (3 092,02)."""
    whole, _, frac = num(value, 2, 6).partition(",")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = [digits[max(0, i - 3):i] for i in range(len(digits), 0, -3)][::-1]
    return f"{sign}{NBSP.join(groups)},{frac}"


NBSP = "\u00a0"


class RecordDialog(QDialog):
    """One tariff (`norms=False`) or norm; `row` None adds a new one."""

    def __init__(self, *, norms: bool, services: list[ServiceChoice], scopes: list[ScopeChoice],
                 row: TariffRow | NormRow | None, save: SaveRecord, default_day: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.norms, self.row, self._save = norms, row, save
        what = "норматив" if norms else "тариф"
        self.setWindowTitle(f"Изменить {what}" if row else f"Новый {what}")
        self.saved_id: int | None = None
        self.service = QComboBox()
        for svc in services:
            if not norms or svc.norm_base is not None:
                self.service.addItem(f"{svc.name} ({svc.unit})", svc)
        self.scope = QComboBox()
        for choice in scopes:
            if not norms or choice.scope in (Scope.EVERYWHERE, Scope.BUILDING):
                self.scope.addItem(choice.title, choice)
        self.zone = QComboBox()  # tariffs: zone; norms: kind
        self.value = QLineEdit()
        self.value.setPlaceholderText("например, 45,20")
        self.date_from = DateField(row.date_from if row else default_day)
        self.date_to = EndDateField(row.date_to if row else None, default_day)
        self.error = error_label()
        self._layout(what)
        self.service.currentIndexChanged.connect(self._fill_zones)
        self._fill_zones()
        if row is not None:
            self._load(row)
        (self.value if row else self.service).setFocus()

    def _layout(self, what: str) -> None:
        form = QFormLayout()
        form.addRow("&Услуга", self.service)
        form.addRow("&Область действия", self.scope)
        form.addRow("&Вид" if self.norms else "&Зона", self.zone)
        unit = "на единицу" if self.norms else "₽ за единицу"
        form.addRow(f"Зна&чение ({unit})", self.value)
        form.addRow("Действует &с", self.date_from)
        form.addRow("Действует по", self.date_to)
        buttons = dialog_buttons(self, "Сохранить", self.try_save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _fill_zones(self) -> None:
        self.zone.clear()
        if self.norms:
            for key, title in NORM_KINDS.items():
                self.zone.addItem(title, key)
            return
        svc: ServiceChoice | None = self.service.currentData()
        zones = svc.zones if svc is not None else 1
        for z in range(0, zones + 1 if zones > 1 else 1):
            self.zone.addItem(ZONE_TITLES[z], z)
        self.zone.setEnabled(zones > 1)

    def _load(self, row: TariffRow | NormRow) -> None:
        _choose_item(self.service, lambda s: s.code == row.service_code)
        _choose_item(self.scope, lambda c: c.scope == row.scope and (c.id or None) == row.scope_id)
        key = row.kind if isinstance(row, NormRow) else row.zone
        _choose_item(self.zone, lambda z: z == key)
        self.value.setText(value_text(row.value) if self.norms else rub_value(row.value))

    def record(self) -> TariffInput | NormInput:
        svc: ServiceChoice = self.service.currentData()
        choice: ScopeChoice = self.scope.currentData()
        value = parse_value(self.value.text(), "Значение")
        sid = choice.id if choice.scope != Scope.EVERYWHERE else None
        rid = self.row.id if self.row else None
        if self.norms:
            return NormInput(svc.code, value, self.date_from.day(), self.date_to.day(),
                             choice.scope, sid, kind=self.zone.currentData(), id=rid)
        return TariffInput(svc.code, value, self.date_from.day(), self.date_to.day(),
                           choice.scope, sid, zone=self.zone.currentData() or 0, id=rid)

    def try_save(self) -> None:
        try:
            self.saved_id = self._save(self.record(), self.row.version if self.row else None)
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()


class ReplaceDialog(QDialog):
    """«Новое значение с даты»: the current record ends the day before, the new one begins."""

    def __init__(self, current: str, save: Callable[[Decimal, date], int], default_day: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Новое значение с даты")
        self._save = save
        self.saved_id: int | None = None
        self.value = QLineEdit()
        self.date_from = DateField(default_day)
        self.error = error_label()
        info = QLabel(f"Сейчас: {current}.\nТекущая запись закончится накануне указанной даты.")
        info.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Новое &значение", self.value)
        form.addRow("Действует &с", self.date_from)
        buttons = dialog_buttons(self, "Сохранить", self.try_save)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.value.setFocus()

    def try_save(self) -> None:
        try:
            value = parse_value(self.value.text(), "Новое значение")
            self.saved_id = self._save(value, self.date_from.day())
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()


def _choose_item(combo: QComboBox, match: Callable[[Any], bool]) -> None:
    for i in range(combo.count()):
        if match(combo.itemData(i)):
            combo.setCurrentIndex(i)
            return
