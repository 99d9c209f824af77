"""«Пользователи и роли»: the users with their roles, visibility scope, last login and lockout;
the roles, built-in and custom.

Insert adds, F2 or Enter edits, Ctrl+R sets a new password, Ctrl+U lifts a lockout, Delete
removes a custom role, F5 reloads; Ctrl+PgUp/PgDown switch between the two tables.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.auth import roles as role_cases
from app.auth import users as user_cases
from app.auth.views import RoleView, UserForm, UserView
from app.changes import Change
from app.errors import DomainError
from app.titles import RIGHT
from app.ui import keys
from app.ui import labels as L
from app.ui.context import Context
from app.ui.table_view import TablePanel
from app.ui.tables.rows import CENTER, Column, RowsModel
from app.ui.tables.rows import RIGHT as RIGHT_ALIGN
from app.ui.tabs import NamedTabs
from app.ui.workspaces.users.dialogs import PasswordDialog, RoleDialog, UserDialog


def state_text(user: UserView) -> str:
    if not user.active:
        return "заблокирован"
    if user.locked_until is not None and user.locked_until > datetime.now(UTC):
        return f"вход закрыт до {L.moment(user.locked_until)}"
    if user.failed_logins:
        return f"неверных паролей: {user.failed_logins}"
    return "работает"


USER_COLUMNS = (
    Column("Логин", lambda u: u.login),
    Column("ФИО", lambda u: u.full_name),
    Column("Роли", lambda u: u.roles_title),
    Column("Зона обслуживания", lambda u: u.scope_title, width=220),
    Column("Последний вход", lambda u: L.moment(u.last_login_at) if u.last_login_at
           else "не входил"),
    Column("Состояние", state_text, stretch=True),
)

ROLE_COLUMNS = (
    Column("Роль", lambda r: r.title),
    Column("Код", lambda r: r.name),
    Column("Вид", lambda r: "встроенная" if r.builtin else "своя"),
    Column("Пользователей", lambda r: str(r.users), RIGHT_ALIGN),
    Column("Прав", lambda r: str(len(r.rights)), CENTER),
    Column("Права", lambda r: ", ".join(t for c, t in RIGHT.items() if c in r.rights),
           tooltip=lambda r: "\n".join(t for c, t in RIGHT.items() if c in r.rights),
           stretch=True),
)


class UsersPage(QWidget):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.users = RowsModel(USER_COLUMNS)
        self.roles = RowsModel(ROLE_COLUMNS)
        self.user_panel = TablePanel(self.users, "Пользователей нет")
        self.role_panel = TablePanel(self.roles, "Ролей нет")
        self.tabs = NamedTabs()
        self.tabs.add("users", self.user_panel, "Пользователи")
        self.tabs.add("roles", self.role_panel, "Роли")
        self.message = QLabel()
        self.message.setProperty("role", "muted")
        self.message.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, what, keys_, slot in (
            ("add", "Добавить", "добавить пользователя или роль", "Ins", self.add),
            ("edit", "Изменить", "изменить выбранного пользователя или роль", "F2", self.edit),
            ("password", "Новый пароль…", "задать пользователю новый пароль", "Ctrl+R",
             self.reset_password),
            ("unlock", "Разблокировать вход", "снять блокировку входа после неверных паролей",
             "Ctrl+U", self.unlock),
            ("delete", "Удалить роль", "удалить выбранную свою роль", "Del", self.delete_role),
        ):
            button = QPushButton(text)
            button.setToolTip(f"{what[0].upper()}{what[1:]} ({keys.key_text(keys_)})")
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
            keys.bind(self, keys_, what, slot)
        row.addStretch(1)
        keys.bind(self, "F5", "перечитать пользователей и роли", self.reload)
        for panel in (self.user_panel, self.role_panel):
            panel.table.doubleClicked.connect(lambda _i: self.edit())
            # the table's own key: not while the focus is in a dialog opened over the page
            keys.bind(panel.table, "Return", "изменить выбранную строку", self.edit,
                      context=Qt.ShortcutContext.WidgetShortcut)
        heading = QLabel("Пользователи и роли")
        heading.setProperty("role", "title")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.tabs.currentChanged.connect(self._sync_buttons)
        ctx.subscribe(self.on_changes)
        self.reload()
        self.setFocusProxy(self.user_panel.table)

    @property
    def on_roles(self) -> bool:
        return self.tabs.current_name() == "roles"

    def _sync_buttons(self) -> None:
        for key in ("password", "unlock"):
            self.buttons[key].setVisible(not self.on_roles)
        self.buttons["delete"].setVisible(self.on_roles)

    def on_changes(self, changes: Change) -> None:
        if changes & Change.USERS:
            self.reload()

    def reload(self) -> None:
        self.users.set_rows(user_cases.list_users(self.ctx.db, self.ctx.actor))
        self.roles.set_rows(role_cases.list_roles(self.ctx.db, self.ctx.actor))
        self._sync_buttons()

    def selected_user(self) -> UserView | None:
        index = self.user_panel.table.currentIndex()
        return self.users.row_at(index.row()) if index.isValid() else None

    def selected_role(self) -> RoleView | None:
        index = self.role_panel.table.currentIndex()
        return self.roles.row_at(index.row()) if index.isValid() else None

    def add(self) -> None:
        if self.on_roles:
            self._open_role(None)
        else:
            self._open_user(None)

    def edit(self) -> None:
        if self.on_roles:
            role = self.selected_role()
            if role is None:
                self.message.setText("Выберите роль в таблице")
            elif role.builtin:
                self.message.setText(f"«{role.title}» — встроенная роль, её права не меняются; "
                                     "создайте свою роль (Insert)")
            else:
                self._open_role(role)
            return
        user = self.selected_user()
        if user is None:
            self.message.setText("Выберите пользователя в таблице")
            return
        self._open_user(user)

    def _open_user(self, user: UserView | None) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def save(form: UserForm, password: str, repeat: str) -> object:
            if user is None:
                return self.ctx.perform(user_cases.add_user, form, password, repeat)
            return self.ctx.perform(user_cases.edit_user, user.id, user.version, form)

        dialog = UserDialog(user=user, roles=role_cases.list_roles(db, actor),
                            places=user_cases.scope_choices(db, actor), save=save, parent=self)
        if dialog.exec():
            self.message.setText("Пользователь сохранён")

    def _open_role(self, role: RoleView | None) -> None:
        def save(name: str, title: str, rights: frozenset[str]) -> object:
            return self.ctx.perform(role_cases.save_role, name, title, rights,
                                    role.version if role else None)

        if RoleDialog(role=role, save=save, parent=self).exec():
            self.message.setText("Роль сохранена")

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is None or self.on_roles:
            self.message.setText("Выберите пользователя в таблице")
            return

        def save(_old: str, password: str, repeat: str) -> object:
            return self.ctx.perform(user_cases.reset_password, user.id, password, repeat)

        if PasswordDialog(f"Новый пароль: {user.login}", save, old=False, parent=self).exec():
            self.message.setText(f"Пароль пользователя {user.login} изменён; блокировка входа "
                                 "снята. Сообщите ему новый пароль лично")

    def unlock(self) -> None:
        user = self.selected_user()
        if user is None or self.on_roles:
            self.message.setText("Выберите пользователя в таблице")
            return
        self._perform(f"Вход пользователя {user.login} разблокирован",
                      user_cases.unlock_user, user.id)

    def delete_role(self) -> None:
        role = self.selected_role()
        if role is None or not self.on_roles:
            return
        answer = QMessageBox.question(self, "Удалить роль", f"Удалить роль «{role.title}»?")
        if answer == QMessageBox.StandardButton.Yes:
            self._perform(f"Роль «{role.title}» удалена", role_cases.delete_role, role.name)

    def _perform(self, done: str, use_case: object, *args: object) -> None:
        try:
            self.ctx.perform(use_case, *args)  # type: ignore[arg-type]
        except DomainError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(done)
