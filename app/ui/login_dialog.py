"""The login dialog: Enter submits; a refusal is shown in the dialog, the login kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
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

Authenticate = Callable[[str, str], Actor]


class LoginDialog(QDialog):
    def __init__(self, authenticate: Authenticate, *, database: str = "", hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        self.actor: Actor | None = None
        self.setWindowTitle("Квартал — вход")
        self.setMinimumWidth(400)

        heading = QLabel("Квартал. Расчёты ЖКХ")
        heading.setProperty("role", "title")
        self.login_edit = QLineEdit()
        self.login_edit.setObjectName("login")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("Логин:", self.login_edit)
        form.addRow("Пароль:", self.password_edit)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Войти", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Выход", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        if database:
            where = QLabel(f"База данных: {database}")
            where.setProperty("role", "muted")
            where.setWordWrap(True)
            layout.addWidget(where)
        layout.addLayout(form)
        if hint:
            tip = QLabel(hint)
            tip.setProperty("role", "muted")
            tip.setWordWrap(True)
            layout.addWidget(tip)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # Enter is handled here, not by the default button, so it never submits twice
        self.login_edit.installEventFilter(self)
        self.password_edit.installEventFilter(self)
        self.login_edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            if watched is self.login_edit and not self.password_edit.text():
                self.password_edit.setFocus()
            else:
                self.submit()
            return True
        return super().eventFilter(watched, event)

    def submit(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the KDF takes ~0.1 s
        try:
            self.actor = self._authenticate(self.login_edit.text(), self.password_edit.text())
        except DomainError as exc:
            self.error.setText(exc.message)
            self.password_edit.clear()
            (self.password_edit if self.login_edit.text().strip() else self.login_edit).setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
