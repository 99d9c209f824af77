"""Declarative base, naming convention and the column types every aggregate shares."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

QUANTITY_SCALE = 6
_SCALE = Decimal(10) ** QUANTITY_SCALE


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Quantity(TypeDecorator[Decimal]):
    """Exact decimal stored as a scaled integer (6 places).

    SQLAlchemy's Numeric goes through float on SQLite; a scaled BIGINT round-trips exactly on both
    databases and bulk-loads at integer speed. A value with more places is refused, never rounded.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("Количества хранятся точно: float не допускается")
        scaled = Decimal(value) * _SCALE
        if scaled != scaled.to_integral_value():
            raise ValueError(f"Больше {QUANTITY_SCALE} знаков после запятой: {value}")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        return quantity_from_db(value)


def quantity_to_db(value: Decimal) -> int:
    """The stored form of a quantity, for bulk paths that bypass the ORM."""
    scaled = Decimal(value) * _SCALE
    if scaled != scaled.to_integral_value():
        raise ValueError(f"Больше {QUANTITY_SCALE} знаков после запятой: {value}")
    return int(scaled)


def quantity_from_db(value: int) -> Decimal:
    if not value:
        return Decimal(0)
    d = (Decimal(int(value)) / _SCALE).normalize()
    # normalize() turns 30 into 3E+1; keep whole numbers in plain notation for str()/JSON
    return d.quantize(Decimal(1)) if d.as_tuple().exponent > 0 else d  # type: ignore[operator]


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware timestamps, stored in UTC on both databases."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamp without time zone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)

