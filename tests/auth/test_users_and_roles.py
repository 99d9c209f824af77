"""The administrator keeps users: custom roles composed from rights, a cashier limited to one
building, lockout after wrong passwords with a growing wait, password change and reset, the last
login shown, and a concurrent edit refused without losing either (issue #23, item 2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.scope import visible_account
from app.auth import lockout
from app.auth.login import login
from app.auth.roles import delete_role, list_roles, save_role
from app.auth.users import (
    add_user,
    change_own_password,
    edit_user,
    list_users,
    reset_password,
    scope_choices,
    unlock_user,
)
from app.auth.views import UserForm
from app.db import Database
from app.errors import AccessDenied, Conflict, DomainError
from app.models import AuditEntry
from app.rights import Right
from tests.factories import TownFactory, make_user

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def admin(db: Database):
    make_user(db, "boss", ["admin"], password="адм-пароль")
    return login(db, "boss", "адм-пароль")


def _user(admin_actor, db: Database, login_name: str, roles: tuple[str, ...], **kw) -> int:
    return add_user(db, admin_actor, UserForm(login_name, f"Тест {login_name}", roles, **kw),
                    "пароль-1", "пароль-1")


def _audit_actions(db: Database) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_custom_role_gives_exactly_its_rights(db: Database, admin) -> None:
    save_role(db, admin, "kassa_plus", "Кассир-отчётник",
              frozenset({Right.CASH_TAKE, Right.REPORTS, Right.ACCOUNT_VIEW}))
    _user(admin, db, "olga", ("kassa_plus",))
    olga = login(db, "olga", "пароль-1")
    assert olga.can(Right.REPORTS) and olga.can(Right.CASH_TAKE)
    assert not olga.can(Right.BILLING_RUN) and not olga.can(Right.ADMIN)
    roles = {r.name: r for r in list_roles(db, admin)}
    assert len([r for r in roles.values() if r.builtin]) == 6
    assert roles["kassa_plus"].users == 1 and not roles["kassa_plus"].builtin

    save_role(db, admin, "kassa_plus", "Кассир-отчётник", frozenset({Right.CASH_TAKE}),
              version=roles["kassa_plus"].version)
    assert not login(db, "olga", "пароль-1").can(Right.REPORTS)  # takes effect at next login
    with pytest.raises(Conflict):  # the version read before the change is stale
        save_role(db, admin, "kassa_plus", "Кассир-отчётник", frozenset({Right.ADMIN}),
                  version=roles["kassa_plus"].version)
    with pytest.raises(DomainError, match="назначена пользователям"):
        delete_role(db, admin, "kassa_plus")
    with pytest.raises(DomainError, match="встроенной ролью"):
        save_role(db, admin, "cashier", "Другой кассир", frozenset({Right.CASH_TAKE}))
    assert "role.create" in _audit_actions(db) and "role.edit" in _audit_actions(db)


def test_a_cashier_limited_to_one_building_is_refused_accounts_outside_it(
        db: Database, admin) -> None:
    town = TownFactory(db).build()
    other = town.add_building("7")
    home = town.account(flat="1")
    away = town.account(flat="2", building_id=other)
    places = {(i.kind, i.id) for i in scope_choices(db, admin)}
    assert ("building", town.building_id) in places and ("company", town.company_id) in places
    _user(admin, db, "kassir", ("cashier",), building_ids=frozenset({town.building_id}))
    kassir = login(db, "kassir", "пароль-1")
    with db.session() as s:
        assert visible_account(s, kassir, home.number)[0].id == home.id
        with pytest.raises(AccessDenied, match="зону обслуживания"):
            visible_account(s, kassir, away.number)
    row = next(u for u in list_users(db, admin) if u.login == "kassir")
    assert row.scope_title == "ул. Ленина, д. 5" and row.roles_title == "Кассир"


def test_wrong_passwords_lock_the_login_for_a_growing_wait(db: Database, admin) -> None:
    _user(admin, db, "kassir", ("cashier",))
    for i in range(lockout.FREE_ATTEMPTS):
        with pytest.raises(AccessDenied) as refused:
            login(db, "kassir", "не тот", now=T0 + timedelta(seconds=i))
        assert refused.value.message == "Неверный логин или пароль"
    fourth = T0 + timedelta(seconds=10)
    with pytest.raises(AccessDenied, match="через 30 с"):
        login(db, "kassir", "не тот", now=fourth)
    with pytest.raises(AccessDenied, match="Вход временно закрыт"):  # even the right password
        login(db, "kassir", "пароль-1", now=fourth + timedelta(seconds=29))
    with pytest.raises(AccessDenied, match="через 1 мин"):  # the next failure waits twice as long
        login(db, "kassir", "не тот", now=fourth + timedelta(seconds=31))
    locked = next(u for u in list_users(db, admin) if u.login == "kassir")
    assert locked.failed_logins == 5 and locked.locked_until == fourth + timedelta(seconds=91)

    unlock_user(db, admin, locked.id)
    actor = login(db, "kassir", "пароль-1", now=fourth + timedelta(seconds=40))
    assert actor.login == "kassir"
    row = next(u for u in list_users(db, admin) if u.login == "kassir")
    assert row.failed_logins == 0 and row.locked_until is None
    assert row.last_login_at == fourth + timedelta(seconds=40)
    actions = _audit_actions(db)
    assert actions.count("login.failed") == 5 and "login.locked" in actions
    assert "user.unlock" in actions


def test_delays_double_up_to_an_hour() -> None:
    waits = [lockout.delay_after(n) for n in range(1, 14)]
    assert waits[:3] == [timedelta(0)] * 3
    assert waits[3:7] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert waits[-1] == timedelta(hours=1) and waits == sorted(waits)


def test_a_reset_password_works_and_lifts_the_lock(db: Database, admin) -> None:
    uid = _user(admin, db, "kassir", ("cashier",))
    for i in range(6):
        with pytest.raises(AccessDenied):
            login(db, "kassir", "не тот", now=T0 + timedelta(seconds=i))
    reset_password(db, admin, uid, "новый-пароль", "новый-пароль")
    assert login(db, "kassir", "новый-пароль", now=T0 + timedelta(seconds=7)).login == "kassir"
    with pytest.raises(AccessDenied):
        login(db, "kassir", "пароль-1", now=T0 + timedelta(seconds=8))
    with pytest.raises(DomainError, match="не совпадают"):
        reset_password(db, admin, uid, "новый-пароль", "другой-пароль")


def test_a_user_changes_their_own_password_knowing_the_old_one(db: Database, admin) -> None:
    _user(admin, db, "kassir", ("cashier",))
    kassir = login(db, "kassir", "пароль-1")
    with pytest.raises(AccessDenied, match="Текущий пароль"):
        change_own_password(db, kassir, "не тот", "свой-пароль", "свой-пароль")
    with pytest.raises(DomainError, match="не короче"):
        change_own_password(db, kassir, "пароль-1", "123", "123")
    change_own_password(db, kassir, "пароль-1", "свой-пароль", "свой-пароль")
    assert login(db, "kassir", "свой-пароль").login == "kassir"
    with pytest.raises(AccessDenied):
        login(db, "kassir", "пароль-1")
    assert "user.password_change" in _audit_actions(db)


def test_two_administrators_editing_one_user_one_is_told_nothing_lost(
        db: Database, admin) -> None:
    town = TownFactory(db).build()
    uid = _user(admin, db, "kassir", ("cashier",))
    read = next(u for u in list_users(db, admin) if u.id == uid)
    edit_user(db, admin, uid, read.version,
              UserForm("kassir", "Кассирова А. А.", ("cashier", "viewer")))
    with pytest.raises(Conflict, match="другой администратор"):
        edit_user(db, admin, uid, read.version,
                  UserForm("kassir", "Тест kassir", ("cashier",),
                           building_ids=frozenset({town.building_id})))
    now = next(u for u in list_users(db, admin) if u.id == uid)
    assert now.full_name == "Кассирова А. А." and now.roles == ("cashier", "viewer")
    assert now.building_ids == frozenset() and now.version == read.version + 1


def test_only_an_administrator_keeps_users_and_not_to_lock_himself_out(
        db: Database, admin) -> None:
    _user(admin, db, "kassir", ("cashier",))
    kassir = login(db, "kassir", "пароль-1")
    for call in (lambda: list_users(db, kassir), lambda: list_roles(db, kassir),
                 lambda: _user(kassir, db, "eve", ("admin",)),
                 lambda: save_role(db, kassir, "all", "Всё", frozenset(Right))):
        with pytest.raises(AccessDenied):
            call()
    me = next(u for u in list_users(db, admin) if u.login == "boss")
    with pytest.raises(DomainError, match="Свою роль администратора"):
        edit_user(db, admin, me.id, me.version, UserForm("boss", "Босс", ("viewer",)))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "user.create")) == 2


@pytest.mark.parametrize("login_name, full_name, roles, message", [
    ("", "Имя", ("cashier",), "Логин"),
    ("Ива нова", "Имя", ("cashier",), "Логин"),
    ("ivanova", "  ", ("cashier",), "ФИО"),
    ("ivanova", "Имя", (), "хотя бы одну роль"),
    ("ivanova", "Имя", ("nobody",), "Нет таких ролей"),
])
def test_a_bad_user_form_is_refused_in_russian_and_nothing_written(
        db: Database, admin, login_name, full_name, roles, message) -> None:
    before = len(list_users(db, admin))
    with pytest.raises(DomainError, match=message):
        add_user(db, admin, UserForm(login_name, full_name, roles), "пароль-1", "пароль-1")
    assert len(list_users(db, admin)) == before
