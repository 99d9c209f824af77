"""Personal accounts, the services connected to them, notes, lists and the lookup index."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Quantity, UtcDateTime
from app.models.checks import check, dates_in_order


class Account(Base):
    """Лицевой счёт: the billing unit of a premise (or a part of it) and its payer."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(10), unique=True)
    premise_id: Mapped[int] = mapped_column(ForeignKey("premise.id"), index=True)
    payer_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    payer_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(24))
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    # a part of the premise (коммунальная квартира); None = the whole premise's total area
    area: Mapped[Decimal | None] = mapped_column(Quantity)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        dates_in_order("opened_on", "closed_on"),
        check("area_not_negative", "area IS NULL OR area >= 0"),
    )


class AccountService(Base):
    """A service connected to an account for a span of dates, with its supplier and method."""

    __tablename__ = "account_service"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    # None = the service's own method
    method: Mapped[str | None] = mapped_column(String(32))
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    fixed_amount: Mapped[int | None] = mapped_column(BigInteger)  # kopecks, for the fixed method
    # a meter is required and technically possible: norm × raising coefficient without one
    meter_required: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (dates_in_order(),)


class AccountNote(Base):
    __tablename__ = "account_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    text: Mapped[str] = mapped_column(Text)


class AccountList(Base):
    """A named list of accounts, e.g. for an individual tariff."""

    __tablename__ = "account_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class AccountListMember(Base):
    __tablename__ = "account_list_member"

    list_id: Mapped[int] = mapped_column(ForeignKey("account_list.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id"), primary_key=True, index=True
    )


class AccountSearchToken(Base):
    """One word of what an operator may type to find an account, lower-cased, ё→е.

    Prefix range scans over this index answer as-you-type lookups on a million accounts without
    a full scan; it is derived data, rebuilt from the accounts at any time
    (`app.accounts.search_index`). The token sorts by code point on both databases (SQLite's
    BINARY, PostgreSQL's "C" collation whatever the database's locale), so the range
    `token >= 'иван' AND token < 'ивао'` is exactly "starts with иван" and walks the index.
    SQLite keeps it WITHOUT ROWID: the primary key is the table, one b-tree less to write.
    """

    __tablename__ = "account_search_token"

    token: Mapped[str] = mapped_column(
        String(64).with_variant(String(64, collation="C"), "postgresql"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True
    )
    # 1 account number, 2 payer/resident name word, 3 street, 4 house, 5 flat,
    # 6 a person's whole name (app.accounts.search_index)
    field: Mapped[int] = mapped_column(SmallInteger, primary_key=True)

    __table_args__ = (
        # the tokens of one account: "does this account also match the next word?"
        Index("ix_account_search_token_account", "account_id", "field", "token"),
        {"sqlite_with_rowid": False},
    )
