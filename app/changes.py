"""What a use case changed, so that screens showing it can refresh (after Anki's `OpChanges`).

A use case that writes declares what it changes with `@reports(Change.TARIFFS)`; a caller learns
it with `changes_of(use_case)`. The workstation performs a use case, then broadcasts its changes
to every open screen, and each screen reloads only if what it shows is among them — no screen
knows which other screens exist. Pure: no Qt, no database.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class Change(enum.Flag):
    """Kinds of stored data a write can change; combine them with `|`."""

    NONE = 0
    ACCOUNTS = enum.auto()  # an account's own data: people, notes, services
    METERS = enum.auto()  # meters registered, replaced, removed
    READINGS = enum.auto()  # meter readings
    TARIFFS = enum.auto()  # tariffs, norms, account lists they apply to
    CHARGES = enum.auto()  # operations in the ledger: charges, recalculations, payments
    PERIODS = enum.auto()  # a period closed, the next one opened
    REFERENCE = enum.auto()  # organisations, contracts, services, buildings and premises
    BACKUP = enum.auto()  # a backup made, the age after which the window warns
    DEBTORS = enum.auto()  # debtor work: agreements, court cases, notices
    USERS = enum.auto()  # users, their roles and scopes, custom roles


def reports(changes: Change) -> Callable[[F], F]:
    """Mark a use-case function with what it changes when it succeeds."""

    def mark(function: F) -> F:
        function.changes = changes  # type: ignore[attr-defined]
        return function

    return mark


def changes_of(function: Callable[..., Any]) -> Change:
    """What `function` declared it changes; `Change.NONE` for a read."""
    value = getattr(function, "changes", Change.NONE)
    return value if isinstance(value, Change) else Change.NONE
