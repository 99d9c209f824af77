"""Organisations with bank requisites, and the contracts between them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.checks import dates_in_order


class Organization(Base):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(120))
    inn: Mapped[str] = mapped_column(String(12), index=True)
    kpp: Mapped[str | None] = mapped_column(String(9))
    ogrn: Mapped[str | None] = mapped_column(String(15))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(120))
    bank_name: Mapped[str | None] = mapped_column(String(200))
    bik: Mapped[str | None] = mapped_column(String(9))
    settlement_account: Mapped[str | None] = mapped_column(String(20))  # р/с
    corr_account: Mapped[str | None] = mapped_column(String(20))  # к/с
    dispatcher_phone: Mapped[str | None] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Contract(Base):
    """Supplier × service × company; a settlement centre as the third party collects as an agent."""

    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60))
    signed_on: Mapped[date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(24))
    company_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    # agent's commission in hundredths of a percent (150 = 1.5 %)
    commission_bp: Mapped[int] = mapped_column(Integer, default=0)
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (dates_in_order(),)
