"""First run: local or server, the server tested before it is saved, the choice remembered for
the user and the password never."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy.engine import make_url

import app.ui.app as gui
from app.admin.connection import Choice, Place, ServerAddress
from app.ui.connection_dialog import ConnectionDialog, load_choice, save_choice
from tests.ui.test_keys import press


@pytest.fixture
def settings_dir(user_settings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    QCoreApplication.setOrganizationName("KvartalTest")
    QCoreApplication.setApplicationName("KvartalTest")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("KVARTAL_DB", raising=False)
    return user_settings


def _args(**kw: object) -> argparse.Namespace:
    return argparse.Namespace(db=None, demo=False, command=None, connection=False, **kw)


def _settings_text(folder: Path) -> str:
    return "".join(p.read_text() for p in folder.rglob("*.conf"))


def test_a_server_is_saved_only_after_it_answered_and_without_its_password(
        qtbot, settings_dir: Path, pg_url: str) -> None:
    dialog = ConnectionDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.local.isChecked() and not dialog.server_box.isEnabled()
    dialog.server.setChecked(True)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(1)  # nothing listens there
    dialog.database.setText("kvartal")
    dialog.user.setText("postgres")
    dialog.password_edit.setText("очень-секретный")
    press(qtbot, "F5", dialog)
    assert "не отвечает" in dialog.status.text()
    dialog.submit()
    assert dialog.result() != QDialog.DialogCode.Accepted and load_choice() is None

    url = make_url(pg_url)
    dialog.port.setValue(url.port or 5432)
    dialog.database.setText(url.database or "")
    dialog.grab().save(str(settings_dir.parent / "connection.png"))
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "Подключение проверено" in dialog.status.text()
    assert load_choice() == Choice(Place.SERVER, ServerAddress(
        "127.0.0.1", url.port or 5432, url.database or "", "postgres"))
    assert dialog.password == "очень-секретный"  # for this start only
    saved = _settings_text(settings_dir)
    assert "127.0.0.1" in saved and "очень-секретный" not in saved


def test_a_remembered_local_choice_opens_the_local_file_without_asking(
        qtbot, settings_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_choice(Choice(Place.LOCAL))
    monkeypatch.setattr(ConnectionDialog, "exec", lambda self: pytest.fail("asked again"))
    url, create = gui._where(_args())
    assert url == f"sqlite:///{tmp_path / 'data' / 'kvartal' / 'kvartal.db'}" and create


def test_the_first_start_asks_and_leaving_the_choice_starts_nothing(
        qtbot, settings_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Choice | None] = []

    def leave(self: ConnectionDialog) -> int:
        asked.append(load_choice())
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(ConnectionDialog, "exec", leave)
    assert gui._where(_args()) is None
    assert asked == [None]


def test_a_remembered_server_that_no_longer_answers_is_explained_and_asked_again(
        qtbot, settings_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_choice(Choice(Place.SERVER, ServerAddress("127.0.0.1", 1, "kvartal", "kassa")))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda _p, _t, text, *_a: shown.append(text) or 0))
    offered: list[str] = []

    def look(self: ConnectionDialog) -> int:
        offered.append(self.host.text())
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(ConnectionDialog, "exec", look)
    assert gui._where(_args()) is None
    assert len(shown) == 1 and "не отвечает" in shown[0]
    assert offered == ["127.0.0.1"]  # the address is there to correct


def test_explicit_database_skips_the_choice(qtbot, settings_dir: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ConnectionDialog, "exec", lambda self: pytest.fail("asked"))
    assert gui._where(argparse.Namespace(db="sqlite:///x.db", demo=False, connection=False)) \
        == ("sqlite:///x.db", False)
