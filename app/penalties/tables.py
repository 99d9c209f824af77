"""Editing the penalty tables: the key rate by date and the federal rules (a moratorium that is
a setting is switched on or off here). Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from app.db import Database
from app.errors import DomainError, NotFound
from app.models import KeyRate, PenaltyRule
from app.rights import Actor, Right
from app.usecase import transaction

KIND_TITLES = {"rate_cap": "Ограничение ставки", "due_day": "Срок оплаты (число месяца)",
               "moratorium": "Мораторий"}


@dataclass(frozen=True)
class KeyRateRow:
    date_from: date
    rate: Decimal


@dataclass(frozen=True)
class RuleRow:
    id: int
    kind: str
    value: Decimal | None
    date_from: date
    date_to: date | None
    debts_due_before: date | None
    enabled: bool
    source: str | None

    @property
    def title(self) -> str:
        return KIND_TITLES.get(self.kind, self.kind)


def key_rates(db: Database, actor: Actor) -> list[KeyRateRow]:
    """The key rate table, the latest first."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        return [KeyRateRow(d, r) for d, r in s.execute(
            select(KeyRate.date_from, KeyRate.rate).order_by(KeyRate.date_from.desc()))]


def parse_rate(text: str) -> Decimal:
    try:
        rate = Decimal(text.strip().replace(",", ".").rstrip("%").strip())
    except InvalidOperation:
        raise DomainError(f"Ставка «{text}» — не число") from None
    if not Decimal(0) < rate < Decimal(100):
        raise DomainError("Ставка должна быть больше 0 и меньше 100 %")
    return rate


def set_key_rate(db: Database, actor: Actor, date_from: date, rate: Decimal | str) -> None:
    """Enter (or correct) the key rate in force from a date."""
    actor.require(Right.TARIFFS_EDIT)
    value = parse_rate(rate) if isinstance(rate, str) else rate
    if not Decimal(0) < value < Decimal(100):
        raise DomainError("Ставка должна быть больше 0 и меньше 100 %")
    with transaction(db, actor, Right.TARIFFS_EDIT) as tx:
        row = tx.session.get(KeyRate, date_from)
        before = None if row is None else {"rate": row.rate}
        if row is None:
            tx.session.add(KeyRate(date_from=date_from, rate=value))
        else:
            row.rate = value
        tx.audit("key_rate.set", "key_rate", date_from.isoformat(), before=before,
                 after={"rate": value})


def delete_key_rate(db: Database, actor: Actor, date_from: date) -> None:
    with transaction(db, actor, Right.TARIFFS_EDIT) as tx:
        row = tx.session.get(KeyRate, date_from)
        if row is None:
            raise NotFound(f"Нет ставки с {date_from:%d.%m.%Y}")
        tx.audit("key_rate.delete", "key_rate", date_from.isoformat(), before={"rate": row.rate})
        tx.session.delete(row)


def penalty_rules(db: Database, actor: Actor) -> list[RuleRow]:
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        return [RuleRow(r.id, r.kind, r.value, r.date_from, r.date_to, r.debts_due_before,
                        r.enabled, r.source)
                for r in s.scalars(select(PenaltyRule).order_by(PenaltyRule.kind,
                                                                PenaltyRule.date_from))]


def set_rule_enabled(db: Database, actor: Actor, rule_id: int, enabled: bool) -> None:
    """Switch a rule on or off (the ПП №497 moratorium is off until the operator decides)."""
    with transaction(db, actor, Right.TARIFFS_EDIT) as tx:
        row = tx.session.get(PenaltyRule, rule_id)
        if row is None:
            raise NotFound(f"Нет правила пеней {rule_id}")
        tx.audit("penalty_rule.enable", "penalty_rule", rule_id,
                 before={"enabled": row.enabled}, after={"enabled": enabled})
        row.enabled = enabled
