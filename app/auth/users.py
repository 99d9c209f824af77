"""Users, as the administrator keeps them: create, change roles and visibility scope, block,
reset a password, unlock after failed logins — and a user's own password change.

Every function is a use case (rights check, transaction, audit). A user's `version` guards an
edit: if another administrator changed the user meanwhile, the edit is refused, nothing lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.auth.login import MIN_PASSWORD
from app.auth.passwords import hash_password, verify_password
from app.auth.roles import role_titles
from app.auth.views import ScopeItem, UserForm, UserView
from app.changes import Change, reports
from app.db import Database
from app.errors import AccessDenied, Conflict, DomainError, NotFound
from app.models import Building, Organization, User, UserRole, UserScope
from app.models.enums import OrgKind
from app.rights import Actor, Right, Role
from app.usecase import Tx, transaction

_LOGIN = re.compile(r"[a-z0-9][a-z0-9._]{1,59}")


def list_users(db: Database, actor: Actor) -> list[UserView]:
    actor.require(Right.ADMIN)
    with db.session() as s:
        names = role_titles(s)
        places = {(i.kind, i.id): i.title for i in _scope_items(s)}
        roles: dict[int, list[str]] = {}
        for uid, role in s.execute(select(UserRole.user_id, UserRole.role)):
            roles.setdefault(uid, []).append(role)
        scopes: dict[int, tuple[set[int], set[int]]] = {}
        for uid, company, building in s.execute(
                select(UserScope.user_id, UserScope.company_id, UserScope.building_id)):
            companies, buildings = scopes.setdefault(uid, (set(), set()))
            if company is not None:
                companies.add(company)
            if building is not None:
                buildings.add(building)
        rows = []
        for user in s.scalars(select(User).order_by(User.login)):
            held = tuple(sorted(roles.get(user.id, []), key=lambda r: names.get(r, r)))
            companies, buildings = scopes.get(user.id, (set(), set()))
            rows.append(UserView(
                id=user.id, login=user.login, full_name=user.full_name, roles=held,
                roles_title=", ".join(names.get(r, r) for r in held),
                active=user.active, company_ids=frozenset(companies),
                building_ids=frozenset(buildings),
                scope_title=_scope_title(places, companies, buildings),
                last_login_at=user.last_login_at, locked_until=user.locked_until,
                failed_logins=user.failed_logins, version=user.version))
        return rows


def _scope_title(places: dict[tuple[str, int], str], companies: Iterable[int],
                 buildings: Iterable[int]) -> str:
    parts = [places.get(("company", c), f"организация № {c}") for c in sorted(companies)]
    parts += [places.get(("building", b), f"дом № {b}") for b in sorted(buildings)]
    return "; ".join(parts) if parts else "все дома"


def scope_choices(db: Database, actor: Actor) -> list[ScopeItem]:
    """The management companies, then the buildings a user can be limited to."""
    actor.require(Right.ADMIN)
    with db.session() as s:
        return _scope_items(s)


def _scope_items(s: Session) -> list[ScopeItem]:
    items = [ScopeItem("company", o.id, o.short_name or o.name) for o in s.scalars(
        select(Organization).where(Organization.kind == OrgKind.MANAGEMENT_COMPANY)
        .order_by(Organization.short_name))]
    items += [ScopeItem("building", b.id, f"{b.street}, д. {b.house}") for b in s.scalars(
        select(Building).order_by(Building.street, Building.house))]
    return items


def _check_password(password: str, repeat: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError(f"Пароль должен быть не короче {MIN_PASSWORD} символов")
    if password != repeat:
        raise DomainError("Пароли не совпадают")


def _check_form(s: Session, form: UserForm) -> UserForm:
    login = form.login.strip().lower()
    if not _LOGIN.fullmatch(login):
        raise DomainError("Логин — от 2 до 60 латинских строчных букв, цифр, точек и "
                          "подчёркиваний")
    full_name = " ".join(form.full_name.split())
    if not full_name or len(full_name) > 200:
        raise DomainError("Укажите ФИО пользователя (до 200 символов)")
    if not form.roles:
        raise DomainError("Назначьте пользователю хотя бы одну роль")
    known = role_titles(s)
    unknown = sorted(r for r in form.roles if r not in known)
    if unknown:
        raise DomainError("Нет таких ролей: " + ", ".join(unknown))
    places = {(i.kind, i.id) for i in _scope_items(s)}
    missing = [f"организация № {c}" for c in form.company_ids if ("company", c) not in places]
    missing += [f"дом № {b}" for b in form.building_ids if ("building", b) not in places]
    if missing:
        raise DomainError("Нет таких мест в зоне обслуживания: " + ", ".join(sorted(missing)))
    return UserForm(login, full_name, tuple(sorted(set(form.roles))),
                    frozenset(form.company_ids), frozenset(form.building_ids), form.active)


def _form_audit(form: UserForm) -> dict[str, object]:
    return {"login": form.login, "full_name": form.full_name, "roles": list(form.roles),
            "companies": sorted(form.company_ids), "buildings": sorted(form.building_ids),
            "active": form.active}


def _write_roles_and_scope(s: Session, user_id: int, form: UserForm) -> None:
    s.execute(delete(UserRole).where(UserRole.user_id == user_id))
    s.execute(delete(UserScope).where(UserScope.user_id == user_id))
    s.add_all(UserRole(user_id=user_id, role=r) for r in form.roles)
    s.add_all(UserScope(user_id=user_id, company_id=c) for c in sorted(form.company_ids))
    s.add_all(UserScope(user_id=user_id, building_id=b) for b in sorted(form.building_ids))


@reports(Change.USERS)
def add_user(db: Database, actor: Actor, form: UserForm, password: str, repeat: str) -> int:
    actor.require(Right.ADMIN)
    _check_password(password, repeat)
    with transaction(db, actor, Right.ADMIN) as tx:
        s = tx.session
        form = _check_form(s, form)
        if s.scalar(select(User.id).where(User.login == form.login)) is not None:
            raise DomainError(f"Пользователь «{form.login}» уже есть")
        user = User(login=form.login, full_name=form.full_name, active=form.active,
                    password_hash=hash_password(password), created_at=tx.now)
        s.add(user)
        s.flush()
        _write_roles_and_scope(s, user.id, form)
        tx.audit("user.create", "user", user.id, after=_form_audit(form))
        return user.id


def _load(tx: Tx, user_id: int, version: int | None = None) -> User:
    user = tx.session.get(User, user_id)
    if user is None:
        raise NotFound(f"Пользователя № {user_id} нет")
    if version is not None and user.version != version:
        raise _conflict(user.login)
    return user


def _conflict(login: str) -> Conflict:
    return Conflict(f"Пользователя {login} изменил другой администратор, пока вы его "
                    "редактировали; ничего не записано — откройте его заново")


def _current_form(s: Session, user: User) -> UserForm:
    roles = tuple(sorted(s.scalars(select(UserRole.role).where(UserRole.user_id == user.id))))
    scope = s.execute(select(UserScope.company_id, UserScope.building_id)
                      .where(UserScope.user_id == user.id)).all()
    return UserForm(user.login, user.full_name, roles,
                    frozenset(c for c, _ in scope if c is not None),
                    frozenset(b for _, b in scope if b is not None), user.active)


@reports(Change.USERS)
def edit_user(db: Database, actor: Actor, user_id: int, version: int, form: UserForm) -> None:
    """Change a user's name, roles, scope, or block them; the login stays."""
    with transaction(db, actor, Right.ADMIN) as tx:
        s = tx.session
        user = _load(tx, user_id, version)
        form = _check_form(s, UserForm(user.login, form.full_name, form.roles, form.company_ids,
                                       form.building_ids, form.active))
        if user.id == actor.user_id and (not form.active or Role.ADMIN not in form.roles):
            raise DomainError("Свою роль администратора снять или себя заблокировать нельзя: "
                              "это сделает другой администратор")
        before = _current_form(s, user)
        _write_roles_and_scope(s, user.id, form)
        # the version is checked in the UPDATE itself, so two administrators saving at the same
        # moment cannot both pass
        done = s.execute(update(User).where(User.id == user.id, User.version == version)
                         .values(full_name=form.full_name, active=form.active,
                                 version=version + 1)
                         .execution_options(synchronize_session=False))
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise _conflict(user.login)
        tx.audit("user.edit", "user", user.id, before=_form_audit(before),
                 after=_form_audit(form))


