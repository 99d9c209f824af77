"""Debtor work: repayment agreements and their schedules, court cases, notices and warnings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UtcDateTime


class RepaymentAgreement(Base):
    """Соглашение о рассрочке: while kept, the account is left out of debtor lists."""

    __tablename__ = "repayment_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    number: Mapped[str] = mapped_column(String(40))
    signed_on: Mapped[date] = mapped_column(Date)
    debt: Mapped[int] = mapped_column(BigInteger)  # kopecks covered by the schedule
    status: Mapped[str] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint("debt > 0", name="debt_positive"),)


class AgreementInstalment(Base):
    __tablename__ = "agreement_instalment"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("repayment_agreement.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)


class CourtCase(Base):
    """A debt collection case: its stage, amounts claimed and recovered, the next action."""

    __tablename__ = "court_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    stage: Mapped[str] = mapped_column(String(24))
    opened_on: Mapped[date] = mapped_column(Date)
    period_from: Mapped[int] = mapped_column(Integer)  # the debt claimed: months YYYYMM
    period_to: Mapped[int] = mapped_column(Integer)
    debt_claimed: Mapped[int] = mapped_column(BigInteger)
    penalty_claimed: Mapped[int] = mapped_column(BigInteger, default=0)
    state_duty: Mapped[int] = mapped_column(BigInteger, default=0)
    recovered: Mapped[int] = mapped_column(BigInteger, default=0)
    court: Mapped[str | None] = mapped_column(String(200))
    case_number: Mapped[str | None] = mapped_column(String(60))
    next_action_on: Mapped[date | None] = mapped_column(Date, index=True)
    next_action: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("period_from <= period_to", name="periods_in_order"),
        CheckConstraint("debt_claimed >= 0 AND penalty_claimed >= 0 AND state_duty >= 0 "
                        "AND recovered >= 0", name="amounts_not_negative"),
    )


class CourtCaseEvent(Base):
    """What happened in a case: a stage reached, a document filed or received."""

    __tablename__ = "court_case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("court_case.id"), index=True)
    happened_on: Mapped[date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text)
    document: Mapped[str | None] = mapped_column(String(300))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class DebtNotice(Base):
    """A notice or warning about the debt (ПП 354 п. 119), with its delivery."""

    __tablename__ = "debt_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    issued_on: Mapped[date] = mapped_column(Date)
    debt: Mapped[int] = mapped_column(BigInteger)
    penalty: Mapped[int] = mapped_column(BigInteger, default=0)
    services: Mapped[str | None] = mapped_column(String(300))  # a warning's services, codes
    delivered_on: Mapped[date | None] = mapped_column(Date)
    delivery_way: Mapped[str | None] = mapped_column(String(24))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # «У-2027/15», «П-2027/3»: numbered per kind and year when printed (the journal)
    number: Mapped[str | None] = mapped_column(String(30), unique=True)
