"""Services, tariffs and norms with effective dates, and the dated rule parameters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Quantity
from app.models.checks import check, dates_in_order


class Service(Base):
    __tablename__ = "service"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(20))  # м³, кВт·ч, Гкал, м², мес.
    method: Mapped[str] = mapped_column(String(32))
    resource: Mapped[str | None] = mapped_column(String(24))
    zones: Mapped[int] = mapped_column(SmallInteger, default=1)
    norm_base: Mapped[str | None] = mapped_column(String(24))
    penalty_kind: Mapped[str] = mapped_column(String(24))
    # the raising coefficient for a missing required meter applies (not sewerage, gas, heating)
    raising_applies: Mapped[bool] = mapped_column(Boolean, default=False)
    # recalculated for temporary absence (norm-based services; ТКО always)
    absence_applies: Mapped[bool] = mapped_column(Boolean, default=False)
    # permitted interruption, hours a month / at once (ПП 354 прил. 1)
    permitted_hours_month: Mapped[int | None] = mapped_column(Integer)
    permitted_hours_once: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Tariff(Base):
    """Price per unit, ₽ (exact), for a span of dates; the most specific scope wins:
    account list, then building, then supplier, then the service everywhere."""

    __tablename__ = "tariff"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"))
    account_list_id: Mapped[int | None] = mapped_column(ForeignKey("account_list.id"))
    zone: Mapped[int] = mapped_column(SmallInteger, default=0)  # 0 single, 1 day, 2 night, 3 peak
    value: Mapped[Decimal] = mapped_column(Quantity)
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (dates_in_order(), check("value_not_negative", "value >= 0"))


class Norm(Base):
    """Норматив потребления: per person a month, or per m² (heating, common needs)."""

    __tablename__ = "norm"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"))
    kind: Mapped[str] = mapped_column(String(24), default="individual")  # or "common_needs"
    value: Mapped[Decimal] = mapped_column(Quantity)
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (dates_in_order(), check("value_not_negative", "value >= 0"))


class KeyRate(Base):
    """Ключевая ставка ЦБ РФ, in force from a date (percent, exact)."""

    __tablename__ = "key_rate"

    date_from: Mapped[date] = mapped_column(Date, primary_key=True)
    rate: Mapped[Decimal] = mapped_column(Quantity)

    __table_args__ = (check("rate_not_negative", "rate >= 0"),)


class RuleParameter(Base):
    """A legal or contractual parameter with effective dates: due day, rate cap, moratorium,
    raising coefficient, months of average consumption… Data, not code (DOMAIN.md)."""

    __tablename__ = "rule_parameter"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    value: Mapped[Decimal] = mapped_column(Quantity)
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(200))  # the act that set it

    __table_args__ = (dates_in_order(),)
