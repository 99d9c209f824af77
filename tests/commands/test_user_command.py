"""`kvartal user add` creates a user who can then log in; a duplicate is refused clearly."""

from __future__ import annotations

import pytest

from app.auth.login import login
from app.cli import main
from app.db import Database


def test_user_add_then_login(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KVARTAL_PASSWORD", "kassa-2026")
    url = sqlite_db.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "user", "add", "Smirnova", "--role", "cashier",
                 "--name", "Смирнова Ольга"]) == 0
    assert "Создан пользователь smirnova" in capsys.readouterr().out
    actor = login(sqlite_db, "smirnova", "kassa-2026")
    assert actor.roles == frozenset({"cashier"})
    assert main(["--db", url, "user", "add", "smirnova", "--role", "viewer"]) == 2
    assert "уже есть" in capsys.readouterr().err


def test_short_password_refused(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KVARTAL_PASSWORD", "123")
    url = sqlite_db.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "user", "add", "x", "--role", "viewer"]) == 2
    assert "не короче" in capsys.readouterr().err
