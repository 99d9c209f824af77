"""Cash shifts, payments and bank payment registries."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UtcDateTime


class CashShift(Base):
    __tablename__ = "cash_shift"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    desk: Mapped[str] = mapped_column(String(60))
    cashier_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    status: Mapped[str] = mapped_column(String(24))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cash_total: Mapped[int] = mapped_column(BigInteger, default=0)
    card_total: Mapped[int] = mapped_column(BigInteger, default=0)
    payments: Mapped[int] = mapped_column(Integer, default=0)


class PaymentRegistry(Base):
    """A bank's or agent's file of payments; its hash makes a repeated import harmless."""

    __tablename__ = "payment_registry"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(260))
    file_hash: Mapped[str] = mapped_column(String(64), unique=True)
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    lines: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)


class Payment(Base):
    __tablename__ = "payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks, positive
    penalty_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_on: Mapped[date] = mapped_column(Date)
    period: Mapped[int | None] = mapped_column(Integer)  # the period the document named
    channel: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24))
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("cash_shift.id"), index=True)
    registry_id: Mapped[int | None] = mapped_column(ForeignKey("payment_registry.id"))
    receipt_number: Mapped[int | None] = mapped_column(Integer)
    payer_name: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
