"""A new database has no users: the first person to start it creates the administrator."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError
from app.rights import Actor

CreateAdmin = Callable[[str, str, str, str], Actor]


class FirstAdminDialog(QDialog):
    def __init__(self, create: CreateAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._create = create
        self.actor: Actor | None = None
        self.setWindowTitle("Квартал — первый запуск")
        self.setMinimumWidth(440)
        intro = QLabel("В базе ещё нет пользователей. Создайте администратора: он заведёт "
                       "остальных пользователей и их права.")
        intro.setWordWrap(True)
        self.login_edit = QLineEdit("admin")
        self.login_edit.setObjectName("adminLogin")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("adminName")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("adminPassword")
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("adminRepeat")
        for edit in (self.password_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("Логин:", self.login_edit)
        form.addRow("ФИО:", self.name_edit)
        form.addRow("Пароль:", self.password_edit)
        form.addRow("Пароль ещё раз:", self.repeat_edit)
        self.error = QLabel()
        self.error.setObjectName("adminError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox()
        ok = buttons.addButton("Создать и войти", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.addButton("Выход", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.name_edit.setFocus()

    def submit(self) -> None:
        try:
            self.actor = self._create(self.login_edit.text(), self.name_edit.text(),
                                      self.password_edit.text(), self.repeat_edit.text())
        except DomainError as exc:
            self.error.setText(exc.message)
            self.password_edit.clear()
            self.repeat_edit.clear()
            self.password_edit.setFocus()
            return
        self.accept()
