"""Starting the workstation on a database it must refuse: a Russian message, exit 2, no writes."""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import app.ui.app as gui
from app.db import Database


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def critical(_parent: object, _title: str, text: str, *_args: object) -> int:
        shown.append(text)
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(critical))
    return shown


def _args(url: str) -> argparse.Namespace:
    return argparse.Namespace(db=url, demo=False, command=None)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_database_that_does_not_answer(qtbot, messages: list[str]) -> None:
    assert gui.run_gui(_args("postgresql+psycopg://kvartal@127.0.0.1:1/kvartal")) == 2
    assert len(messages) == 1
    assert messages[0].startswith("База данных не отвечает")


def test_an_sqlite_file_that_is_not_ours(qtbot, tmp_path: Path, messages: list[str]) -> None:
    path = tmp_path / "budget.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE expenses (id INTEGER PRIMARY KEY, amount INTEGER)")
        conn.execute("INSERT INTO expenses (amount) VALUES (100)")
    assert gui.run_gui(_args(f"sqlite:///{path}")) == 2
    assert "не является базой «Квартала»" in messages[0]
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        assert tables == ["expenses"]
        assert conn.execute("SELECT amount FROM expenses").fetchall() == [(100,)]


def test_a_file_that_is_not_a_database(qtbot, tmp_path: Path, messages: list[str]) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes("это не база данных, а просто текст\n".encode() * 200)
    before = _digest(path)
    assert gui.run_gui(_args(f"sqlite:///{path}")) == 2
    assert messages[0].startswith("Не удалось открыть базу данных")
    assert _digest(path) == before


def test_a_database_newer_than_the_program(qtbot, tmp_path: Path, sqlite_template: Path,
                                           messages: list[str]) -> None:
    path = tmp_path / "future.db"
    shutil.copy(sqlite_template, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    assert gui.run_gui(_args(f"sqlite:///{path}")) == 2
    assert "создана более новой версией «Квартала»" in messages[0]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("9999_from_the_future",)]


def test_a_new_file_is_created_then_the_first_administrator_is_asked_for(
        qtbot, tmp_path: Path, messages: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from app.auth.login import has_users, login
    from app.ui.connection_dialog import ConnectionDialog
    from app.ui.first_admin_dialog import FirstAdminDialog
    from app.ui.main_window import MainWindow

    asked: list[str] = []

    def create_admin(dialog: FirstAdminDialog) -> int:
        asked.append(dialog.windowTitle())
        dialog.name_edit.setText("Петрова Анна Сергеевна")
        dialog.password_edit.setText("secret1")
        dialog.repeat_edit.setText("secret2")
        dialog.submit()  # mismatch: refused, shown in the dialog, nothing created
        asked.append(dialog.error.text())
        dialog.password_edit.setText("secret1")
        dialog.repeat_edit.setText("secret1")
        dialog.submit()
        return dialog.result()

    def choose_local(dialog: ConnectionDialog) -> int:
        asked.append(dialog.windowTitle())
        dialog.local.setChecked(True)
        dialog.submit()
        return dialog.result()

    shown: list[str] = []
    monkeypatch.setattr(ConnectionDialog, "exec", choose_local)
    monkeypatch.setattr(FirstAdminDialog, "exec", create_admin)
    monkeypatch.setattr(MainWindow, "show", lambda self: shown.append(self.actor.login))
    monkeypatch.setattr(gui.QApplication, "exec", lambda self: 0)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "new"))  # the first run: no --db
    monkeypatch.delenv("KVARTAL_DB", raising=False)
    path = tmp_path / "new" / "kvartal" / "kvartal.db"
    assert gui.run_gui(argparse.Namespace(db=None, demo=False, command=None)) == 0
    assert messages == []
    assert asked == ["Квартал — где база данных", "Квартал — первый запуск",
                     "Пароли не совпадают"]
    assert shown == ["admin"]
    db = Database(f"sqlite:///{path}")
    assert has_users(db)
    assert "admin" in login(db, "admin", "secret1").roles


def test_a_mistyped_database_path_is_refused_not_created(qtbot, tmp_path: Path,
                                                          messages: list[str]) -> None:
    path = tmp_path / "typo" / "kvartall.db"
    assert gui.run_gui(_args(f"sqlite:///{path}")) == 2
    assert str(path) in messages[0] and "kvartal db init" in messages[0]
    assert not path.parent.exists()


def test_first_administrator_only_while_there_are_no_users(sqlite_db: Database) -> None:
    from app.auth.login import create_first_admin
    from app.errors import DomainError

    create_first_admin(sqlite_db, "boss", "Иванов И. И.", "12345", "12345")
    with pytest.raises(DomainError, match="уже создан"):
        create_first_admin(sqlite_db, "intruder", "Кто-то", "12345", "12345")


def test_a_foreign_sqlite_file_is_left_byte_for_byte(qtbot, tmp_path: Path,
                                                     messages: list[str]) -> None:
    path = tmp_path / "budget.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE expenses (id INTEGER PRIMARY KEY, amount INTEGER)")
    before = _digest(path)
    assert gui.run_gui(_args(f"sqlite:///{path}")) == 2
    assert _digest(path) == before


def test_demo_first_run_fills_the_database_then_logs_in_to_the_main_window(
        qtbot, tmp_path: Path, messages: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    import app.cli_support
    from app.ui.main_window import MainWindow

    path = tmp_path / "demo.db"
    monkeypatch.setattr(app.cli_support, "demo_db_url", lambda: f"sqlite:///{path}")
    monkeypatch.setattr(gui, "DEMO_ACCOUNTS", 40)
    hints: list[str] = []

    def log_in_as_admin(dialog: gui.LoginDialog) -> int:
        hints.extend(label.text() for label in dialog.findChildren(QLabel))
        dialog.login_edit.setText("admin")
        dialog.password_edit.setText("admin")
        dialog.submit()
        QTimer.singleShot(300, look_and_quit)  # once the main window's event loop runs
        return int(dialog.result())

    seen: list[list[str]] = []

    def look_and_quit() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend(w.workspace_titles() for w in windows)
        for w in windows:
            w.close()
        QApplication.quit()

    monkeypatch.setattr(gui.LoginDialog, "exec", log_in_as_admin)
    assert gui.run_gui(argparse.Namespace(db=None, demo=True, command=None)) == 0
    assert messages == []
    assert any("Пароль совпадает с логином" in h for h in hints)
    assert seen and seen[0][0] == "Лицевые счета" and "Администрирование" in seen[0]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM account").fetchone()[0] == 40
