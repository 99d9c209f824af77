"""The ledger: every money movement, billing periods, runs and balance snapshots."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UtcDateTime


class BillingPeriod(Base):
    __tablename__ = "billing_period"

    code: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # YYYYMM
    status: Mapped[str] = mapped_column(String(24))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class BillingRun(Base):
    __tablename__ = "billing_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[int] = mapped_column(ForeignKey("billing_period.code"), index=True)
    status: Mapped[str] = mapped_column(String(24))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    scope: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # filter: company/building/accounts
    accounts: Mapped[int] = mapped_column(Integer, default=0)
    lines: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    errors: Mapped[str | None] = mapped_column(Text)


class Operation(Base):
    """One money movement, append-only; debt is positive, a payment negative.

    `period` is the period it is posted in; `ref_period` the period it concerns (a recalculation's
    corrected month, the month a payment pays for).
    """

    __tablename__ = "operation"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    op_date: Mapped[date] = mapped_column(Date)
    period: Mapped[int] = mapped_column(ForeignKey("billing_period.code"))
    ref_period: Mapped[int | None] = mapped_column(Integer)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks
    run_id: Mapped[int | None] = mapped_column(ForeignKey("billing_run.id"), index=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"), index=True)
    cause: Mapped[str | None] = mapped_column(String(120))  # absence:17, act:3, import:…
    basis: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_operation_account_period", "account_id", "period"),
        Index("ix_operation_period_kind", "period", "kind"),
    )


class BalanceSnapshot(Base):
    """Balances per account/service/supplier/period; derived from the ledger, rebuildable."""

    __tablename__ = "balance_snapshot"

    period: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)
    supplier_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0 = none
    opening: Mapped[int] = mapped_column(BigInteger, default=0)
    charged: Mapped[int] = mapped_column(BigInteger, default=0)
    recalculated: Mapped[int] = mapped_column(BigInteger, default=0)
    penalty: Mapped[int] = mapped_column(BigInteger, default=0)
    paid: Mapped[int] = mapped_column(BigInteger, default=0)  # positive: money received
    corrected: Mapped[int] = mapped_column(BigInteger, default=0)
    closing: Mapped[int] = mapped_column(BigInteger, default=0)

    __table_args__ = (Index("ix_balance_snapshot_account", "account_id", "period"),)


class PenaltyState(Base):
    """What the monthly penalty posting keeps of an account through a closed period (derived
    from the ledger, rebuildable: see app/penalties/kept.py)."""

    __tablename__ = "penalty_state"

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    period: Mapped[int] = mapped_column(Integer)  # the last closed period it has taken
    rules: Mapped[str] = mapped_column(String(32))  # fingerprint of the penalty rules it used
    company_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)
