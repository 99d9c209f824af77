"""Persons, ownership shares, registrations of residents and temporary absences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UtcDateTime
from app.models.checks import check, dates_in_order


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_name: Mapped[str] = mapped_column(String(80), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    middle_name: Mapped[str | None] = mapped_column(String(80))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))  # "м" / "ж"
    birth_place: Mapped[str | None] = mapped_column(String(200))
    snils: Mapped[str | None] = mapped_column(String(11))
    citizenship: Mapped[str | None] = mapped_column(String(60))  # «Российская Федерация»
    # «Паспорт гражданина РФ», «Свидетельство о рождении» or another document's name
    doc_type: Mapped[str | None] = mapped_column(String(60))
    doc_series: Mapped[str | None] = mapped_column(String(10))
    doc_number: Mapped[str | None] = mapped_column(String(20))
    doc_issued_by: Mapped[str | None] = mapped_column(String(200))
    doc_issued_on: Mapped[date | None] = mapped_column(Date)
    doc_code: Mapped[str | None] = mapped_column(String(7))  # код подразделения «123-456»
    phone: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class Ownership(Base):
    """A share of a premise owned by a person (or an organisation) over a span of dates."""

    __tablename__ = "ownership"

    id: Mapped[int] = mapped_column(primary_key=True)
    premise_id: Mapped[int] = mapped_column(ForeignKey("premise.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    share_num: Mapped[int] = mapped_column(Integer, default=1)
    share_den: Mapped[int] = mapped_column(Integer, default=1)
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    document: Mapped[str | None] = mapped_column(String(200))
    # the room's account in a communal flat: where nobody is registered the room's owners are
    # counted for its per-person charges (ПП 354 п. 56(2)); None: an owner of the whole premise
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)

    __table_args__ = (
        dates_in_order(),
        check("share_within_whole",
              "share_num >= 1 AND share_den >= 1 AND share_num <= share_den"),
    )


class Registration(Base):
    """Регистрация по месту жительства (permanent) или пребывания (temporary, with an end)."""

    __tablename__ = "registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    premise_id: Mapped[int] = mapped_column(ForeignKey("premise.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    relation: Mapped[str | None] = mapped_column(String(60))  # к собственнику/нанимателю
    arrived_from: Mapped[str | None] = mapped_column(String(300))
    departed_to: Mapped[str | None] = mapped_column(String(300))
    # why and on what document the person was registered («по заявлению», «рождение»;
    # «заявление от 01.08.2026, договор купли-продажи …») and, on departure, deregistered.
    # A departure sets date_to (the last day registered, inclusive) and never deletes the row.
    reason: Mapped[str | None] = mapped_column(String(200))
    document: Mapped[str | None] = mapped_column(String(300))
    departure_reason: Mapped[str | None] = mapped_column(String(200))
    departure_document: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # the room's account in a communal flat (коммунальная квартира), where each room is its own
    # account: per-person charges of that account count only its residents. None: the person
    # lives in the whole premise and counts for every account of it (a flat with one account)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)

    __table_args__ = (dates_in_order(),)


class Absence(Base):
    """Временное отсутствие: reduces norm-based charges (ПП 354 разд. VIII)."""

    __tablename__ = "absence"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    premise_id: Mapped[int] = mapped_column(ForeignKey("premise.id"), index=True)
    date_from: Mapped[date] = mapped_column(Date)  # first full day away
    date_to: Mapped[date] = mapped_column(Date)  # last full day away
    document: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (dates_in_order(open_end=False),)


class RecalcRequest(Base):
    """A change of inputs dated in a closed period, waiting for its recalculation.

    The use case that changed the input queues one per affected account in its own
    transaction; `app.recalc.trigger.run_requests` recomputes them after the commit and marks
    them done with the batch it posted (`batch` None: done by hand, or nothing differed). An
    open request is in the accrual specialist's list until it is run or marked done.
    """

    __tablename__ = "recalc_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    from_period: Mapped[int] = mapped_column(Integer)  # YYYYMM, the first period to recompute
    cause: Mapped[str] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    batch: Mapped[str | None] = mapped_column(String(16))  # the recalculation posted for it
