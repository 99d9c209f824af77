"""«Касса»: payments taken by scanning the payment document's code, shifts, receipts."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.rights import Right
from app.ui.context import Context
from app.ui.workspaces import WorkspaceSpec


def _page(ctx: Context) -> QWidget:
    from app.ui.workspaces.cashdesk.page import DeskPage

    return DeskPage(ctx)


SPEC = WorkspaceSpec(key="cashdesk", title="Касса", right=Right.CASH_TAKE, factory=_page,
                     order=20)
