"""Who is acting at the command line (issue #23): `--user LOGIN` with the password from
KVARTAL_PASSWORD logs in (rights, lockout) and the audit names that user; without it only the
owner of a local SQLite file acts, as the built-in administrator — a shared PostgreSQL server,
or a file someone else owns, is refused with a Russian message."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.cli import main
from app.cli_support import local_owner
from app.db import Database
from app.models import AuditEntry, User
from tests.factories import make_user


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def _creator_of(db: Database, login_name: str) -> int | None:
    with db.session() as s:
        uid = s.scalar(select(User.id).where(User.login == login_name))
        return s.scalar(select(AuditEntry.user_id).where(AuditEntry.action == "user.create",
                                                         AuditEntry.entity_id == str(uid)))


def test_a_logged_in_administrator_is_named_in_the_audit(
        db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    boss = make_user(db, "boss", ["admin"], password="адм-пароль")
    monkeypatch.setenv("KVARTAL_PASSWORD", "адм-пароль")
    monkeypatch.setenv("KVARTAL_NEW_PASSWORD", "kassa-2026")
    assert main(["--db", _url(db), "--user", "boss", "user", "add", "anna",
                 "--role", "cashier"]) == 0, capsys.readouterr().err
    assert _creator_of(db, "anna") == boss


def test_a_cashier_cannot_make_an_administrator(
        db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    make_user(db, "anna", ["cashier"], password="kassa-2026")
    monkeypatch.setenv("KVARTAL_PASSWORD", "kassa-2026")
    monkeypatch.setenv("KVARTAL_NEW_PASSWORD", "evil-pass")
    assert main(["--db", _url(db), "--user", "anna", "user", "add", "eve",
                 "--role", "admin"]) == 2
    err = capsys.readouterr().err
    assert "Нет права" in err and "Traceback" not in err
    with db.session() as s:
        assert s.scalar(select(User.id).where(User.login == "eve")) is None


def test_a_wrong_password_is_refused_and_counted(
        db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    make_user(db, "boss", ["admin"], password="адм-пароль")
    monkeypatch.setenv("KVARTAL_PASSWORD", "не тот")
    assert main(["--db", _url(db), "--user", "boss", "user", "add", "eve",
                 "--role", "admin"]) == 2
    assert "Неверный логин или пароль" in capsys.readouterr().err
    with db.session() as s:
        assert s.scalar(select(User.failed_logins).where(User.login == "boss")) == 1


def test_without_a_user_a_file_someone_else_owns_is_refused(
        sqlite_db: Database, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    make_user(sqlite_db, "boss", ["admin"], password="адм-пароль")
    monkeypatch.setenv("KVARTAL_PASSWORD", "evil-pass")
    monkeypatch.delenv("KVARTAL_USER", raising=False)
    assert local_owner(sqlite_db)
    monkeypatch.setattr("app.cli_support.os.getuid", lambda: 4242)  # someone else's file
    assert not local_owner(sqlite_db)
    assert main(["--db", _url(sqlite_db), "user", "add", "eve", "--role", "admin"]) == 2
    err = capsys.readouterr().err
    assert "Укажите, кто работает: --user" in err and "Traceback" not in err
    with sqlite_db.session() as s:
        assert s.scalar(select(User.id).where(User.login == "eve")) is None


def test_a_workstation_on_the_application_role_must_log_in(
        db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    if db.dialect != "postgresql":
        pytest.skip("roles are PostgreSQL's")
    pg_url = db.engine.url.render_as_string(hide_password=False)
    make_user(db, "boss", ["admin"], password="адм-пароль")
    name = str(db.engine.url.database)
    app = f"{name}_app"
    assert main(["--db", pg_url, "db", "roles", "--owner", f"{name}_owner", "--app", app,
                 "--apply"]) == 0
    assert local_owner(db)  # the superuser's connection
    desk = db.engine.url.set(username=app, password=None).render_as_string(hide_password=False)
    assert not local_owner(Database(desk))
    monkeypatch.delenv("KVARTAL_USER", raising=False)
    monkeypatch.setenv("KVARTAL_PASSWORD", "адм-пароль")
    assert main(["--db", desk, "user", "add", "eve", "--role", "admin"]) == 2
    assert "Укажите, кто работает: --user" in capsys.readouterr().err
    assert main(["--db", desk, "--user", "boss", "account", "0000000000"]) == 2
    err = capsys.readouterr().err
    assert "Укажите, кто работает" not in err and "Лицевой счёт" in err, err
