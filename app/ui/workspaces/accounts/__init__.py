"""«Лицевые счета»: find an account by number, name or address; Enter opens its card."""

from app.rights import Right
from app.ui.workspaces import WorkspaceSpec
from app.ui.workspaces.accounts.page import AccountsPage

SPEC = WorkspaceSpec(key="accounts", title="Лицевые счета", right=Right.ACCOUNT_VIEW,
                     factory=AccountsPage, order=10)
