"""«Пользователи и роли»: users with roles and visibility scope, lockouts and passwords; custom
roles composed from rights (issue #23)."""

from app.rights import Right
from app.ui.workspaces import WorkspaceSpec
from app.ui.workspaces.users.page import UsersPage

SPEC = WorkspaceSpec(key="users", title="Пользователи и роли", right=Right.ADMIN,
                     factory=UsersPage, order=72,
                     summary="пользователи, роли из набора прав, зоны обслуживания, "
                             "блокировка входа после неверных паролей, сброс пароля")
