"""Verification list (поверка): meters whose verification runs out within N days or has run out.

A meter past its verification date stops counting as a meter from the month after (DOMAIN.md):
the list is what the operator sends to owners and controllers before that happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from app.calc import bounds
from app.calc.period import Period
from app.db import Database
from app.errors import DomainError
from app.meters.state import MeterInfo, meters_by_id
from app.models import Meter
from app.models.enums import MeterStatus
from app.rights import Actor, Right
from app.titles import RESOURCE_SHORT


@dataclass(frozen=True, slots=True)
class VerificationRow:
    meter: MeterInfo
    next_verification: date
    days_left: int  # negative: expired that many days ago

    @property
    def state(self) -> str:
        if self.days_left < 0:
            stops = Period.of(self.next_verification).next()
            return f"истекла {-self.days_left} дн. назад; не прибор учёта с {stops.title()}"
        if self.days_left == 0:
            return "истекает сегодня"
        return f"истекает через {self.days_left} дн."

    @property
    def resource_title(self) -> str:
        return RESOURCE_SHORT.get(self.meter.resource, self.meter.resource)


def verification_list(db: Database, actor: Actor, *, today: date, days: int = 30,
                      building_id: int | None = None) -> list[VerificationRow]:
    """Active meters due for verification by today + `days` (expired ones first)."""
    actor.require(Right.ACCOUNT_VIEW)
    try:
        bounds.check_days(days)
    except ValueError as exc:
        raise DomainError(f"Список поверки: {exc}") from None
    limit = today + timedelta(days=days)
    with db.session() as s:
        due = dict(s.execute(select(Meter.id, Meter.next_verification).where(
            Meter.status == MeterStatus.ACTIVE, Meter.next_verification.is_not(None),
            Meter.next_verification <= limit)).all())
        meters = meters_by_id(s, actor, due)
    rows = [VerificationRow(m, nv, (nv - today).days) for mid, m in meters.items()
            if (nv := due[mid]) is not None
            and (building_id is None or m.building_id == building_id)]
    return sorted(rows, key=lambda r: (r.next_verification, r.meter.sort_key()))
