"""Acts of under-supply and citizens' claims: what a recalculation for quality rests on."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Quantity, UtcDateTime


class UnderSupplyAct(Base):
    """Акт о перерыве или ненадлежащем качестве (ПП 354 разд. X, прил. 1) for a building or
    one account: a service, an interval, and for poor hot water the degrees below the norm."""

    __tablename__ = "under_supply_act"

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    kind: Mapped[str] = mapped_column(String(24))  # interruption / temperature
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)
    degrees_below: Mapped[Decimal | None] = mapped_column(Quantity)
    document: Mapped[str | None] = mapped_column(String(300))
    period: Mapped[int] = mapped_column(Integer)  # the month the interval falls in
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class Claim(Base):
    """Обращение (претензия) гражданина: who, where, which service, what, and the answer."""

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    applicant: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    text: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(24))  # new / in_work / answered
    answer: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[date | None] = mapped_column(Date)
    act_id: Mapped[int | None] = mapped_column(ForeignKey("under_supply_act.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
