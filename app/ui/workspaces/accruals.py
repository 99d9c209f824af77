"""«Начисления»: the accrual specialist's workspace — calculation and results, tariffs and norms.

Ctrl+R calculates the open period; the «Тарифы и нормативы» tab edits what the calculation uses.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.rights import Right
from app.ui.accruals.run_page import RunPage
from app.ui.accruals.tariffs_page import TariffsPage
from app.ui.context import Context
from app.ui.workspaces import WorkspaceSpec


class AccrualsPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.run_page = RunPage(ctx)
        self.tariffs_page = TariffsPage(ctx, self.default_day)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.run_page, "Расчёт и результаты")
        self.tabs.addTab(self.tariffs_page, "Тарифы и нормативы")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addWidget(self.tabs)
        self.setFocusProxy(self.run_page)

    def default_day(self) -> date:
        """New tariffs start by default on the first day of the open period."""
        period = self.run_page.current_open()
        return period.first_day if period is not None else date.today()

    def _tab_changed(self, index: int) -> None:
        # the other tab may have changed what this one shows (a closed period, new tariffs)
        if index == 0:
            self.run_page.results.reload()
        else:
            self.tariffs_page.reload()


SPEC = WorkspaceSpec(key="billing", title="Начисления", right=Right.BILLING_RUN,
                     factory=AccrualsPage, order=30, shortcut_hint="Ctrl+R — рассчитать")
