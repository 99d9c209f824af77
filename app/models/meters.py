"""Meters (individual, common-apartment, building) and their readings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Quantity, UtcDateTime
from app.models.checks import check


class Meter(Base):
    __tablename__ = "meter"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    resource: Mapped[str] = mapped_column(String(24))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    # where it counts: an account (ИПУ), a premise (общеквартирный) or a building (ОДПУ)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    premise_id: Mapped[int | None] = mapped_column(ForeignKey("premise.id"), index=True)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"), index=True)
    serial: Mapped[str] = mapped_column(String(40), index=True)
    model: Mapped[str | None] = mapped_column(String(80))
    zones: Mapped[int] = mapped_column(SmallInteger, default=1)
    digits: Mapped[int] = mapped_column(SmallInteger, default=5)  # integer digits, for rollover
    installed_on: Mapped[date] = mapped_column(Date)
    seal_number: Mapped[str | None] = mapped_column(String(40))
    sealed_on: Mapped[date | None] = mapped_column(Date)
    verified_on: Mapped[date | None] = mapped_column(Date)
    verification_interval_years: Mapped[int | None] = mapped_column(SmallInteger)
    next_verification: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(24))
    removed_on: Mapped[date | None] = mapped_column(Date)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("meter.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        check("removed_after_installed", "removed_on IS NULL OR removed_on >= installed_on"),
        check("verification_dates_in_order", "next_verification IS NULL OR verified_on IS NULL "
              "OR next_verification >= verified_on"),
        check("counts_positive", "zones >= 1 AND digits >= 1 AND "
              "(verification_interval_years IS NULL OR verification_interval_years >= 1)"),
    )


class Reading(Base):
    __tablename__ = "reading"

    id: Mapped[int] = mapped_column(primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meter.id"))
    period: Mapped[int] = mapped_column(Integer)  # YYYYMM the reading counts for
    taken_on: Mapped[date] = mapped_column(Date)
    zone: Mapped[int] = mapped_column(SmallInteger, default=1)
    value: Mapped[Decimal] = mapped_column(Quantity)
    kind: Mapped[str] = mapped_column(String(24))
    source: Mapped[str] = mapped_column(String(24))
    rollover: Mapped[bool] = mapped_column(Boolean, default=False)  # declared counter wrap
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # an imported file's row (hash) so importing the same file twice posts nothing new
    import_key: Mapped[str | None] = mapped_column(String(80), unique=True)

    __table_args__ = (
        UniqueConstraint("meter_id", "period", "zone", "kind"),
        check("value_not_negative", "value >= 0"),
    )
