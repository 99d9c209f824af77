"""«Показания»: a month of meter readings typed by house, street or route; files loaded."""

from app.rights import Right
from app.ui.workspaces import WorkspaceSpec
from app.ui.workspaces.readings.page import ReadingsPage

SPEC = WorkspaceSpec(key="readings", title="Показания", right=Right.READINGS_ENTER,
                     factory=ReadingsPage, order=40)
