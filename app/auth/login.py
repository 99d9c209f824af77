"""Log in: check the password, build the Actor with roles and scope, audit the attempt."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.passwords import UNUSABLE_HASH, hash_password, verify_password
from app.db import Database
from app.errors import AccessDenied
from app.models import AuditEntry, User, UserRole, UserScope
from app.models.base import utcnow
from app.rights import Actor

_WRONG = "Неверный логин или пароль"


def login(db: Database, login_name: str, password: str) -> Actor:
    name = login_name.strip().lower()
    if not name or not password:
        raise AccessDenied("Введите логин и пароль")
    with db.sessions() as s:
        user = s.scalar(select(User).where(User.login == name))
        # one scrypt on every path: an unknown name is checked against a hash no password
        # matches, so the answer takes as long as for a real user (names are not found by timing)
        matches = verify_password(password, user.password_hash if user else UNUSABLE_HASH)
        ok = user is not None and user.active and matches
        s.add(
            AuditEntry(
                at=utcnow(),
                user_id=user.id if user else None,
                action="login" if ok else "login.failed",
                entity="user",
                entity_id=name,
            )
        )
        s.commit()
        if not ok or user is None:
            if user is not None and not user.active and matches:  # only to its owner
                raise AccessDenied("Пользователь заблокирован; обратитесь к администратору")
            raise AccessDenied(_WRONG)
        return actor_for(s, user)


def actor_for(s: object, user: User) -> Actor:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    roles = frozenset(s.scalars(select(UserRole.role).where(UserRole.user_id == user.id)))
    scopes = s.execute(
        select(UserScope.company_id, UserScope.building_id).where(UserScope.user_id == user.id)
    ).all()
    return Actor(
        user_id=user.id,
        login=user.login,
        full_name=user.full_name,
        roles=roles,
        company_ids=frozenset(c for c, _ in scopes if c is not None),
        building_ids=frozenset(b for _, b in scopes if b is not None),
    )


def create_user(
    db: Database, login_name: str, full_name: str, password: str, roles: list[str]
) -> int:
    """Used by the demo generator and `kvartal user add`; administration UI comes later."""
    with db.sessions() as s, s.begin():
        user = User(
            login=login_name.strip().lower(),
            full_name=full_name,
            password_hash=hash_password(password),
            active=True,
            created_at=utcnow(),
        )
        s.add(user)
        s.flush()
        for r in roles:
            s.add(UserRole(user_id=user.id, role=r))
        s.add(AuditEntry(at=utcnow(), user_id=None, action="user.create", entity="user",
                         entity_id=str(user.id), after={"login": user.login, "roles": roles}))
        return user.id


def has_users(db: Database) -> bool:
    with db.session() as s:
        return s.scalar(select(User.id).limit(1)) is not None


MIN_PASSWORD = 5


def check_first_admin(login_name: str, full_name: str, password: str, repeat: str) -> str:
    """The first administrator's login (normalised), or the reason it cannot be created."""
    from app.errors import DomainError

    name = login_name.strip().lower()
    if not name or not full_name.strip():
        raise DomainError("Укажите логин и ФИО администратора")
    if not name.replace("_", "").replace(".", "").isalnum():
        raise DomainError("Логин — латинские буквы, цифры, точка и подчёркивание")
    if len(password) < MIN_PASSWORD:
        raise DomainError(f"Пароль должен быть не короче {MIN_PASSWORD} символов")
    if password != repeat:
        raise DomainError("Пароли не совпадают")
    return name


def create_first_admin(
    db: Database, login_name: str, full_name: str, password: str, repeat: str
) -> Actor:
    """A new database has nobody to log in as: its first user becomes the administrator.

    Refused once any user exists, so it can never be used to grant oneself rights later.
    """
    from app.errors import DomainError

    name = check_first_admin(login_name, full_name, password, repeat)
    if has_users(db):
        raise DomainError("Администратор уже создан; войдите под своим логином")
    create_user(db, name, full_name.strip(), password, ["admin"])
    return login(db, name, password)
