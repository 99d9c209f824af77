"""«Организации»: management companies, suppliers, banks and payment agents with requisites.

Insert adds, Enter (or a double click) edits the selected one. The dialog keeps the operator's
input when the save is refused — bad requisites, or someone else's change made meanwhile (the
record is then not overwritten: the operator reopens it and sees the other change).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.admin.organizations import TITLES, OrganizationData, list_organizations, save_organization
from app.titles import ORG_KIND
from app.ui.context import Context
from app.ui.forms import buddy_label
from app.ui.tables.rows import Column
from app.ui.workspaces.admin.listing import EditDialog, ListSection, choose, combo

COLUMNS = [
    Column("Вид", lambda o: o.kind_title),
    Column("Наименование", lambda o: o.short_name),  # fitted: the row is wider than the view
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


class OrganizationDialog(EditDialog):
    def __init__(self, ctx: Context, row: OrganizationData | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Организация" if row else "Новая организация", save_organization,
                         parent)
        self.row = row
        self.kind = combo(list(ORG_KIND.items()))
        self.kind.setObjectName("org_kind")
        self.fields: dict[str, QLineEdit] = {}
        self.form.addRow(buddy_label("&Вид", self.kind), self.kind)
        for name in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"org_{name}")
            self.fields[name] = edit
            self.form.addRow(TITLES[name], edit)
        self.fields["name"].setMinimumWidth(420)
        if row is not None:
            choose(self.kind, row.kind)
            for name, edit in self.fields.items():
                edit.setText(getattr(row, name) or "")
            self.fields["short_name"].setFocus()
        else:
            self.kind.setFocus()

    def collect(self) -> OrganizationData:
        values: dict[str, Any] = {name: edit.text() for name, edit in self.fields.items()}
        base = self.row or OrganizationData(kind="", name="", short_name="", inn="")
        return replace(base, kind=self.kind.currentData(), **values)


class OrganizationsPage(ListSection):
    what = "организация"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, COLUMNS, "orgs_table")
        self.kind: QComboBox = combo(list(ORG_KIND.items()), empty="— все виды —")
        self.kind.setObjectName("orgs_kind")
        self.kind.currentIndexChanged.connect(self.reload)
        self.top.insertWidget(0, buddy_label("В&ид", self.kind))
        self.top.insertWidget(1, self.kind)
        self.reload()

    def load(self) -> list[OrganizationData]:
        return list_organizations(self.ctx.db, self.ctx.actor, self.kind.currentData())

    def count_text(self, n: int) -> str:
        return f"Организаций: {n}"

    def dialog_for(self, row: OrganizationData | None) -> OrganizationDialog:
        return OrganizationDialog(self.ctx, row, self)
