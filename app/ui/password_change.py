"""«Файл → Сменить пароль…»: the logged-in user sets a new password, knowing the current one."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.auth.users import change_own_password as change
from app.ui.context import Context
from app.ui.workspaces.users.dialogs import PasswordDialog


def change_own_password(ctx: Context, parent: QWidget | None) -> bool:
    def save(old: str, new: str, repeat: str) -> object:
        return ctx.perform(change, old, new, repeat)

    dialog = PasswordDialog("Смена пароля", save, old=True, parent=parent)
    if not dialog.exec():
        return False
    QMessageBox.information(parent, "Смена пароля", "Пароль изменён; при следующем входе "
                                                    "вводите новый")
    return True
