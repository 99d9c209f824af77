"""Roles: the six built-in ones (`app.rights`) and custom roles the administrator composes from
the list of rights. A user holds a custom role by name, like a built-in one; its rights reach
the user's `Actor` at login."""

from __future__ import annotations

import re

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app import titles
from app.auth.views import RoleView
from app.changes import Change, reports
from app.db import Database
from app.errors import Conflict, DomainError, NotFound
from app.models import CustomRole, CustomRoleRight, UserRole
from app.rights import Actor, Right, Role, rights_of
from app.usecase import transaction

_NAME = re.compile(r"[a-z][a-z0-9_]{1,23}")


def list_roles(db: Database, actor: Actor) -> list[RoleView]:
    actor.require(Right.ADMIN)
    with db.session() as s:
        return role_views(s)


def role_views(s: Session) -> list[RoleView]:
    held = {r: n for r, n in s.execute(select(UserRole.role, func.count()).group_by(UserRole.role))}
    rows = [RoleView(name=r.value, title=titles.ROLE[r], builtin=True, users=held.get(r, 0),
                     rights=frozenset(x.value for x in rights_of(frozenset({r}))),
                     version=None) for r in Role]
    granted: dict[str, set[str]] = {}
    for role, right in s.execute(select(CustomRoleRight.role, CustomRoleRight.right)):
        granted.setdefault(role, set()).add(right)
    for custom in s.scalars(select(CustomRole).order_by(CustomRole.title)):
        rows.append(RoleView(name=custom.name, title=custom.title, builtin=False,
                             users=held.get(custom.name, 0), version=custom.version,
                             rights=frozenset(granted.get(custom.name, ()))))
    return rows


def role_titles(s: Session) -> dict[str, str]:
    """Every role's title by name, built-in and custom."""
    found = {r.value: titles.ROLE[r] for r in Role}
    found.update((n, t) for n, t in s.execute(select(CustomRole.name, CustomRole.title)))
    return found


def _checked(name: str, title: str, rights: frozenset[str]) -> tuple[str, str, list[Right]]:
    name, title = name.strip().lower(), " ".join(title.split())
    if not _NAME.fullmatch(name):
        raise DomainError("Код роли — от 2 до 24 латинских строчных букв, цифр и подчёркиваний, "
                          "начинается с буквы")
    if name in Role._value2member_map_:
        raise DomainError(f"Код «{name}» занят встроенной ролью «{titles.ROLE[name]}»")
    if not title or len(title) > 100:
        raise DomainError("Укажите название роли (до 100 символов)")
    if title.lower() in {t.lower() for t in titles.ROLE.values()}:
        raise DomainError(f"Название «{title}» занято встроенной ролью")
    unknown = sorted(r for r in rights if r not in Right._value2member_map_)
    if unknown:
        raise DomainError("Нет таких прав: " + ", ".join(unknown))
    if not rights:
        raise DomainError("Отметьте хотя бы одно право роли")
    return name, title, sorted((Right(r) for r in rights), key=list(Right).index)


@reports(Change.USERS)
def save_role(db: Database, actor: Actor, name: str, title: str, rights: frozenset[str],
              version: int | None = None) -> None:
    """Create a custom role (`version=None`) or change one read at `version`."""
    actor.require(Right.ADMIN)
    name, title, chosen = _checked(name, title, rights)
    with transaction(db, actor, Right.ADMIN) as tx:
        s = tx.session
        role = s.get(CustomRole, name)
        clash = s.scalar(select(CustomRole.name).where(func.lower(CustomRole.title)
                                                       == title.lower(), CustomRole.name != name))
        if clash is not None:
            raise DomainError(f"Роль с названием «{title}» уже есть")
        if version is None:
            if role is not None:
                raise DomainError(f"Роль с кодом «{name}» уже есть")
            s.add(CustomRole(name=name, title=title))
            before = None
        else:
            if role is None:
                raise NotFound(f"Роли «{name}» нет: её удалил другой администратор")
            if role.version != version:
                raise _conflict(role.title)
            old = sorted(s.scalars(select(CustomRoleRight.right)
                                   .where(CustomRoleRight.role == name)))
            before = {"title": role.title, "rights": old}
            s.execute(delete(CustomRoleRight).where(CustomRoleRight.role == name))
            # the version is checked in the UPDATE itself: of two saves at once, one is refused
            done = s.execute(update(CustomRole)
                             .where(CustomRole.name == name, CustomRole.version == version)
                             .values(title=title, version=version + 1)
                             .execution_options(synchronize_session=False))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise _conflict(title)
        s.flush()
        s.add_all(CustomRoleRight(role=name, right=r.value) for r in chosen)
        tx.audit("role.create" if before is None else "role.edit", "role", name, before=before,
                 after={"title": title, "rights": [r.value for r in chosen]})


def _conflict(title: str) -> Conflict:
    return Conflict(f"Роль «{title}» изменил другой администратор, пока вы её редактировали; "
                    "ничего не записано — откройте её заново")


@reports(Change.USERS)
def delete_role(db: Database, actor: Actor, name: str) -> None:
    """Only a custom role nobody holds."""
    with transaction(db, actor, Right.ADMIN) as tx:
        s = tx.session
        role = s.get(CustomRole, name)
        if role is None:
            raise NotFound(f"Роли «{name}» нет" if name not in Role._value2member_map_
                           else "Встроенную роль удалить нельзя")
        holders = s.scalar(select(func.count()).select_from(UserRole)
                           .where(UserRole.role == name)) or 0
        if holders:
            raise DomainError(f"Роль «{role.title}» назначена пользователям ({holders}); "
                              "сначала снимите её с них")
        rights = sorted(s.scalars(select(CustomRoleRight.right)
                                  .where(CustomRoleRight.role == name)))
        s.execute(delete(CustomRoleRight).where(CustomRoleRight.role == name))
        s.delete(role)
        tx.audit("role.delete", "role", name, before={"title": role.title, "rights": rights})
