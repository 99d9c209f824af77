"""The workspace registry: what the main window can show, and to whom.

A workspace is a module in this package defining `SPEC = WorkspaceSpec(...)`. Adding a module is
all it takes: `app/ui/workspaces/readings.py` with `SPEC = WorkspaceSpec(key="readings", ...)`
replaces the planned «Показания» placeholder below. Planned workspaces without a module are shown
as honest placeholders that say what will come.
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
    key: str
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
    _planned("billing", "Начисления", Right.BILLING_RUN, 30,
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

_NOT_WORKSPACES = {"placeholder"}


def all_workspaces() -> list[WorkspaceSpec]:
    """Every workspace: modules of this package first, planned placeholders for the rest."""
    by_key = {spec.key: spec for spec in PLANNED}
    for info in pkgutil.iter_modules(__path__):
        if info.name in _NOT_WORKSPACES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, WorkspaceSpec):
            by_key[spec.key] = spec
    return sorted(by_key.values(), key=lambda s: (s.order, s.title))


def workspaces_for(actor: Actor) -> list[WorkspaceSpec]:
    return [spec for spec in all_workspaces() if actor.can(spec.right)]
