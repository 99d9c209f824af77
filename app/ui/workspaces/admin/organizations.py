"""«Организации»: management companies, suppliers, banks and payment agents with requisites.

Insert adds, Enter (or a double click) edits the selected one. The dialog keeps the operator's
input when the save is refused — bad requisites, or someone else's change made meanwhile (the
record is then not overwritten: the operator reopens it and sees the other change).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.admin.organizations import TITLES, OrganizationData, list_organizations, save_organization
from app.changes import Change
from app.errors import DomainError
from app.titles import ORG_KIND
from app.ui import keys
from app.ui.context import Context
from app.ui.forms import buddy_label, dialog_buttons, error_label, show_error
from app.ui.table_view import make_table
from app.ui.tables.rows import Column, RowsModel

ALL = "— все виды —"

COLUMNS = [
    Column("Вид", lambda o: o.kind_title),
    Column("Наименование", lambda o: o.short_name, stretch=True),
    Column("ИНН", lambda o: o.inn),
    Column("КПП", lambda o: o.kpp or ""),
    Column("Банк", lambda o: o.bank_name or ""),
    Column("БИК", lambda o: o.bik or ""),
    Column("Расчётный счёт", lambda o: o.settlement_account or ""),
    Column("Телефон", lambda o: o.phone or ""),
]

# the form's fields in Tab order; the titles are the use case's (its messages name them so)
TEXT_FIELDS = ("name", "short_name", "inn", "kpp", "ogrn", "address", "phone", "email",
               "dispatcher_phone", "bank_name", "bik", "settlement_account", "corr_account")


class OrganizationDialog(QDialog):
    def __init__(self, ctx: Context, row: OrganizationData | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.saved: OrganizationData | None = None
        self.setWindowTitle("Организация" if row else "Новая организация")
        self.kind = QComboBox()
        self.kind.setObjectName("org_kind")
        for key, title in ORG_KIND.items():
            self.kind.addItem(title, key)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow(buddy_label("&Вид", self.kind), self.kind)
        for name in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"org_{name}")
            self.fields[name] = edit
            form.addRow(TITLES[name], edit)
        self.fields["name"].setMinimumWidth(420)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "Сохранить", self.try_save))
        if row is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(row.kind)))
            for name, edit in self.fields.items():
                edit.setText(getattr(row, name) or "")
            self.fields["short_name"].setFocus()
        else:
            self.kind.setFocus()

    def data(self) -> OrganizationData:
        values: dict[str, Any] = {name: edit.text() for name, edit in self.fields.items()}
        base = self.row or OrganizationData(kind="", name="", short_name="", inn="")
        return replace(base, kind=self.kind.currentData(), **values)

    def try_save(self) -> None:
        try:
            self.saved = self.ctx.perform(save_organization, self.data())
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()


class OrganizationsPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.kind = QComboBox()
        self.kind.setObjectName("orgs_kind")
        self.kind.addItem(ALL, None)
        for key, title in ORG_KIND.items():
            self.kind.addItem(title, key)
        self.kind.currentIndexChanged.connect(self.reload)
        self.add_button = QPushButton("Добавить (Insert)")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Изменить (Enter)")
        self.edit_button.clicked.connect(self.edit)
        self.model = RowsModel(COLUMNS)
        self.view = make_table(self.model)
        self.view.setObjectName("orgs_table")
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        top = QHBoxLayout()
        top.addWidget(buddy_label("В&ид", self.kind))
        top.addWidget(self.kind)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        keys.bind(self, "Insert", "Новая организация", self.add)
        keys.bind(self.view, "Return", "Изменить организацию", self.edit)
        ctx.subscribe(self.on_changes)
        self.reload()

    def on_changes(self, changes: Change) -> None:
        if changes & Change.REFERENCE:
            self.reload()

    def reload(self) -> None:
        rows = list_organizations(self.ctx.db, self.ctx.actor, self.kind.currentData())
        self.model.set_rows(rows)
        self.count.setText(f"Организаций: {len(rows)}")

    def selected(self) -> OrganizationData | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def add(self) -> OrganizationDialog:
        return self._open(None)

    def edit(self) -> OrganizationDialog | None:
        row = self.selected()
        return self._open(row) if row is not None else None

    def _open(self, row: OrganizationData | None) -> OrganizationDialog:
        self.dialog = OrganizationDialog(self.ctx, row, self)
        self.dialog.open()
        return self.dialog
