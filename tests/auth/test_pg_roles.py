"""`kvartal db roles` on PostgreSQL (issue #23): a workstation connected as the application
role works with business rows but is refused an UPDATE of the audit log, any DDL, and a direct
insert of an administrator — the database says no, not only the program."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from app.auth.login import login
from app.auth.users import add_user
from app.auth.views import UserForm
from app.cli import main
from app.db import Database
from app.errors import AccessDenied
from tests.factories import TownFactory, make_user


def test_the_application_role_cannot_touch_the_audit_the_schema_or_the_users(
        db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    if db.dialect != "postgresql":
        pytest.skip("roles are PostgreSQL's")
    pg_url = db.engine.url.render_as_string(hide_password=False)
    town = TownFactory(db).build()
    make_user(db, "boss", ["admin"], password="адм-пароль")
    name = str(db.engine.url.database)
    owner, app = f"{name}_owner", f"{name}_app"
    assert main(["--db", pg_url, "db", "roles", "--owner", owner, "--app", app]) == 0
    printed = capsys.readouterr().out
    assert f"GRANT SELECT, INSERT ON public.audit_entry TO {app};" in printed
    assert main(["--db", pg_url, "db", "roles", "--owner", owner, "--app", app,
                 "--apply"]) == 0, capsys.readouterr().err
    assert main(["--db", pg_url, "db", "roles", "--owner", owner, "--app", app,
                 "--apply"]) == 0  # again, as after an upgrade: idempotent

    workstation = create_engine(db.engine.url.set(username=app, password=None))
    try:
        with workstation.begin() as conn:  # what a desk does: read and write business rows
            conn.execute(text("INSERT INTO audit_entry (at, action, entity) "
                              "VALUES (now(), 'probe', 'test')"))
            conn.execute(text("UPDATE building SET floors = 9 WHERE id = :b"),
                         {"b": town.building_id})
            conn.execute(text("UPDATE app_user SET failed_logins = 0 WHERE login = 'boss'"))
        for refused in (
            "UPDATE audit_entry SET action = 'forged'",
            "DELETE FROM audit_entry",
            "CREATE TABLE sneaky (id int)",
            "ALTER TABLE building ADD COLUMN sneaky int",
            "INSERT INTO app_user (login, full_name, password_hash, active, created_at, version,"
            " failed_logins) VALUES ('eve', 'Eve', 'x', true, now(), 1, 0)",
            "INSERT INTO user_role (user_id, role) SELECT id, 'admin' FROM app_user",
            "UPDATE app_user SET password_hash = 'x'",
        ):
            with workstation.begin() as conn, pytest.raises(ProgrammingError) as denied:
                conn.execute(text(refused))
            assert "permission denied" in str(denied.value) or "must be owner" in str(
                denied.value), refused
        desk = Database(engine=workstation)
        admin = login(desk, "boss", "адм-пароль")  # a login writes its counters: allowed
        with pytest.raises(AccessDenied, match="подключение владельца"):
            add_user(desk, admin, UserForm("eve", "Ева", ("admin",)), "пароль-1", "пароль-1")
    finally:
        workstation.dispose()


def test_roles_are_refused_on_sqlite_with_a_message(
        sqlite_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    url = sqlite_db.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "db", "roles"]) == 2
    assert "только у PostgreSQL" in capsys.readouterr().err
