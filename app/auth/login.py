"""Log in: check the password, build the Actor with roles and scope, audit the attempt."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.auth import lockout
from app.auth.passwords import UNUSABLE_HASH, hash_password, verify_password
from app.db import Database, read_only_problem
from app.errors import AccessDenied
from app.models import AuditEntry, CustomRoleRight, User, UserRole, UserScope
from app.models.base import utcnow
from app.rights import Actor, Right

_WRONG = "Неверный логин или пароль"


def login(db: Database, login_name: str, password: str, *, now: datetime | None = None) -> Actor:
    try:
        return _login(db, login_name, password, now)
    except OperationalError as exc:  # the attempt is recorded: a read-only base refuses it
        raise read_only_problem(exc) or exc from None


def _login(db: Database, login_name: str, password: str, now: datetime | None) -> Actor:
    name = login_name.strip().lower()
    if not name or not password:
        raise AccessDenied("Введите логин и пароль")
    now = now or utcnow()
    with db.sessions() as s:
        user = s.scalar(select(User).where(User.login == name))
        # one scrypt on every path: an unknown name is checked against a hash no password
        # matches, so the answer takes as long as for a real user (names are not found by timing)
        matches = verify_password(password, user.password_hash if user else UNUSABLE_HASH)
        if user is not None and user.locked_until is not None and user.locked_until > now:
            _audit(s, now, user.id, "login.locked", name)
            s.commit()
            raise AccessDenied(_locked_text(user.failed_logins, user.locked_until, now))
        ok = user is not None and user.active and matches
        failures, until = 0, None
        if user is not None and ok:
            _set_counters(s, user.id, failed_logins=0, locked_until=None, last_login_at=now)
            _audit(s, now, user.id, "login", name)
        elif user is not None and not matches:
            failures = user.failed_logins + 1
            until = lockout.locked_until(failures, now)
            _set_counters(s, user.id, failed_logins=failures, locked_until=until)
            _audit(s, now, user.id, "login.failed", name,
                   {"failures": failures, "locked_until": until.isoformat() if until else None})
        else:
            _audit(s, now, user.id if user else None, "login.failed", name)
        s.commit()
        if not ok or user is None:
            if user is not None and not user.active and matches:  # only to its owner
                raise AccessDenied("Пользователь заблокирован; обратитесь к администратору")
            if user is not None and not matches and until is not None:
                raise AccessDenied(f"{_WRONG}. " + _locked_text(failures, until, now))
            raise AccessDenied(_WRONG)
        s.refresh(user)
        return actor_for(s, user)


def _locked_text(failures: int, until: datetime, now: datetime) -> str:
    return (f"Вход временно закрыт после {failures} неверных паролей подряд: повторите "
            f"{lockout.wait_text(until, now)} или попросите администратора сбросить пароль")


def _set_counters(s: Session, user_id: int, **values: object) -> None:
    # a plain UPDATE: the user's version is not bumped, so a login never makes an
    # administrator's open edit of the same user a conflict
    s.execute(update(User).where(User.id == user_id).values(**values)
              .execution_options(synchronize_session=False))


def _audit(s: Session, now: datetime, user_id: int | None, action: str, name: str,
           after: dict[str, object] | None = None) -> None:
    s.add(AuditEntry(at=now, user_id=user_id, action=action, entity="user", entity_id=name,
                     after=after))


def actor_for(s: Session, user: User) -> Actor:
    roles = frozenset(s.scalars(select(UserRole.role).where(UserRole.user_id == user.id)))
    scopes = s.execute(
        select(UserScope.company_id, UserScope.building_id).where(UserScope.user_id == user.id)
    ).all()
    granted = frozenset(Right(r) for r in s.scalars(
        select(CustomRoleRight.right).where(CustomRoleRight.role.in_(roles)))
        if r in Right._value2member_map_)
    return Actor(
        user_id=user.id,
        login=user.login,
        full_name=user.full_name,
        roles=roles,
        company_ids=frozenset(c for c, _ in scopes if c is not None),
        building_ids=frozenset(b for _, b in scopes if b is not None),
        granted=granted,
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
