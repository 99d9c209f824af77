"""The federal penalty rules with dates: rate caps, due days and moratoria (ЖК ст. 155)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Quantity


class PenaltyRule(Base):
    """One dated penalty rule, loaded with the federal values and editable:
    `rate_cap` (percent), `due_day` (day of the month after the period), `moratorium` (no
    penalty accrues on its days; `debts_due_before` limits it to older debts; `enabled` switches
    a moratorium that is a setting, ПП РФ №497). A company's own due day is a `rule_parameter`
    `payment_due_day` with its company."""

    __tablename__ = "penalty_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    value: Mapped[Decimal | None] = mapped_column(Quantity)
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    debts_due_before: Mapped[date | None] = mapped_column(Date)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
