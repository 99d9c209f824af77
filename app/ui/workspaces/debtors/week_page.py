"""The cases that need an action this week: the next action due within seven days of the date,
overdue ones first and marked. Enter shows the case among the court cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.changes import Change
from app.debtors.cases import CaseAction, cases_needing_action
from app.ui import keys
from app.ui.context import Context
from app.ui.forms import DateField, buddy_label
from app.ui.table_view import TablePanel
from app.ui.tables.rows import RIGHT, Column, RowsModel
from app.ui.workspaces.debtors.shared import day

OVERDUE = QColor("#b3261e")
COLUMNS = [
    Column("Срок", lambda a: day(a.next_action_on), width=90),
    Column("", lambda a: "просрочено" if a.overdue else "", width=90),
    Column("Дело", lambda a: str(a.case_id), RIGHT, width=50),
    Column("Лицевой счёт", lambda a: a.account, width=110),
    Column("Адрес", lambda a: a.address, width=260),
    Column("Стадия", lambda a: a.stage, width=170),
    Column("Что сделать", lambda a: a.next_action, stretch=True),
]


class WeekPage(QWidget):
    def __init__(self, ctx: Context, show_case: Callable[[int], None]) -> None:
        super().__init__()
        self.ctx, self.show_case = ctx, show_case
        self.on = DateField(date.today())
        self.on.dateChanged.connect(lambda _d: self.reload())
        self.model = RowsModel(COLUMNS)
        self.panel = TablePanel(self.model, "На этой неделе по делам ничего делать не нужно")
        self.table = self.panel.table
        self.table.doubleClicked.connect(lambda _i: self.open_case())
        self.status = QLabel("")
        top = QHBoxLayout()
        top.addWidget(buddy_label("Неделя &с", self.on))
        top.addWidget(self.on)
        top.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)
        keys.bind(self.table, "Return", "показать дело", self.open_case)
        keys.bind(self, "F5", "перечитать список", self.reload)
        ctx.subscribe(self.on_changes)
        self.reload()

    def reload(self) -> None:
        rows = cases_needing_action(self.ctx.db, self.ctx.actor, self.on.day())
        self.model.set_rows(rows)
        overdue = sum(1 for a in rows if a.overdue)
        self.status.setText(f"Дел, ждущих действий: {len(rows)}, из них просрочено: {overdue}")
        if rows:
            self.table.selectRow(0)

    def rows(self) -> list[CaseAction]:
        return self.model.rows()

    def open_case(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.show_case(self.model.row_at(index.row()).case_id)

    def on_changes(self, changes: Change) -> None:
        if changes & Change.DEBTORS:
            self.reload()
