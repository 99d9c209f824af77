"""«Перерасчёты и пени»: retroactive recalculation with a preview, the key-rate table, and the
penalty calculation of an account on a date."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.rights import Right
from app.ui.context import Context
from app.ui.workspaces import WorkspaceSpec
from app.ui.workspaces.recalc.key_rates import KeyRatesPage
from app.ui.workspaces.recalc.penalty import PenaltyPage
from app.ui.workspaces.recalc.retro import RecalcPage


class RecalcWorkspace(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        heading = QLabel("Перерасчёты и пени")
        heading.setProperty("role", "title")
        self.tabs = QTabWidget()
        self.recalc = RecalcPage(ctx)
        self.penalty = PenaltyPage(ctx)
        self.key_rates = KeyRatesPage(ctx)
        self.tabs.addTab(self.recalc, "Перерасчёт прошлых периодов")
        self.tabs.addTab(self.penalty, "Пени по лицевому счёту")
        self.tabs.addTab(self.key_rates, "Ключевая ставка")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)


SPEC = WorkspaceSpec(key="recalc", title="Перерасчёты и пени", right=Right.BILLING_RUN,
                     factory=RecalcWorkspace, order=45)
