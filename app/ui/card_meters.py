"""The card's «Приборы учёта» tab: the account's meters, and registering or replacing one.

Keyboard first: Insert opens «Новый прибор», Ctrl+R «Замена прибора» for the selected meter;
in the dialogs the fields go in Tab order, Enter saves, Esc cancels. The application layer
(`app.meters.registry`) checks everything; its refusal is shown under the fields and the input
stays. A replacement is one action: the old meter's final reading and the new one's initial
reading on the same date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.accounts.views import MeterRow
from app.errors import DomainError
from app.meters.registry import (
    METERED_RESOURCES,
    ZONED_RESOURCES,
    MeterData,
    Values,
    add_meter,
    replace_meter,
)
from app.meters.rules import parse_value
from app.models.enums import MeterKind, MeterStatus
from app.ui import labels as L
from app.ui.context import Context
from app.ui.forms import DateField, dialog_buttons, error_label, show_error
from app.ui.table_view import TablePanel
from app.ui.tables import accounts as columns
from app.ui.tables.rows import RowsModel


class MeterActions(NamedTuple):
    """The registry's use cases, bound to the database and the user by the main window."""

    add: Callable[[MeterData, Values | None], int]
    # old meter, date, its final readings, the new meter, its initial readings
    replace: Callable[[int, date, Values, MeterData, Values], int]


def meter_actions(ctx: Context, today: Callable[[], date] = date.today) -> MeterActions:
    """The card's meter writes, performed through `ctx` so every screen hears of them."""
    return MeterActions(
        add=lambda data, initial: ctx.perform(add_meter, data, today=today(), initial=initial),
        replace=lambda old, on, final, new, initial: ctx.perform(
            replace_meter, old, on=on, final=final, new=new, initial=initial, today=today()))


class ZoneValues(QWidget):
    """One reading per tariff zone («Т1», «Т2», «Т3»; a single box for a one-zone meter)."""

    def __init__(self, zones: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.edits: list[QLineEdit] = []
        self.set_zones(zones)

    def set_zones(self, zones: int) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from the form now, not at the next turn of the event loop
                widget.deleteLater()
        self.edits = []
        for z in range(1, zones + 1):
            if zones > 1:
                self.layout_.addWidget(QLabel(f"Т{z}"))
            edit = QLineEdit()
            edit.setPlaceholderText("показание")
            edit.setObjectName(f"zone{z}")
            self.layout_.addWidget(edit)
            self.edits.append(edit)
        self.setFocusProxy(self.edits[0])

    def blank(self) -> bool:
        return not any(e.text().strip() for e in self.edits)

    def values(self) -> dict[int, Decimal]:
        """Zone → reading; ValueError (with a Russian message) for a bad or missing one."""
        out = {}
        for z, edit in enumerate(self.edits, start=1):
            try:
                out[z] = parse_value(edit.text())
            except ValueError as exc:
                zone = f"зона Т{z}: " if len(self.edits) > 1 else ""
                raise ValueError(f"{zone}{exc}") from None
        return out


class _PassportFields:
    """Serial, model, digits and verification: what a new meter and a replacement share."""

    def __init__(self, form: QFormLayout, today: date) -> None:
        self.serial = QLineEdit()
        self.serial.setObjectName("serial")
        self.model = QLineEdit()
        self.digits = QSpinBox()
        self.digits.setRange(3, 9)
        self.digits.setValue(5)
        self.verified_on = DateField(today)
        self.interval = QSpinBox()
        self.interval.setRange(0, 20)
        self.interval.setSpecialValueText("не указан")
        self.interval.setValue(6)
        form.addRow("&Заводской номер:", self.serial)
        form.addRow("Модель:", self.model)
        form.addRow("Разрядность:", self.digits)
        form.addRow("Дата поверки:", self.verified_on)
        form.addRow("Межповерочный интервал, лет:", self.interval)

    def data(self, resource: str, zones: int, installed_on: date, account_id: int | None
             ) -> MeterData:
        return MeterData(kind=MeterKind.INDIVIDUAL.value, resource=resource,
                         serial=self.serial.text(), installed_on=installed_on,
                         account_id=account_id, model=self.model.text().strip() or None,
                         zones=zones, digits=self.digits.value(),
                         verified_on=self.verified_on.day(),
                         verification_interval_years=self.interval.value() or None)


class AddMeterDialog(QDialog):
    def __init__(self, account_id: int, today: date, actions: MeterActions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Новый прибор учёта")
        self.setMinimumWidth(520)
        self.account_id, self._use_cases = account_id, actions
        self.meter_id: int | None = None
        form = QFormLayout()
        self.resource = QComboBox()
        for value in METERED_RESOURCES:
            self.resource.addItem(L.title(L.RESOURCE, value.value), value.value)
        self.zones = QSpinBox()
        self.zones.setRange(1, 3)
        form.addRow("&Ресурс:", self.resource)
        form.addRow("Тарифных зон:", self.zones)
        self.passport = _PassportFields(form, today)
        self.installed_on = DateField(today)
        self.initial = ZoneValues(1)
        form.addRow("Дата &установки:", self.installed_on)
        form.addRow("&Начальное показание:", self.initial)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "Сохранить", self._save))
        self.resource.currentIndexChanged.connect(self._sync_zones)
        self.zones.valueChanged.connect(lambda n: self.initial.set_zones(n))
        self._sync_zones()

    def _sync_zones(self) -> None:
        zoned = self.resource.currentData() in ZONED_RESOURCES
        self.zones.setEnabled(zoned)
        if not zoned:
            self.zones.setValue(1)

    def _save(self) -> None:
        try:
            initial = None if self.initial.blank() else self.initial.values()
            data = self.passport.data(self.resource.currentData(), self.zones.value(),
                                      self.installed_on.day(), self.account_id)
            self.meter_id = self._use_cases.add(data, initial)
        except (DomainError, ValueError) as exc:
            show_error(self.error, getattr(exc, "message", None) or str(exc))
            return
        self.accept()


