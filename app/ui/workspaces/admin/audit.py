"""«Журнал аудита»: who changed what and when, with the values before and after.

Filters: user (or «система» — commands and batch jobs), a range of days, the kind of object, its
code, the action. F5 shows (newest first), Ctrl+E saves what is shown to Excel. The selected
entry's changed fields are listed below the table, each with its value before and after.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.admin.audit_log import (
    LIMIT,
    AuditFilter,
    AuditRow,
    Difference,
    audit_choices,
    audit_entries,
    value_text,
    write_audit_xlsx,
)
from app.changes import Change
from app.errors import DomainError
from app.titles import AUDIT_ENTITY
from app.ui import keys
from app.ui.context import Context
from app.ui.forms import DateField, buddy_label, error_label, show_error
from app.ui.table_view import make_table
from app.ui.tables.rows import Column, RowsModel

ANY = "— все —"
SYSTEM_USER = "система"

COLUMNS = [
    Column("Когда", lambda r: f"{r.at:%d.%m.%Y %H:%M:%S}"),
    Column("Пользователь", lambda r: r.user),
    Column("Действие", lambda r: r.action),
    Column("Объект", lambda r: AUDIT_ENTITY.get(r.entity, r.entity)),
    Column("Код", lambda r: r.entity_id or ""),
    Column("Что изменилось", lambda r: r.summary, tooltip=lambda r: r.summary or None,
           stretch=True),
]
DIFF_COLUMNS = [
    Column("Поле", lambda d: d.title, tooltip=lambda d: d.field),
    Column("Было", lambda d: value_text(d.before), tooltip=lambda d: value_text(d.before)),
    Column("Стало", lambda d: value_text(d.after), tooltip=lambda d: value_text(d.after),
           stretch=True),
]


class AuditPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[AuditRow] = []
        today = date.today()
        self.user = QComboBox()
        self.user.setObjectName("audit_user")
        self.date_from = DateField(today - timedelta(days=30))
        self.date_to = DateField(today)
        self.entity = QComboBox()
        self.entity.setObjectName("audit_entity")
        self.entity_id = QLineEdit()
        self.entity_id.setPlaceholderText("код объекта")
        self.entity_id.setMaximumWidth(110)
        self.action = QComboBox()
        self.action.setObjectName("audit_action")
        for box in (self.user, self.entity, self.action):
            box.setMinimumContentsLength(14)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.fill_choices()
        self.show_button = QPushButton("Показать (F5)")
        self.show_button.clicked.connect(self.search)
        self.excel_button = QPushButton("В Excel… (Ctrl+E)")
        self.excel_button.clicked.connect(self.save_excel)
        self.excel_button.setEnabled(False)

        first = QHBoxLayout()
        widgets: tuple[tuple[str, QWidget], ...] = (
            ("&Пользователь", self.user), ("&с", self.date_from), ("п&о", self.date_to))
        for text, widget in widgets:
            first.addWidget(buddy_label(text, widget))
            first.addWidget(widget)
        first.addStretch(1)
        first.addWidget(self.show_button)
        first.addWidget(self.excel_button)
        second = QHBoxLayout()
        widgets = (
            ("О&бъект", self.entity), ("&Код", self.entity_id), ("&Действие", self.action))
        for text, widget in widgets:
            second.addWidget(buddy_label(text, widget))
            second.addWidget(widget)
        second.addStretch(1)

        self.model = RowsModel(COLUMNS)
        self.view = make_table(self.model)
        self.view.setObjectName("audit_table")
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_details())
        self.details = RowsModel(DIFF_COLUMNS)
        self.details_view = make_table(self.details)
        self.details_view.setObjectName("audit_details")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.details_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.note = QLabel("Задайте отбор и нажмите F5")
        self.note.setProperty("role", "muted")
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.error)
        layout.addWidget(split, 1)
        layout.addWidget(self.note)
        keys.bind(self, "F5", "Показать записи журнала", self.search)
        keys.bind(self, "Ctrl+E", "Сохранить журнал в Excel", self.save_excel)
        ctx.subscribe(self.on_changes)

    def on_changes(self, _changes: Change) -> None:
        """Any write adds entries: the lists of objects and actions may have grown."""
        self.fill_choices()

    def fill_choices(self) -> None:
        choices = audit_choices(self.ctx.db, self.ctx.actor)
        for box, items in (
                (self.user, [("system", SYSTEM_USER), *choices.users]),
                (self.entity, [(e, AUDIT_ENTITY.get(e, e)) for e in choices.entities]),
                (self.action, [(a, a) for a in choices.actions])):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(ANY, None)
            for value, text in items:
                box.addItem(text, value)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        user = self.user.currentData()
        return AuditFilter(
            user_id=user if isinstance(user, int) else None, system=user == "system",
            date_from=self.date_from.day(), date_to=self.date_to.day(),
            entity=self.entity.currentData(), entity_id=self.entity_id.text().strip() or None,
            action=self.action.currentData())

    def search(self) -> None:
        try:
            self.rows = audit_entries(self.ctx.db, self.ctx.actor, self.current_filter())
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")
        self.model.set_rows(self.rows)
        self.details.set_rows([])
        more = f" (показаны последние {LIMIT} — сузьте отбор)" if len(self.rows) >= LIMIT else ""
        self.note.setText(f"Записей: {len(self.rows)}{more}")
        self.excel_button.setEnabled(bool(self.rows))
        if self.rows:
            self.view.selectRow(0)

    def show_details(self) -> None:
        index = self.view.currentIndex()
        diffs: list[Difference] = (self.model.row_at(index.row()).differences
                                   if index.isValid() else [])
        self.details.set_rows(diffs)

    def subtitle(self) -> str:
        f = self.current_filter()
        parts = [f"с {f.date_from:%d.%m.%Y} по {f.date_to:%d.%m.%Y}"]
        for box in (self.user, self.entity, self.action):
            if box.currentData() is not None:
                parts.append(box.currentText())
        if f.entity_id:
            parts.append(f"код {f.entity_id}")
        return ", ".join(parts)

    def save_excel(self) -> None:
        if not self.rows:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Сохранить журнал",
                                              f"журнал-аудита-{date.today():%Y-%m-%d}.xlsx",
                                              "Книга Excel (*.xlsx)")
        if not name:
            return
        try:
            path = write_audit_xlsx(self.rows, Path(name), self.subtitle())
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.note.setText(f"Сохранено: {path}")
