"""Visibility scope: an actor limited to some companies or buildings sees only their accounts."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from app.calc.account_number import check_account_number
from app.errors import AccessDenied, DomainError, NotFound
from app.models import Account, Building, Premise
from app.rights import Actor


def visible(actor: Actor, company_id: int | None, building_id: int) -> bool:
    """Scopes add up: a user with a company and a building sees both."""
    if actor.unrestricted:
        return True
    return company_id in actor.company_ids or building_id in actor.building_ids


def require_visible(actor: Actor, company_id: int | None, building_id: int, number: str) -> None:
    if not visible(actor, company_id, building_id):
        raise AccessDenied(
            f"Лицевой счёт {number} не входит в вашу зону обслуживания (управляющие компании "
            "и дома, назначенные пользователю)"
        )


def scope_condition(actor: Actor) -> ColumnElement[bool] | None:
    """The same rule as `visible`, as a condition on `building` for a query that joins it;
    None for an actor who sees everything."""
    if actor.unrestricted:
        return None
    return or_(Building.company_id.in_(actor.company_ids or {-1}),
               Building.id.in_(actor.building_ids or {-1}))


def visible_account(s: Session, actor: Actor, number: str
                    ) -> tuple[Account, Premise, Building]:
    """The account by its number with its premise and building: a mistyped, unknown or
    foreign number is refused in Russian."""
    try:
        checked = check_account_number(number)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    found = visible_account_or_none(s, actor, checked)
    if found is None:
        raise NotFound(f"Лицевой счёт {checked} не найден")
    return found


def visible_account_or_none(s: Session, actor: Actor, number: str
                            ) -> tuple[Account, Premise, Building] | None:
    """As `visible_account`, for forms that list every problem at once: an unknown number is
    None (the caller says so among the rest); a foreign one is still refused."""
    row = s.execute(select(Account, Premise, Building)
                    .join(Premise, Premise.id == Account.premise_id)
                    .join(Building, Building.id == Premise.building_id)
                    .where(Account.number == number.strip())).one_or_none()
    if row is None:
        return None
    account, premise, building = row
    require_visible(actor, building.company_id, building.id, account.number)
    return account, premise, building
