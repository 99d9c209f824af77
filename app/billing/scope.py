"""Which accounts a billing run covers: everything, a company, a building or a list of accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, select, true
from sqlalchemy.orm import Session

from app.errors import InvalidInput, Problem
from app.models import Account, Building, Premise


@dataclass(frozen=True)
class Scope:
    """A filter of accounts; all fields empty = every account. Fields combine with AND."""

    company_id: int | None = None
    building_id: int | None = None
    account_ids: tuple[int, ...] = ()

    @property
    def everything(self) -> bool:
        return self.company_id is None and self.building_id is None and not self.account_ids

    def to_json(self) -> dict[str, Any] | None:
        if self.everything:
            return None
        out: dict[str, Any] = {}
        if self.company_id is not None:
            out["company_id"] = self.company_id
        if self.building_id is not None:
            out["building_id"] = self.building_id
        if self.account_ids:
            out["account_ids"] = list(self.account_ids)
        return out

    def condition(self) -> ColumnElement[bool]:
        """A WHERE clause over account ⋈ premise ⋈ building."""
        parts: list[ColumnElement[bool]] = []
        if self.company_id is not None:
            parts.append(Building.company_id == self.company_id)
        if self.building_id is not None:
            parts.append(Premise.building_id == self.building_id)
        if self.account_ids:
            parts.append(Account.id.in_(self.account_ids))
        return and_(true(), *parts)

    def title(self) -> str:
        if self.everything:
            return "все лицевые счета"
        parts = []
        if self.company_id is not None:
            parts.append(f"управляющая организация {self.company_id}")
        if self.building_id is not None:
            parts.append(f"дом {self.building_id}")
        if self.account_ids:
            parts.append(f"{len(self.account_ids)} лицевых счетов")
        return ", ".join(parts)


def scoped_accounts():
    """SELECT account.id … FROM account ⋈ premise ⋈ building, to be filtered by a Scope."""
    return (
        select(Account.id)
        .join(Premise, Premise.id == Account.premise_id)
        .join(Building, Building.id == Premise.building_id)
    )


def resolve_account_numbers(session: Session, numbers: Sequence[str]) -> tuple[int, ...]:
    """Account ids for the numbers an operator typed; every unknown number is reported."""
    wanted = [n.strip() for n in numbers if n.strip()]
    found = dict(
        session.execute(select(Account.number, Account.id).where(Account.number.in_(wanted)))
        .all()
    )
    missing = [n for n in wanted if n not in found]
    if missing:
        raise InvalidInput([Problem(n, "нет такого лицевого счёта") for n in missing],
                           "Лицевые счета не найдены")
    return tuple(found[n] for n in wanted)
