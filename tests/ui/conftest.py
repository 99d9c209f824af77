"""UI test data: a small town on SQLite, users per role, the main window for a role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.accounts.search_index import rebuild_search_index
from app.auth.login import login
from app.db import Database
from app.rights import Actor
from tests.factories import TestTown, TownFactory, make_user


@pytest.fixture(autouse=True)
def user_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each test's Qt settings (the remembered database, window states) in a folder of its
    own, never the developer's."""
    folder = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def application_not_left_quitting(qapp: QApplication) -> Iterator[None]:
    """A test that ran the application's event loop and quit it (run_gui) can leave a quit
    pending; every later nested event loop (a job's wait, qtbot.waitSignal) would then return at
    once. QApplication.exec() starts by clearing that state: run it empty after each test."""
    yield
    QTimer.singleShot(0, qapp.quit)
    qapp.exec()


@dataclass
class UiWorld:
    db: Database
    town: TestTown
    numbers: dict[str, str]  # flat → account number


@pytest.fixture
def world(sqlite_db: Database) -> UiWorld:
    town = TownFactory(sqlite_db).build(street="ул. Ленина", house="5")
    numbers = {
        "1": town.account(flat="1", surname="Иванов", residents=1).number,
        "12": town.account(flat="12", surname="Петров", residents=2, area="54.3").number,
        "3": town.account(flat="3", surname="Сидоров", residents=3).number,
    }
    rebuild_search_index(sqlite_db)  # the lookup's token index, as after an import
    return UiWorld(sqlite_db, town, numbers)


def actor_with(db: Database, login_name: str, roles: list[str]) -> Actor:
    make_user(db, login_name, roles, password="пароль-1")
    return login(db, login_name, "пароль-1")


def type_text(qtbot: object, widget: QWidget, text: str) -> None:
    """Type like a keyboard, Cyrillic included (QTest.keyClicks aborts on non-Latin-1 text).

    Each character is a key press and release whose key code is the upper-case letter's code
    point, as a Russian layout sends it.
    """
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key = ord(ch.upper())
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                     ch))
        QApplication.processEvents()
