"""«Начисления»: calculation and its results, closing the period, tariffs and norms."""

from app.rights import Right
from app.ui.workspaces import WorkspaceSpec
from app.ui.workspaces.accruals.page import AccrualsPage

SPEC = WorkspaceSpec(key="accruals", title="Начисления", right=Right.BILLING_RUN,
                     factory=AccrualsPage, order=30, shortcut_hint="Ctrl+R — рассчитать")
