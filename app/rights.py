"""Roles, the rights each grants, and the acting user passed to every use case."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app import titles
from app.errors import AccessDenied


class Role(StrEnum):
    CASHIER = "cashier"
    ACCRUAL = "accrual"
    PASSPORT = "passport"
    LAWYER = "lawyer"
    ADMIN = "admin"
    VIEWER = "viewer"


class Right(StrEnum):
    ACCOUNT_VIEW = "account.view"
    ACCOUNT_NOTE = "account.note"
    ACCOUNT_EDIT = "account.edit"
    PERSONAL_DATA = "personal_data.view"
    READINGS_ENTER = "readings.enter"
    METERS_EDIT = "meters.edit"
    BILLING_RUN = "billing.run"
    PERIOD_CLOSE = "period.close"
    TARIFFS_EDIT = "tariffs.edit"
    CORRECTION = "ledger.correction"
    CASH_TAKE = "cash.take"
    CASH_CANCEL = "cash.cancel"
    TRANSFERS = "transfers.record"
    PASSPORT_EDIT = "passport.edit"
    REPORTS = "reports.view"
    DEBTORS = "debtors.work"
    ADMIN = "admin"
    IMPORT = "data.import"
    CERTIFICATE_ISSUE = "certificates.issue"


_GRANTS: dict[Role, frozenset[Right]] = {
    Role.VIEWER: frozenset({Right.ACCOUNT_VIEW, Right.REPORTS}),
    Role.CASHIER: frozenset({Right.ACCOUNT_VIEW, Right.ACCOUNT_NOTE, Right.CASH_TAKE,
                             Right.READINGS_ENTER, Right.CERTIFICATE_ISSUE}),
    Role.ACCRUAL: frozenset({Right.ACCOUNT_VIEW, Right.ACCOUNT_NOTE, Right.ACCOUNT_EDIT,
                             Right.READINGS_ENTER, Right.METERS_EDIT, Right.BILLING_RUN,
                             Right.PERIOD_CLOSE, Right.TARIFFS_EDIT, Right.CORRECTION,
                             Right.REPORTS, Right.CERTIFICATE_ISSUE, Right.TRANSFERS}),
    Role.PASSPORT: frozenset({Right.ACCOUNT_VIEW, Right.ACCOUNT_NOTE, Right.PERSONAL_DATA,
                              Right.PASSPORT_EDIT, Right.CERTIFICATE_ISSUE}),
    Role.LAWYER: frozenset({Right.ACCOUNT_VIEW, Right.ACCOUNT_NOTE, Right.DEBTORS,
                            Right.REPORTS, Right.PERSONAL_DATA, Right.CERTIFICATE_ISSUE}),
    Role.ADMIN: frozenset(Right),
}

def rights_of(roles: frozenset[str]) -> frozenset[Right]:
    """The rights of the built-in roles among `roles`; a custom role's rights are stored in the
    database and come to the actor at login (`Actor.granted`)."""
    granted: set[Right] = set()
    for r in roles:
        if r in Role._value2member_map_:
            granted |= _GRANTS[Role(r)]
    return frozenset(granted)


@dataclass(frozen=True)
class Actor:
    """Who is acting: the logged-in user (or the system, for batch jobs and imports)."""

    user_id: int | None
    login: str
    full_name: str
    roles: frozenset[str] = frozenset()
    company_ids: frozenset[int] = field(default_factory=frozenset)  # empty = all
    building_ids: frozenset[int] = field(default_factory=frozenset)  # empty = all
    granted: frozenset[Right] = frozenset()  # the rights of the user's custom roles

    @property
    def rights(self) -> frozenset[Right]:
        return rights_of(self.roles) | self.granted

    def can(self, right: Right) -> bool:
        return right in self.rights

    def require(self, right: Right) -> None:
        if not self.can(right):
            raise AccessDenied(f"Нет права «{titles.RIGHT[right]}» у пользователя {self.login}")

    @property
    def unrestricted(self) -> bool:
        return not self.company_ids and not self.building_ids


SYSTEM = Actor(user_id=None, login="system", full_name="Система", roles=frozenset({Role.ADMIN}))
