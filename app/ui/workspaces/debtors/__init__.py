"""«Должники» — the lawyer's workspace (претензионно-исковая работа): the debtor list by
criteria with each account's debt by month and penalties, repayment agreements followed by the
payments, notices and warnings printed for a list, court cases by stage and the cases that need
an action this week."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.calc.period import Period
from app.debtors.views import debtor_choices
from app.rights import Right
from app.ui.context import Context
from app.ui.tabs import NamedTabs
from app.ui.workspaces import WorkspaceSpec
from app.ui.workspaces.debtors.cases_page import CasesPage
from app.ui.workspaces.debtors.list_page import DebtorListPage
from app.ui.workspaces.debtors.week_page import WeekPage


class DebtorsWorkspace(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        heading = QLabel("Должники")
        heading.setProperty("role", "title")
        self.tabs = NamedTabs()
        self.debtors = DebtorListPage(ctx, debtor_choices(ctx.db, ctx.actor), self.new_case)
        self.cases = CasesPage(ctx)
        self.week = WeekPage(ctx, self.show_case)
        self.tabs.add("debtors", self.debtors, "Список должников")
        self.tabs.add("cases", self.cases, "Судебные дела")
        self.tabs.add("week", self.week, "Действия на неделе")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self.setFocusProxy(self.debtors)

    def new_case(self, number: str, debt: int, first: Period | None,
                 last: Period | None) -> None:
        self.tabs.show_tab("cases")
        self.cases.new_case(number, debt, first, last)

    def show_case(self, case_id: int) -> None:
        self.tabs.show_tab("cases")
        self.cases.show_case(case_id)


SPEC = WorkspaceSpec(key="debtors", title="Должники", right=Right.DEBTORS,
                     factory=DebtorsWorkspace, order=58,
                     summary="должники по условиям, рассрочки, уведомления и предупреждения, "
                             "судебные дела")
