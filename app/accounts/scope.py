"""Visibility scope: an actor limited to some companies or buildings sees only their accounts."""

from __future__ import annotations

from app.errors import AccessDenied
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
