"""«Отчёты»: turnover statements, the charges summary and the payments journal for a range of
periods and a filter, shown as a table and saved to Excel."""

from app.rights import Right
from app.ui.workspaces import WorkspaceSpec
from app.ui.workspaces.reports.page import ReportsPage

SPEC = WorkspaceSpec(key="reports", title="Отчёты", right=Right.REPORTS, factory=ReportsPage,
                     order=60)