@reports(Change.USERS)
def reset_password(db: Database, actor: Actor, user_id: int, password: str,
                   repeat: str) -> None:
    """A new password set by the administrator; it also lifts a lockout."""
    actor.require(Right.ADMIN)
    _check_password(password, repeat)
    with transaction(db, actor, Right.ADMIN) as tx:
        user = _load(tx, user_id)
        _set(tx, user.id, password_hash=hash_password(password), failed_logins=0,
             locked_until=None)
        tx.audit("user.password_reset", "user", user.id, after={"login": user.login})


@reports(Change.USERS)
def unlock_user(db: Database, actor: Actor, user_id: int) -> None:
    """Lift a lockout after failed logins before it runs out."""
    with transaction(db, actor, Right.ADMIN) as tx:
        user = _load(tx, user_id)
        before = {"failed_logins": user.failed_logins, "locked_until": user.locked_until}
        _set(tx, user.id, failed_logins=0, locked_until=None)
        tx.audit("user.unlock", "user", user.id, before=before,
                 after={"failed_logins": 0, "locked_until": None})


def change_own_password(db: Database, actor: Actor, old: str, new: str, repeat: str) -> None:
    """Any logged-in user changes their own password, knowing the old one."""
    if actor.user_id is None:
        raise AccessDenied("Пароль меняет пользователь, вошедший под своим логином")
    _check_password(new, repeat)
    if new == old:
        raise DomainError("Новый пароль совпадает со старым")
    with transaction(db, actor) as tx:
        user = _load(tx, actor.user_id)
        if not verify_password(old, user.password_hash):
            raise AccessDenied("Текущий пароль введён неверно; пароль не изменён")
        _set(tx, user.id, password_hash=hash_password(new))
        tx.audit("user.password_change", "user", user.id, after={"login": user.login})


def _set(tx: Tx, user_id: int, **values: object) -> None:
    tx.session.execute(update(User).where(User.id == user_id).values(**values)
                       .execution_options(synchronize_session=False))
