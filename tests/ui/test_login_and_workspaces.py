"""Logging in, and the workspaces each role sees."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

import app.ui.workspaces as registry
from app.auth.login import login
from app.db import Database
from app.ui.login_dialog import LoginDialog
from app.ui.main_window import MainWindow
from tests.factories import make_user
from tests.ui.conftest import actor_with, type_text

PLANNED_TITLES = ["Касса", "Начисления", "Показания", "Паспортный стол", "Отчёты",
                  "Администрирование"]


def test_wrong_password_is_shown_in_the_dialog_then_the_right_one_logs_in(
        qtbot, sqlite_db: Database) -> None:
    make_user(sqlite_db, "kassa", ["cashier"], password="верный-пароль")
    dialog = LoginDialog(lambda name, password: login(sqlite_db, name, password))
    qtbot.addWidget(dialog)
    dialog.show()

    type_text(qtbot, dialog.login_edit, "kassa")
    qtbot.keyClick(dialog.login_edit, Qt.Key.Key_Return)  # no password yet: moves to it
    assert dialog.error.text() == ""
    type_text(qtbot, dialog.password_edit, "не тот")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.error.text() == "Неверный логин или пароль"
    assert dialog.password_edit.text() == ""
    assert dialog.login_edit.text() == "kassa"
    assert dialog.isVisible() and dialog.actor is None

    type_text(qtbot, dialog.password_edit, "верный-пароль")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.login == "kassa"

    window = MainWindow(sqlite_db, dialog.actor)
    qtbot.addWidget(window)
    assert "Касса" in window.workspace_titles()
    assert "kassa" in window.user_label.text() and "Кассир" in window.user_label.text()
    assert window.db_label.text().startswith("SQLite: ")


def test_a_cashier_does_not_see_accruals(qtbot, sqlite_db: Database) -> None:
    window = MainWindow(sqlite_db, actor_with(sqlite_db, "kassa", ["cashier"]))
    qtbot.addWidget(window)
    titles = window.workspace_titles()
    assert titles[0] == "Лицевые счета"
    assert "Касса" in titles and "Показания" in titles
    for hidden in ("Начисления", "Паспортный стол", "Администрирование"):
        assert hidden not in titles


def test_an_admin_sees_every_workspace(qtbot, sqlite_db: Database) -> None:
    window = MainWindow(sqlite_db, actor_with(sqlite_db, "admin", ["admin"]))
    qtbot.addWidget(window)
    titles = window.workspace_titles()
    assert titles == [spec.title for spec in registry.all_workspaces()]
    assert titles[0] == "Лицевые счета"
    assert set(PLANNED_TITLES) <= set(titles)


def test_a_planned_workspace_says_what_will_come(qtbot, sqlite_db: Database) -> None:
    window = MainWindow(sqlite_db, actor_with(sqlite_db, "admin", ["admin"]))
    qtbot.addWidget(window)
    planned = [spec for spec in window.specs if spec.placeholder_text]
    if not planned:
        pytest.skip("every planned workspace has been built")
    page = window.show_workspace(planned[0].key)
    assert page is not None and window.stack.currentWidget().isAncestorOf(page)
    text = page.findChild(QLabel, "placeholderText")
    assert text is not None
    assert text.text() == planned[0].placeholder_text
    assert text.text().startswith("Раздел появится в следующей версии: ")


def test_a_user_without_roles_is_told_so(qtbot, sqlite_db: Database) -> None:
    window = MainWindow(sqlite_db, actor_with(sqlite_db, "nobody", []))
    qtbot.addWidget(window)
    assert window.workspace_titles() == []
    labels = [label.text() for label in window.findChildren(QLabel)]
    assert any("нет прав ни на один раздел" in t for t in labels)


def test_a_workspace_package_replaces_its_placeholder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "zz_cash_test").mkdir()
    (tmp_path / "zz_cash_test" / "helper.py").write_text("", encoding="utf-8")
    (tmp_path / "zz_not_a_workspace.py").write_text("raise AssertionError('imported')\n",
                                                   encoding="utf-8")
    (tmp_path / "zz_cash_test" / "__init__.py").write_text(
        "from PySide6.QtWidgets import QLabel\n"
        "from app.rights import Right\n"
        "from app.ui.workspaces import WorkspaceSpec\n"
        "SPEC = WorkspaceSpec(key='cashdesk', title='Касса', right=Right.CASH_TAKE,\n"
        "                     factory=lambda ctx: QLabel('настоящая касса'), order=20)\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(registry, "__path__", [*registry.__path__, str(tmp_path)])
    try:
        specs = {s.key: s for s in registry.all_workspaces()}
    finally:
        sys.modules.pop("app.ui.workspaces.zz_cash_test", None)
        sys.modules.pop("app.ui.workspaces.zz_not_a_workspace", None)
    assert specs["cashdesk"].placeholder_text == ""
    assert specs["cashdesk"].factory(None).text() == "настоящая касса"  # type: ignore[arg-type]
    assert [s.key for s in registry.all_workspaces()].count("cashdesk") == 1


def test_the_status_bar_names_a_postgresql_server_without_the_password() -> None:
    from app.ui.main_window import describe_database

    db = Database("postgresql+psycopg://kassa:secret@db.zarechny.local:5433/kvartal")
    try:
        assert describe_database(db) == "PostgreSQL: db.zarechny.local:5433/kvartal"
    finally:
        db.engine.dispose()


def test_every_workspace_package_is_named_by_its_key() -> None:
    """`app/ui/workspaces/<key>/` is where a workspace lives: the folder is the key."""
    for name in registry.workspace_packages():
        module = importlib.import_module(f"app.ui.workspaces.{name}")
        spec = getattr(module, "SPEC", None)
        assert isinstance(spec, registry.WorkspaceSpec), f"{name}/__init__.py defines no SPEC"
        assert spec.key == name
    assert {"accounts", "accruals", "readings"} <= set(registry.workspace_packages())
