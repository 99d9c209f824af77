"""«Начисления»: the accrual specialist's workspace — calculation and results, tariffs and norms.

Ctrl+R calculates the open period; the «Тарифы и нормативы» tab edits what the calculation uses.
Both tabs reload from the changes the main window broadcasts, whichever screen made them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.changes import Change
from app.ui.context import Context
from app.ui.tabs import NamedTabs
from app.ui.workspaces.accruals.run_page import RunPage
from app.ui.workspaces.accruals.tariffs_page import TariffsPage


class AccrualsPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.run_page = RunPage(ctx)
        self.tariffs_page = TariffsPage(ctx, self.default_day)
        self.tabs = NamedTabs()
        self.tabs.add("run", self.run_page, "Расчёт и результаты")
        self.tabs.add("tariffs", self.tariffs_page, "Тарифы и нормативы")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addWidget(self.tabs)
        self.setFocusProxy(self.run_page)

    def default_day(self) -> date:
        """New tariffs start by default on the first day of the open period."""
        period = self.run_page.current_open()
        return period.first_day if period is not None else date.today()

    def on_changes(self, changes: Change) -> None:
        self.run_page.on_changes(changes)
        self.tariffs_page.on_changes(changes)
