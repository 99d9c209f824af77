"""«Тарифы и нормативы»: both tables by service with effective dates, and their editors.

Insert adds, Enter or F2 edits, Ctrl+D «новое значение с даты», Delete removes, Ctrl+M mass
change, F5 reloads. Editing buttons are shown only to users with the right to change tariffs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.changes import Change
from app.errors import DomainError
from app.rights import Right
from app.tariffs import editing, queries
from app.tariffs.mass_change import mass_tariff_change
from app.tariffs.views import AccountFilter, MassChangeResult, NormRow, TariffRow
from app.ui import labels as L
from app.ui.context import Context
from app.ui.forms import buddy_label
from app.ui.table_view import TablePanel
from app.ui.tables.rows import RIGHT, Column, RowsModel
from app.ui.tabs import NamedTabs
from app.ui.workspaces.accruals.mass_dialog import MassChangeDialog
from app.ui.workspaces.accruals.record_dialog import (
    RecordDialog,
    ReplaceDialog,
    rub_value,
    value_text,
)

MAX_SHOWN = 5


def _until(day: date | None) -> str:
    return L.day(day) if day else "бессрочно"


TARIFF_COLUMNS = (
    Column("Услуга", lambda r: r.service_name),
    Column("Область действия", lambda r: r.scope_title),
    Column("Зона", lambda r: r.zone_title),
    Column("Тариф, ₽", lambda r: rub_value(r.value), RIGHT),
    Column("Ед.", lambda r: r.unit),
    Column("Действует с", lambda r: L.day(r.date_from)),
    Column("по", lambda r: _until(r.date_to)),
)

NORM_COLUMNS = (
    Column("Услуга", lambda r: r.service_name),
    Column("Вид", lambda r: r.kind_title),
    Column("Область действия", lambda r: r.scope_title),
    Column("Норматив", lambda r: value_text(r.value), RIGHT),
    Column("Ед.", lambda r: r.unit),
    Column("Действует с", lambda r: L.day(r.date_from)),
    Column("по", lambda r: _until(r.date_to)),
)


class TariffsPage(QWidget):
    def __init__(self, ctx: Context, default_day: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.default_day = ctx, default_day
        self.services = queries.list_services(ctx.db)
        self.service_filter = QComboBox()
        self.service_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.service_filter.setMinimumContentsLength(28)
        self.service_filter.addItem("Все услуги", None)
        for svc in self.services:
            self.service_filter.addItem(svc.name, svc.code)
        self.tariffs = RowsModel(TARIFF_COLUMNS)
        self.norms = RowsModel(NORM_COLUMNS)
        self.tabs = NamedTabs()
        self.tariff_panel = TablePanel(self.tariffs, "Тарифов нет")
        self.norm_panel = TablePanel(self.norms, "Нормативов нет")
        self.tabs.add("tariffs", self.tariff_panel, "Тарифы")
        self.tabs.add("norms", self.norm_panel, "Нормативы")
        self.message = QLabel()
        self.message.setProperty("role", "muted")
        self.message.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setProperty("role", "error")
        self.problems.setWordWrap(True)
        self.problems.setObjectName("overlaps")
        self._build()
        self.service_filter.currentIndexChanged.connect(self.reload)
        self.tabs.currentChanged.connect(self._sync_buttons)
        for panel in (self.tariff_panel, self.norm_panel):
            panel.table.doubleClicked.connect(lambda _i: self.edit())
        ctx.subscribe(self.on_changes)
        self.reload()

    def _build(self) -> None:
        can_edit = self.ctx.actor.can(Right.TARIFFS_EDIT)
        top = QHBoxLayout()
        top.addWidget(buddy_label("&Услуга:", self.service_filter))
        top.addWidget(self.service_filter)
        top.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, keys, slot in (
            ("add", "Добавить (Ins)", "Ins", self.add),
            ("edit", "Изменить (F2)", "F2", self.edit),
            ("replace", "Новое значение с даты (Ctrl+D)", "Ctrl+D", self.replace),
            ("delete", "Удалить (Del)", "Del", self.delete),
            ("mass", "Массовое изменение тарифа (Ctrl+M)", "Ctrl+M", self.mass_change),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setVisible(can_edit)
            top.addWidget(button)
            self.buttons[key] = button
            if can_edit:
                shortcut = QShortcut(QKeySequence(keys), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
        reload_key = QShortcut(QKeySequence("F5"), self)
        reload_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reload_key.activated.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.problems)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

    @property
    def on_norms(self) -> bool:
        return self.tabs.current_name() == "norms"

    def _sync_buttons(self) -> None:
        self.buttons["mass"].setEnabled(not self.on_norms)

    def on_changes(self, changes: Change) -> None:
        if changes & Change.TARIFFS:
            self.reload()

    def reload(self) -> None:
        code = self.service_filter.currentData()
        self.tariffs.set_rows(queries.list_tariffs(self.ctx.db, code))
        self.norms.set_rows(queries.list_norms(self.ctx.db, code))
        self._show_overlaps()
        self._sync_buttons()

    def _show_overlaps(self) -> None:
        """Overlapping spans (from an import or a direct edit) stop the calculation of the
        accounts they concern: say so here, where they are fixed."""
        found = queries.overlap_problems(self.ctx.db)
        lines = [f"• {p}" for p in found[:MAX_SHOWN]]
        if len(found) > MAX_SHOWN:
            lines.append(f"… и ещё {len(found) - MAX_SHOWN}")
        head = "Пересекаются даты действия — расчёт затронутых счетов не выполнится:"
        self.problems.setText("\n".join([head, *lines]) if found else "")
        self.problems.setVisible(bool(found))

    def current_table(self) -> QTableView:
        return (self.norm_panel if self.on_norms else self.tariff_panel).table

    def selected(self) -> TariffRow | NormRow | None:
        index = self.current_table().currentIndex()
        if not index.isValid():
            return None
        model = self.norms if self.on_norms else self.tariffs
        row: TariffRow | NormRow = model.row_at(index.row())
        return row

    def _saver(self) -> Callable[[Any, int | None], int]:
        save = editing.save_norm if self.on_norms else editing.save_tariff
        return lambda inp, version: self.ctx.perform(save, inp, version)

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        row = self.selected()
        if row is None:
            self.message.setText("Выберите запись в таблице")
            return
        self._open(row)

    def _open(self, row: TariffRow | NormRow | None) -> None:
        dialog = RecordDialog(norms=self.on_norms, services=self.services,
                              scopes=queries.scope_choices(self.ctx.db), row=row,
                              save=self._saver(), default_day=self.default_day(), parent=self)
        if dialog.exec():
            self.message.setText("Сохранено")

    def replace(self) -> None:
        row = self.selected()
        if row is None:
            self.message.setText("Выберите запись, значение которой меняется")
            return
        use_case = editing.close_and_replace_norm if self.on_norms else editing.close_and_replace

        def save(value: Decimal, day: date) -> int:
            return int(self.ctx.perform(use_case, row.id, value, day, row.version))

        until = f"по {L.day(row.date_to)}" if row.date_to else "бессрочно"
        current = (f"{row.service_name}, {row.scope_title}: {value_text(row.value)} {row.unit} "
                   f"с {L.day(row.date_from)} {until}")
        dialog = ReplaceDialog(current, save, self.default_day(), self)
        if dialog.exec():
            self.message.setText("Новое значение сохранено, прежнее закончено накануне")

    def delete(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self, "Удалить запись",
            f"Удалить {'норматив' if self.on_norms else 'тариф'} {row.service_name} "
            f"{value_text(row.value)} с {L.day(row.date_from)}?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.perform(editing.delete_norm if self.on_norms else editing.delete_tariff,
                             row.id, row.version)
        except DomainError as exc:
            QMessageBox.warning(self, "Запись не удалена", exc.message)
            return
        self.message.setText("Запись удалена")

    def mass_change(self) -> None:
        db = self.ctx.db

        def change(code: str, value: Decimal, day: date, flt: AccountFilter,
                   zone: int) -> MassChangeResult:
            result: MassChangeResult = self.ctx.perform(mass_tariff_change, code, value, day,
                                                        flt, zone)
            return result

        dialog = MassChangeDialog(self.services, queries.companies(db),
                                  queries.scope_choices(db), change, self.default_day(), self)
        if dialog.exec() and dialog.result_value is not None:
            self.message.setText(dialog.result_value.summary())
