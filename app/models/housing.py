"""Housing stock: buildings and premises."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Quantity
from app.models.checks import check


class Building(Base):
    __tablename__ = "building"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    city: Mapped[str] = mapped_column(String(120))
    street: Mapped[str] = mapped_column(String(160), index=True)
    house: Mapped[str] = mapped_column(String(20))  # "5", "5к1", "12А"
    postcode: Mapped[str | None] = mapped_column(String(6))
    fias_guid: Mapped[str | None] = mapped_column(String(36))
    year_built: Mapped[int | None] = mapped_column(Integer)
    floors: Mapped[int | None] = mapped_column(Integer)
    entrances: Mapped[int | None] = mapped_column(Integer)
    total_area: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(0))
    living_area: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(0))
    common_area: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(0))
    heating_type: Mapped[str] = mapped_column(String(24))
    heating_mode: Mapped[str] = mapped_column(String(24))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("city", "street", "house"),
        check("areas_not_negative",
              "total_area >= 0 AND living_area >= 0 AND common_area >= 0"),
    )

    @property
    def address(self) -> str:
        return f"{self.city}, {self.street}, д. {self.house}"


class Premise(Base):
    __tablename__ = "premise"

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(24))
    total_area: Mapped[Decimal] = mapped_column(Quantity)
    living_area: Mapped[Decimal | None] = mapped_column(Quantity)
    rooms: Mapped[int | None] = mapped_column(Integer)
    entrance: Mapped[int | None] = mapped_column(Integer)
    floor: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("building_id", "number"),
        check("areas_not_negative",
              "total_area >= 0 AND (living_area IS NULL OR living_area >= 0)"),
    )
