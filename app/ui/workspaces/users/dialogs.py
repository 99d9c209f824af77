"""The users-and-roles dialogs: a user (roles, visibility scope, blocked), a custom role (its
rights), a password (set by the administrator or changed by its owner). Space ticks a line of a
list; a refused save shows its Russian reason under the form and keeps what was typed."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.auth.views import RoleView, ScopeItem, UserForm, UserView
from app.errors import DomainError
from app.titles import RIGHT
from app.ui.forms import dialog_buttons, error_label, show_error

CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


class CheckList(QListWidget):
    """Lines with a tick box each; Space ticks the current line."""

    def __init__(self, items: Iterable[tuple[str, object]], ticked: Iterable[object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        chosen = set(ticked)
        for title, value in items:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                          | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(CHECKED if value in chosen else UNCHECKED)
            self.addItem(item)
        if self.count():
            self.setCurrentRow(0)

    def values(self) -> list[object]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == CHECKED]

    def tick(self, value: object, on: bool = True) -> None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == value:
                self.item(i).setCheckState(CHECKED if on else UNCHECKED)


def password_fields() -> tuple[QLineEdit, QLineEdit]:
    first, again = QLineEdit(), QLineEdit()
    for field in (first, again):
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return first, again


class UserDialog(QDialog):
    """A new user (`user` None: login and password asked) or an existing one."""

    def __init__(self, *, user: UserView | None, roles: list[RoleView], places: list[ScopeItem],
                 save: Callable[[UserForm, str, str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user, self._save = user, save
        self.setWindowTitle(f"Пользователь {user.login}" if user else "Новый пользователь")
        self.login = QLineEdit(user.login if user else "")
        self.login.setReadOnly(user is not None)
        self.full_name = QLineEdit(user.full_name if user else "")
        self.password, self.repeat = password_fields()
        self.roles = CheckList(((r.title, r.name) for r in roles), user.roles if user else ())
        self.scope = CheckList(
            ((("УК: " if p.kind == "company" else "Дом: ") + p.title, (p.kind, p.id))
             for p in places),
            [("company", c) for c in (user.company_ids if user else ())]
            + [("building", b) for b in (user.building_ids if user else ())])
        self.active = QCheckBox("&Может входить (снимите, чтобы заблокировать)")
        self.active.setChecked(user.active if user else True)
        self.error = error_label()
        form = QFormLayout()
        form.addRow("&Логин", self.login)
        form.addRow("&ФИО", self.full_name)
        if user is None:
            form.addRow("&Пароль", self.password)
            form.addRow("Пароль ещё &раз", self.repeat)
        lists = QHBoxLayout()
        for title, widget in (("&Роли", self.roles),
                              ("&Зона обслуживания (ничего не отмечено — все дома)", self.scope)):
            column = QVBoxLayout()
            label = QLabel(title)
            label.setBuddy(widget)
            label.setWordWrap(True)
            column.addWidget(label)
            column.addWidget(widget)
            lists.addLayout(column)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(lists, 1)
        layout.addWidget(self.active)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "Сохранить", self.try_save))
        self.setMinimumSize(720, 480)
        (self.full_name if user else self.login).setFocus()

    def form(self) -> UserForm:
        places = [v for v in self.scope.values() if isinstance(v, tuple)]
        return UserForm(self.login.text(), self.full_name.text(),
                        tuple(str(r) for r in self.roles.values()),
                        frozenset(i for k, i in places if k == "company"),
                        frozenset(i for k, i in places if k == "building"),
                        self.active.isChecked())

    def try_save(self) -> None:
        try:
            self._save(self.form(), self.password.text(), self.repeat.text())
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()


class RoleDialog(QDialog):
    """A custom role: code (fixed once made), title and the rights it grants."""

    def __init__(self, *, role: RoleView | None,
                 save: Callable[[str, str, frozenset[str]], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(f"Роль «{role.title}»" if role else "Новая роль")
        self.name = QLineEdit(role.name if role else "")
        self.name.setReadOnly(role is not None)
        self.name.setPlaceholderText("латиницей, например kassir_otchety")
        self.title = QLineEdit(role.title if role else "")
        self.rights = CheckList(((title, code) for code, title in RIGHT.items()),
                                role.rights if role else ())
        self.error = error_label()
        form = QFormLayout()
        form.addRow("&Код", self.name)
        form.addRow("&Название", self.title)
        form.addRow("&Права", self.rights)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "Сохранить", self.try_save))
        self.setMinimumSize(520, 520)
        (self.title if role else self.name).setFocus()

    def try_save(self) -> None:
        try:
            self._save(self.name.text(), self.title.text(),
                       frozenset(str(r) for r in self.rights.values()))
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()


class PasswordDialog(QDialog):
    """A new password twice; with `old=True`, the current one first (a user's own change)."""

    def __init__(self, title: str, save: Callable[[str, str, str], object], *, old: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(title)
        self.old = QLineEdit()
        self.old.setEchoMode(QLineEdit.EchoMode.Password)
        self.password, self.repeat = password_fields()
        self.error = error_label()
        form = QFormLayout()
        if old:
            form.addRow("&Текущий пароль", self.old)
        form.addRow("&Новый пароль", self.password)
        form.addRow("Новый пароль ещё &раз", self.repeat)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "Сохранить", self.try_save))
        self.setMinimumWidth(420)
        (self.old if old else self.password).setFocus()

    def try_save(self) -> None:
        try:
            self._save(self.old.text(), self.password.text(), self.repeat.text())
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()
