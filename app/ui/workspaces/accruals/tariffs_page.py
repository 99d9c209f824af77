"""«Тарифы и нормативы»: both tables by service with effective dates, and their editors.

Insert adds, Enter or F2 edits, Ctrl+D «новое значение с даты», Delete removes, Ctrl+M mass
change, F5 reloads. Editing buttons are shown only to users with the right to change tariffs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.changes import Change
from app.errors import DomainError, PeriodClosed
from app.rights import Right
from app.tariffs import editing, queries
from app.tariffs.mass_change import mass_tariff_change
from app.tariffs.views import AccountFilter, MassChangeResult, NormRow, TariffRow
from app.ui import keys
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
        self.service_filter.setMinimumContentsLength(22)
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
        actions = QHBoxLayout()  # a row of its own: the window fits 1280 px
        self.buttons: dict[str, QPushButton] = {}
        self.shortcuts: dict[str, QShortcut] = {}
        for key, text, what, keys_, slot in (
            ("add", "Добавить", "добавить тариф или норматив", "Ins", self.add),
            ("edit", "Изменить", "изменить выбранную запись", "F2", self.edit),
            ("replace", "Новое значение с даты", "новое значение выбранной записи с даты",
             "Ctrl+D", self.replace),
            ("delete", "Удалить", "удалить выбранную запись", "Del", self.delete),
            ("mass", "Массовое изменение…", "массовое изменение тарифа", "Ctrl+M",
             self.mass_change),
        ):
            button = QPushButton(text)
            button.setToolTip(f"{what[0].upper()}{what[1:]} ({keys.key_text(keys_)})")
            button.clicked.connect(slot)
            button.setVisible(can_edit)
            actions.addWidget(button)
            self.buttons[key] = button
            if can_edit:
                self.shortcuts[key] = keys.bind(self, keys_, what, slot)
        keys.bind(self, "F5", "перечитать тарифы и нормативы", self.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        if can_edit:
            actions.addStretch(1)
            layout.addLayout(actions)
        layout.addWidget(self.problems)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

    @property
    def on_norms(self) -> bool:
        return self.tabs.current_name() == "norms"

    def _sync_buttons(self) -> None:
        self.buttons["mass"].setEnabled(not self.on_norms)
        if "mass" in self.shortcuts:
            self.shortcuts["mass"].setEnabled(not self.on_norms)

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
        correct = editing.correct_norm if self.on_norms else editing.correct_tariff

        def run(inp: Any, version: int | None) -> int:
            return self._closed_period_aware(
                lambda: int(self.ctx.perform(save, inp, version)),
                lambda reason: self.ctx.perform(correct, inp, reason, version))
        return run

    def _closed_period_aware(self, plain: Callable[[], int],
                             retroactive: Callable[[str], editing.Retroactive]) -> int:
        """A change reaching into a closed period is refused as it stands; the user may state
        a reason, and then the change is saved and the difference recalculated into the open
        period — what was posted is shown."""
        try:
            return plain()
        except PeriodClosed as exc:
            reason, ok = QInputDialog.getText(
                self, "Изменение закрытого периода",
                f"{exc.message}.\n\nЧтобы всё же изменить, укажите причину: значение "
                "сохранится, а разница за закрытые периоды будет начислена перерасчётом "
                "в открытом периоде.\n\nПричина:")
            if not ok or not reason.strip():
                raise
        result = retroactive(reason)
        lines = result.recalculation.summary()
        if lines:
            QMessageBox.information(self, "Перерасчёт", "\n".join(lines[:MAX_SHOWN + 1]))
            self.message.setText(lines[0])
        return result.row_id

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

        retro = (editing.replace_norm_retroactively if self.on_norms
                 else editing.replace_retroactively)

        def save(value: Decimal, day: date) -> int:
            return self._closed_period_aware(
                lambda: int(self.ctx.perform(use_case, row.id, value, day, row.version)),
                lambda reason: self.ctx.perform(retro, row.id, value, day, reason,
                                                row.version))

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
