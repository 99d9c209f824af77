"""The workspace registry: what the main window can show, and to whom.

Where a new workspace goes — one folder, nothing else to edit:

    app/ui/workspaces/<key>/__init__.py   SPEC = WorkspaceSpec(key="<key>", title=..., right=...,
                                                               factory=<Page>, order=...)
    app/ui/workspaces/<key>/page.py       the page: a QWidget built as `<Page>(ctx: Context)`
    app/ui/workspaces/<key>/*.py          its panels and dialogs, private to the workspace

The folder's name is the workspace's key (the main window shows a workspace by it:
`window.show_workspace("readings")`); a test checks they agree. The registry imports every
package here and takes its `SPEC`; a planned workspace without a package is shown as an honest
placeholder (`PLANNED` below) until its package lands and replaces it. Shared building blocks live
one level up: `app.ui.forms` (form fields, dialog buttons, error lines), `app.ui.tables` (table
models and column sets), `app.ui.table_view`, `app.ui.jobs` (long work with progress and cancel).

A page learns that data changed from what a use case reports it changes (`app.changes`,
`@reports(Change.TARIFFS)`): the page performs a use case with `ctx.perform(...)` (a job's result
with `ctx.changed(...)`), the context broadcasts the `Change` to every subscriber — each page that
called `ctx.subscribe(self.on_changes)`, and the main window, which passes it to the status bar
and the open account cards — and each reloads what it shows if that changed. No page reaches into
another or knows tab numbers (`app.ui.tabs.NamedTabs`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from app.rights import Actor, Right
from app.ui.context import Context


@dataclass(frozen=True)
class WorkspaceSpec:
    key: str  # the package's name
    title: str
    right: Right  # shown only to users who have it
    factory: Callable[[Context], QWidget]
    placeholder_text: str = ""  # for planned workspaces: what the section will do
    order: int = 100  # position in the navigation
    shortcut_hint: str = ""


def _planned(key: str, title: str, right: Right, order: int, text: str) -> WorkspaceSpec:
    from app.ui.workspaces.placeholder import PlaceholderPage

    return WorkspaceSpec(key=key, title=title, right=right, order=order, placeholder_text=text,
                         factory=lambda _ctx: PlaceholderPage(title, text))


PLANNED: tuple[WorkspaceSpec, ...] = (
    _planned("cashdesk", "Касса", Right.CASH_TAKE, 20,
             "Раздел появится в следующей версии: приём платежей по штрихкоду с платёжного "
             "документа, кассовые смены, чеки, отмена платежа с указанием причины."),
    _planned("accruals", "Начисления", Right.BILLING_RUN, 30,
             "Раздел появится в следующей версии: расчёт начислений за период, перерасчёты, "
             "пени, тарифы и нормативы, закрытие периода."),
    _planned("readings", "Показания", Right.READINGS_ENTER, 40,
             "Раздел появится в следующей версии: ввод показаний приборов учёта по дому "
             "таблицей, загрузка показаний из файла, контроль необычного расхода."),
    _planned("passport", "Паспортный стол", Right.PASSPORT_EDIT, 50,
             "Раздел появится в следующей версии: регистрация и снятие с учёта, временное "
             "отсутствие, собственники, справки о составе семьи."),
    _planned("reports", "Отчёты", Right.REPORTS, 60,
             "Раздел появится в следующей версии: оборотно-сальдовая ведомость, список "
             "должников, сверка с поставщиками, печать платёжных документов."),
    _planned("admin", "Администрирование", Right.ADMIN, 70,
             "Раздел появится в следующей версии: пользователи и роли, области видимости, "
             "организации и договоры, резервное копирование."),
)


def workspace_packages() -> list[str]:
    """The names of the workspace packages in this folder (modules beside them are helpers)."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__)
                  if info.ispkg and not info.name.startswith("_"))


def all_workspaces() -> list[WorkspaceSpec]:
    """Every workspace: the packages of this folder first, planned placeholders for the rest."""
    by_key = {spec.key: spec for spec in PLANNED}
    for name in workspace_packages():
        module = importlib.import_module(f"{__name__}.{name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, WorkspaceSpec):
            by_key[spec.key] = spec
    return sorted(by_key.values(), key=lambda s: (s.order, s.title))


def workspaces_for(actor: Actor) -> list[WorkspaceSpec]:
    return [spec for spec in all_workspaces() if actor.can(spec.right)]
