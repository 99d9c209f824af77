"""«Аналитика»: charged against collected by month, the collection rate, the debt by age and the
buildings that owe most, drawn as charts (pyqtgraph), each saved as a PNG."""

from app.rights import Right
from app.ui.workspaces import WorkspaceSpec
from app.ui.workspaces.analytics.page import AnalyticsPage

SPEC = WorkspaceSpec(key="analytics", title="Аналитика", right=Right.REPORTS,
                     factory=AnalyticsPage, order=65,
                     summary="начислено и собрано по месяцам, собираемость, долг по возрасту, "
                             "дома с наибольшим долгом; графики в PNG")
