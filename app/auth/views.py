"""Plain rows the users-and-roles screen shows and the forms it sends back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RoleView:
    name: str
    title: str
    rights: frozenset[str]
    builtin: bool
    users: int  # how many users hold it
    version: int | None  # None for a built-in role (not editable)


@dataclass(frozen=True)
class ScopeItem:
    """A management company or a building a user's visibility can be limited to."""

    kind: str  # "company" | "building"
    id: int
    title: str


@dataclass(frozen=True)
class UserView:
    id: int
    login: str
    full_name: str
    roles: tuple[str, ...]
    roles_title: str
    active: bool
    company_ids: frozenset[int]
    building_ids: frozenset[int]
    scope_title: str  # «все дома» or the companies and buildings
    last_login_at: datetime | None
    locked_until: datetime | None
    failed_logins: int
    version: int


@dataclass(frozen=True)
class UserForm:
    login: str
    full_name: str
    roles: tuple[str, ...]
    company_ids: frozenset[int] = frozenset()
    building_ids: frozenset[int] = frozenset()
    active: bool = True
