"""The journal of issued certificates (справки): each one numbered, dated and kept."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UtcDateTime


class CertificateIssue(Base):
    """One certificate issued: number `seq/year` within the year, kind, account, who issued it
    and to whom."""

    __tablename__ = "certificate_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(24))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    issued_by_name: Mapped[str] = mapped_column(String(200))
    recipient: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (UniqueConstraint("year", "seq"),)

    @property
    def number(self) -> str:
        return f"{self.seq}/{self.year}"
