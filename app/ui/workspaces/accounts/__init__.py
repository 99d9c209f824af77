"""«Лицевые счета»: find an account by number, name or address; Enter opens its card."""

from app.rights import Right
from app.ui.workspaces import WorkspaceSpec
from app.ui.workspaces.accounts.page import AccountsPage

SPEC = WorkspaceSpec(
    key="accounts", title="Лицевые счета", right=Right.ACCOUNT_VIEW, factory=AccountsPage,
    order=10,
    summary="поиск по номеру, фамилии или адресу; карточка счёта: проживающие и собственники, "
            "приборы учёта (установка и замена), начисления и оплаты, история операций "
            "с объяснением расчёта, заметки",
)
