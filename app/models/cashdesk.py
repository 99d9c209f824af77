"""Cash shifts, payments, cash movements, fiscal documents and bank payment registries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UtcDateTime


class CashShift(Base):
    """A cashier's shift at a desk: opened with a float, closed with the drawer counted."""

    __tablename__ = "cash_shift"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    desk: Mapped[str] = mapped_column(String(60))
    cashier_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    status: Mapped[str] = mapped_column(String(24))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # its totals are not stored: they are its payments' (app.cashdesk.shifts.shift_totals)
    opening_cash: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # the last receipt number issued in the shift; the row lock serialises numbering
    last_receipt: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    expected_cash: Mapped[int | None] = mapped_column(BigInteger)
    counted_cash: Mapped[int | None] = mapped_column(BigInteger)
    # {"500000": 3, "10": 7}: denomination in kopecks → pieces counted
    counted: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    difference_reason: Mapped[str | None] = mapped_column(String(300))


class CashMove(Base):
    """Cash put into (внесение) or taken out of (выплата, инкассация) the drawer."""

    __tablename__ = "cash_move"

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("cash_shift.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # CashMoveKind
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks, positive
    reason: Mapped[str] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


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
    """Money received (kind payment) or given back (kind refund), always a positive amount."""

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
    kind: Mapped[str] = mapped_column(String(24), default="payment", server_default="payment")
    refund_of_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"))
    tendered: Mapped[int | None] = mapped_column(BigInteger)  # cash handed over, kopecks
    reason: Mapped[str | None] = mapped_column(String(300))  # of a cancellation or refund
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class FiscalDocument(Base):
    """What the fiscal register must print and register, queued until its driver confirms."""

    __tablename__ = "fiscal_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("cash_shift.id"), index=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # FiscalKind
    number: Mapped[int] = mapped_column(Integer)  # in the shift
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(24), index=True)  # queued / sent
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    fiscal_sign: Mapped[str | None] = mapped_column(String(40))
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SupplierTransfer(Base):
    """Money sent on to a supplier (a payment order of the settlement centre): what the
    supplier report subtracts from what was collected for it."""

    __tablename__ = "supplier_transfer"
    __table_args__ = (UniqueConstraint("supplier_id", "document"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    transferred_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks, positive
    document: Mapped[str] = mapped_column(String(60))  # the payment order's number
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
