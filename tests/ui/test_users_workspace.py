"""«Пользователи и роли» from the keyboard: the administrator adds a cashier limited to one
building, sees her locked out after wrong passwords and unlocks her, composes a custom role, and
is told — nothing overwritten — when another administrator changed the user meanwhile (#23)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.auth.login import login
from app.auth.users import edit_user, list_users
from app.auth.views import UserForm
from app.errors import AccessDenied
from app.rights import Actor
from app.ui.main_window import MainWindow
from app.ui.workspaces import workspaces_for
from app.ui.workspaces.users.dialogs import RoleDialog, UserDialog
from app.ui.workspaces.users.page import UsersPage
from tests.ui.conftest import UiWorld, actor_with, type_text


def _when_shown(kind: type[QDialog], act: Callable[[QDialog], None]) -> None:
    """Act on the modal dialog of `kind` as soon as it is up (its exec() blocks otherwise)."""
    tries = iter(range(1500))

    def poll() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)
                 and w.isVisible()]
        if shown:
            act(shown[-1])
        elif next(tries, None) is not None:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def _window(qtbot, world: UiWorld) -> tuple[MainWindow, UsersPage, Actor]:
    admin = actor_with(world.db, "boss", ["admin"])
    window = MainWindow(world.db, admin)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_workspace("users")
    assert isinstance(page, UsersPage)
    _activate(qtbot, window)
    page.user_panel.table.setFocus()
    return window, page, admin


def _activate(qtbot, window: QWidget) -> None:
    """As the window manager does: the window comes to the front and takes the keyboard."""
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=30_000)


def _focus_table(qtbot, window: MainWindow, page: UsersPage) -> None:
    """Back in the window after a dialog: the table has the focus, as a person sees it."""
    _activate(qtbot, window)
    page.user_panel.table.setFocus()


def _row(page: UsersPage, login_name: str) -> int:
    return next(i for i in range(page.users.rowCount())
                if page.users.row_at(i).login == login_name)


def _cell(page: UsersPage, row: int, title: str) -> str:
    column = [c.title for c in page.users.columns].index(title)
    return str(page.users.index(row, column).data())


def test_the_admin_adds_a_cashier_for_one_building_locks_and_unlocks_her(
        qtbot, world: UiWorld) -> None:
    window, page, _admin = _window(qtbot, world)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, UserDialog)
        qtbot.keyClicks(dialog.login, "kassir")
        dialog.full_name.setFocus()
        type_text(qtbot, dialog.full_name, "Кассирова Анна")
        qtbot.keyClicks(dialog.password, "parol-1")
        qtbot.keyClicks(dialog.repeat, "parol-1")
        dialog.roles.setFocus()
        dialog.roles.setCurrentRow([dialog.roles.item(i).text()
                                    for i in range(dialog.roles.count())].index("Кассир"))
        qtbot.keyClick(dialog.roles, Qt.Key.Key_Space)
        dialog.scope.setFocus()
        dialog.scope.setCurrentRow([dialog.scope.item(i).text() for i in
                                    range(dialog.scope.count())].index("Дом: ул. Ленина, д. 5"))
        qtbot.keyClick(dialog.scope, Qt.Key.Key_Space)
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)  # the default button saves

    _when_shown(UserDialog, fill)
    qtbot.keyClick(page.user_panel.table, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: page.message.text() == "Пользователь сохранён", timeout=10_000)
    row = _row(page, "kassir")
    assert _cell(page, row, "Роли") == "Кассир"
    assert _cell(page, row, "Зона обслуживания") == "ул. Ленина, д. 5"
    assert _cell(page, row, "Последний вход") == "не входил"
    kassir = login(world.db, "kassir", "parol-1")
    assert kassir.building_ids == frozenset({world.town.building_id})

    for _ in range(4):
        with pytest.raises(AccessDenied):
            login(world.db, "kassir", "ne-tot")
    _focus_table(qtbot, window, page)
    qtbot.keyClick(page.user_panel.table, Qt.Key.Key_F5)
    row = _row(page, "kassir")
    assert _cell(page, row, "Состояние").startswith("вход закрыт до ")
    assert _cell(page, row, "Последний вход") != "не входил"
    page.user_panel.table.selectRow(row)
    window.grab().save(str(Path("/tmp") / "kvartal-users.png"))
    qtbot.keyClick(page.user_panel.table, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert page.message.text() == "Вход пользователя kassir разблокирован"
    assert _cell(page, _row(page, "kassir"), "Состояние") == "работает"
    assert login(world.db, "kassir", "parol-1").login == "kassir"


def test_a_custom_role_is_composed_from_rights_by_keyboard(qtbot, world: UiWorld) -> None:
    _shell, page, _admin = _window(qtbot, world)
    page.tabs.show_tab("roles")
    page.role_panel.table.setFocus()

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, RoleDialog)
        qtbot.keyClicks(dialog.name, "otchety")
        dialog.title.setFocus()
        type_text(qtbot, dialog.title, "Отчёты и счета")
        dialog.rights.setFocus()
        for right in ("account.view", "reports.view"):
            dialog.rights.tick(right)
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)

    _when_shown(RoleDialog, fill)
    qtbot.keyClick(page.role_panel.table, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: page.message.text() == "Роль сохранена", timeout=10_000)
    role = next(r for r in page.roles.rows() if r.name == "otchety")
    assert role.title == "Отчёты и счета" and not role.builtin
    assert role.rights == frozenset({"account.view", "reports.view"})
    page.window().grab().save(str(Path("/tmp") / "kvartal-roles.png"))


def test_an_edit_another_admin_overtook_is_refused_and_the_dialog_keeps_the_input(
        qtbot, world: UiWorld) -> None:
    _shell, page, admin = _window(qtbot, world)
    actor_with(world.db, "kassir", ["cashier"])
    page.reload()
    page.user_panel.table.selectRow(_row(page, "kassir"))
    seen: list[str] = []

    def overtaken_then_save(dialog: QDialog) -> None:
        assert isinstance(dialog, UserDialog)
        now = next(u for u in list_users(world.db, admin) if u.login == "kassir")
        edit_user(world.db, admin, now.id, now.version,
                  UserForm("kassir", "Другая Фамилия", ("cashier",)))
        dialog.full_name.setText("Моя Фамилия")
        _activate(qtbot, dialog)
        dialog.full_name.setFocus()
        qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
        seen.append(dialog.error.text())
        seen.append(dialog.full_name.text())
        dialog.reject()

    _when_shown(UserDialog, overtaken_then_save)
    qtbot.keyClick(page.user_panel.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert "другой администратор" in seen[0] and seen[1] == "Моя Фамилия"
    assert next(u for u in list_users(world.db, admin)
                if u.login == "kassir").full_name == "Другая Фамилия"


def test_only_administrators_see_the_section(world: UiWorld) -> None:
    cashier = actor_with(world.db, "kassa", ["cashier"])
    assert all(s.key != "users" for s in workspaces_for(cashier))
    admin = actor_with(world.db, "boss", ["admin"])
    assert any(s.key == "users" for s in workspaces_for(admin))


def test_a_user_changes_her_password_from_the_file_menu(qtbot, world: UiWorld,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.ui.workspaces.users.dialogs import PasswordDialog

    kassir = actor_with(world.db, "kassir", ["cashier"])
    window = MainWindow(world.db, kassir)
    qtbot.addWidget(window)
    window.show()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda _p, _t, text: told.append(text)))

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, PasswordDialog)
        qtbot.keyClicks(dialog.old, "ne-tot")
        qtbot.keyClicks(dialog.password, "novyi-1")
        qtbot.keyClicks(dialog.repeat, "novyi-1")
        dialog.try_save()
        told.append(dialog.error.text())
        dialog.old.setText("пароль-1")
        dialog.try_save()

    _when_shown(PasswordDialog, fill)
    action = next(a for a in window.findChildren(QAction) if a.text() == "Сменить пароль…")
    action.trigger()
    assert "Текущий пароль введён неверно" in told[0] and told[1].startswith("Пароль изменён")
    assert login(world.db, "kassir", "novyi-1").login == "kassir"