class ReplaceMeterDialog(QDialog):
    def __init__(self, meter: MeterRow, account_id: int, today: date, actions: MeterActions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Замена прибора учёта")
        self.setMinimumWidth(520)
        self.meter, self.account_id, self._use_cases = meter, account_id, actions
        self.meter_id: int | None = None
        last = " / ".join(L.quantity(v) for v in meter.last_values) or "нет"
        about = QLabel(f"{L.title(L.RESOURCE, meter.resource)}, прибор №{meter.serial}; "
                       f"последние показания: {last}")
        about.setWordWrap(True)
        form = QFormLayout()
        self.on = DateField(today)
        self.final = ZoneValues(meter.zones)
        form.addRow("&Дата замены:", self.on)
        form.addRow("&Конечное показание старого:", self.final)
        new = QLabel("Новый прибор")
        new.setStyleSheet("font-weight: 600; margin-top: 6px;")
        form.addRow(new)
        self.passport = _PassportFields(form, today)
        self.initial = ZoneValues(meter.zones)
        form.addRow("&Начальное показание нового:", self.initial)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "Заменить", self._save))
        self.final.setFocus()

    def _save(self) -> None:
        try:
            final, initial = self.final.values(), self.initial.values()
            on = self.on.day()
            data = self.passport.data(self.meter.resource, self.meter.zones, on,
                                      self.account_id)
            self.meter_id = self._use_cases.replace(self.meter.meter_id, on, final, data, initial)
        except (DomainError, ValueError) as exc:
            show_error(self.error, getattr(exc, "message", None) or str(exc))
            return
        self.accept()


class MetersTab(QWidget):
    """The meters table; with the right to keep meters, «Добавить» and «Заменить» below it."""

    def __init__(self, actions: MeterActions | None, reload: Callable[[], None],
                 today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self._use_cases, self._reload, self._today = actions, reload, today
        self.account_id = 0
        self.model = RowsModel(columns.METER_COLUMNS)
        self.panel = TablePanel(self.model, "Приборов учёта на счёте нет.")
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        self.add_button = QPushButton("Добавить прибор… (Insert)")
        self.replace_button = QPushButton("Заменить прибор… (Ctrl+R)")
        if actions is not None:
            buttons = QHBoxLayout()
            buttons.addWidget(self.add_button)
            buttons.addWidget(self.replace_button)
            buttons.addStretch(1)
            layout.addLayout(buttons)
            self.add_button.clicked.connect(self.add)
            self.replace_button.clicked.connect(self.replace)
            QShortcut(QKeySequence("Insert"), self, self.add)
            QShortcut(QKeySequence("Ctrl+R"), self, self.replace)
            self.panel.table.selectionModel().currentRowChanged.connect(self._sync)
        self._sync()

    def show_meters(self, account_id: int, meters: list[MeterRow]) -> None:
        self.account_id = account_id
        self.model.set_rows(meters)
        if self.model.rowCount():
            self.panel.table.setCurrentIndex(self.model.index(0, 0))
        self._sync()

    def selected(self) -> MeterRow | None:
        index = self.panel.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _sync(self, *_args: object) -> None:
        meter = self.selected()
        self.replace_button.setEnabled(meter is not None and meter.status == MeterStatus.ACTIVE)

    def add(self) -> AddMeterDialog | None:
        if self._use_cases is None:
            return None
        dialog = AddMeterDialog(self.account_id, self._today(), self._use_cases, self)
        dialog.accepted.connect(self._reload)
        dialog.open()
        return dialog

    def replace(self) -> ReplaceMeterDialog | None:
        meter = self.selected()
        if self._use_cases is None or meter is None or meter.status != MeterStatus.ACTIVE:
            return None
        dialog = ReplaceMeterDialog(meter, self.account_id, self._today(), self._use_cases, self)
        dialog.accepted.connect(self._reload)
        dialog.open()
        return dialog
