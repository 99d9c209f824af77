"""«Паспортный стол»: registrations of residents, their documents, the flat's history."""

from __future__ import annotations

from app.rights import Right
from app.ui.workspaces import WorkspaceSpec
from app.ui.workspaces.passport.page import PassportPage

SPEC = WorkspaceSpec(key="passport", title="Паспортный стол", right=Right.PASSPORT_EDIT,
                     factory=PassportPage, order=50,
                     shortcut_hint="Ins — прибытие, Del — убытие, F3 — документы")
