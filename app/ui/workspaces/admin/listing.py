"""What the reference sections share: a table of records with «Добавить (Insert)» and
«Изменить (Enter)», reloaded when a use case reports a change of reference data, and the edit
dialog's frame — a form, the error line under it, «Сохранить» that keeps the input when the
save is refused (bad input, or someone else's change: the record is not overwritten)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.changes import Change
from app.errors import DomainError
from app.ui import keys
from app.ui.context import Context
from app.ui.forms import dialog_buttons, error_label, show_error
from app.ui.table_view import make_table
from app.ui.tables.rows import Column, RowsModel


class EditDialog(QDialog):
    """A form for one use case: `ctx.perform(use_case, *self.arguments())` — by default the
    record `collect()` builds — so the change it reports reaches every screen."""

    def __init__(self, ctx: Context, title: str, use_case: Callable[..., Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.use_case = ctx, use_case
        self.saved: Any = None
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "Сохранить", self.try_save))

    def collect(self) -> Any:
        raise NotImplementedError

    def arguments(self) -> tuple[Any, ...]:
        return (self.collect(),)

    def try_save(self) -> None:
        try:
            self.saved = self.ctx.perform(self.use_case, *self.arguments())
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()


def combo(items: Sequence[tuple[object, str]], empty: str | None = None) -> QComboBox:
    box = QComboBox()
    if empty is not None:
        box.addItem(empty, None)
    for value, text in items:
        box.addItem(text, value)
    return box


def choose(box: QComboBox, value: object) -> None:
    box.setCurrentIndex(max(0, box.findData(value)))


class ListSection(QWidget):
    """`load()` gives the rows; `dialog(row)` makes the edit dialog (row None: a new record)."""

    what = "запись"  # «Новая организация» — the shortcut list's words
    reload_on = Change.REFERENCE

    def __init__(self, ctx: Context, columns: Sequence[Column], name: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialog: QDialog | None = None
        self.add_button = QPushButton("Добавить (Insert)")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Изменить (Enter)")
        self.edit_button.clicked.connect(self.edit)
        self.model = RowsModel(columns)
        self.view = make_table(self.model)
        self.view.setObjectName(name)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        self.top = QHBoxLayout()
        self.top.addStretch(1)
        self.top.addWidget(self.add_button)
        self.top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        keys.bind(self, "Insert", f"Добавить: {self.what}", self.add)
        keys.bind(self.view, "Return", f"Изменить: {self.what}", self.edit)
        ctx.subscribe(self.on_changes)

    def load(self) -> list[Any]:
        raise NotImplementedError

    def dialog_for(self, row: Any | None) -> QDialog:
        raise NotImplementedError

    def count_text(self, n: int) -> str:
        return f"Записей: {n}"

    def on_changes(self, changes: Change) -> None:
        if changes & self.reload_on:
            self.reload()

    def reload(self) -> None:
        rows = self.load()
        self.model.set_rows(rows)
        self.count.setText(self.count_text(len(rows)))

    def selected(self) -> Any | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def add(self) -> QDialog:
        return self._open(None)

    def edit(self) -> QDialog | None:
        row = self.selected()
        return self._open(row) if row is not None else None

    def _open(self, row: Any | None) -> QDialog:
        self.dialog = self.dialog_for(row)
        self.dialog.open()
        return self.dialog
