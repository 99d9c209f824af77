"""«Администрирование»: reference data, the audit log, backups — one tab per section.

The sections are a list: a new one is one line in `SECTIONS` (its key, its title and the page
built as `Page(ctx)`), nothing else to edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.rights import Right
from app.ui.context import Context
from app.ui.tabs import NamedTabs
from app.ui.workspaces import WorkspaceSpec
from app.ui.workspaces.admin.audit import AuditPage
from app.ui.workspaces.admin.backup import BackupPage
from app.ui.workspaces.admin.contracts import ContractsPage
from app.ui.workspaces.admin.housing import HousingPage
from app.ui.workspaces.admin.organizations import OrganizationsPage
from app.ui.workspaces.admin.services import ServicesPage


@dataclass(frozen=True)
class Section:
    key: str  # the tab's name: `workspace.tabs.show_tab(key)`
    title: str
    factory: Callable[[Context], QWidget]


SECTIONS: tuple[Section, ...] = (
    Section("organizations", "Организации", OrganizationsPage),
    Section("contracts", "Договоры", ContractsPage),
    Section("services", "Услуги", ServicesPage),
    Section("housing", "Дома и лицевые счета", HousingPage),
    Section("audit", "Журнал аудита", AuditPage),
    Section("backup", "Резервное копирование", BackupPage),
)


class AdminWorkspace(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        heading = QLabel("Администрирование")
        heading.setProperty("role", "title")
        self.tabs = NamedTabs()
        for section in SECTIONS:
            self.tabs.add(section.key, section.factory(ctx), section.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)

    def section(self, key: str) -> QWidget:
        return self.tabs.show_tab(key)


SPEC = WorkspaceSpec(key="admin", title="Администрирование", right=Right.ADMIN,
                     factory=AdminWorkspace, order=70,
                     summary="организации, договоры, услуги, дома и лицевые счета; журнал "
                             "аудита; резервные копии")
