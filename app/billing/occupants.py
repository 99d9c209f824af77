"""The people half of the period loader: who is registered in each premise and who owns it.

A communal flat is one premise with an account per room: a registration or an ownership may name
the room's account, and then counts for that account only; one naming no account counts for every
account of the premise. Mixed into `PeriodLoader`, which provides the connection and the period's
filters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from app.calc.inputs import ResidentSpan
from app.models import Ownership, Premise, Registration


@dataclass(frozen=True, slots=True)
class Residents:
    """Registrations of a chunk: those of a whole premise, and those of a room's account in a
    communal flat; an account counts the first and its own."""

    premises: dict[int, tuple[ResidentSpan, ...]]
    rooms: dict[int, tuple[ResidentSpan, ...]]

    def of(self, premise_id: int, account_id: int) -> tuple[ResidentSpan, ...]:
        whole = self.premises.get(premise_id, ())
        own = self.rooms.get(account_id)
        return whole if own is None else whole + own


@dataclass(frozen=True, slots=True)
class Owners:
    """Owners counted per premise and per room's account, as `Residents`."""

    premises: dict[int, int]
    rooms: dict[int, int]

    def of(self, premise_id: int, account_id: int) -> int:
        return self.premises.get(premise_id, 0) + self.rooms.get(account_id, 0)


class OccupantQueries:
    c: Connection

    if TYPE_CHECKING:  # provided by PeriodLoader
        def _all(self, q: Any) -> Any: ...

        def _in_buildings(self, building_ids: list[int]) -> Any: ...

        def _overlap(self, col_from: Any, col_to: Any) -> Any: ...

    def _residents(self, building_ids: list[int]) -> Residents:
        r = Registration
        q = (select(r.premise_id, r.person_id, r.date_from, r.date_to, r.account_id)
             .join(Premise, Premise.id == r.premise_id)
             .where(self._in_buildings(building_ids), self._overlap(r.date_from, r.date_to)))
        premises: dict[int, list[ResidentSpan]] = defaultdict(list)
        rooms: dict[int, list[ResidentSpan]] = defaultdict(list)
        for premise_id, person_id, d_from, d_to, account_id in self._all(q):
            span = ResidentSpan(person_id, d_from, d_to)
            (premises[premise_id] if account_id is None else rooms[account_id]).append(span)
        return Residents({k: tuple(v) for k, v in premises.items()},
                         {k: tuple(v) for k, v in rooms.items()})

    def _owners(self, building_ids: list[int]) -> Owners:
        o = Ownership
        q = (select(o.premise_id, o.account_id, func.count())
             .join(Premise, Premise.id == o.premise_id)
             .where(self._in_buildings(building_ids), self._overlap(o.date_from, o.date_to))
             .group_by(o.premise_id, o.account_id))
        owners = Owners({}, {})
        for premise_id, account_id, n in self.c.execute(q):
            if account_id is None:
                owners.premises[premise_id] = n
            else:
                owners.rooms[account_id] = n
        return owners
