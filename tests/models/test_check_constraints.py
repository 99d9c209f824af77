"""The database itself refuses impossible facts — a span that ends before it starts, a negative
quantity, a share above the whole — on SQLite and PostgreSQL alike; through a use case the
operator hears why in Russian and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import InvalidInput
from app.models import (
    Absence,
    Account,
    AuditEntry,
    Meter,
    Ownership,
    Reading,
    Registration,
    Tariff,
)
from app.models.enums import ReadingKind, ReadingSource, RegistrationKind
from app.rights import SYSTEM, Right
from app.usecase import transaction
from tests.factories import TestTown, TownFactory

Write = Callable[[Session, TestTown, Account, int], None]


def _registration(s: Session, town: TestTown, acc: Account, meter: int) -> None:
    s.add(Registration(person_id=acc.payer_person_id, premise_id=acc.premise_id,
                       kind=RegistrationKind.PERMANENT, date_from=date(2026, 7, 12),
                       date_to=date(2026, 5, 4)))


def _ownership(s: Session, town: TestTown, acc: Account, meter: int) -> None:
    s.add(Ownership(premise_id=acc.premise_id, person_id=acc.payer_person_id, share_num=3,
                    share_den=2, date_from=date(2020, 1, 1)))


def _account(s: Session, town: TestTown, acc: Account, meter: int) -> None:
    s.execute(update(Account).where(Account.id == acc.id).values(closed_on=date(2019, 12, 31)))


def _meter(s: Session, town: TestTown, acc: Account, meter: int) -> None:
    s.execute(update(Meter).where(Meter.id == meter).values(removed_on=date(2024, 12, 3)))


def _tariff(s: Session, town: TestTown, acc: Account, meter: int) -> None:
    s.add(Tariff(service_id=town.services["cold_water"], value=Decimal("-1"),
                 date_from=date(2026, 1, 1)))


def _absence(s: Session, town: TestTown, acc: Account, meter: int) -> None:
    s.add(Absence(person_id=acc.payer_person_id, premise_id=acc.premise_id,
                  date_from=date(2026, 3, 10), date_to=date(2026, 3, 1)))


def _reading(s: Session, town: TestTown, acc: Account, meter: int) -> None:
    from app.models.base import utcnow

    s.add(Reading(meter_id=meter, period=202611, taken_on=date(2026, 11, 20),
                  value=Decimal("-5"), kind=ReadingKind.REGULAR,
                  source=ReadingSource.OPERATOR, entered_at=utcnow()))


CASES: dict[str, tuple[Write, str]] = {
    "registration": (_registration, "регистрация заканчивается раньше, чем начинается"),
    "ownership": (_ownership, "доля собственности должна быть от 0 до 1"),
    "account": (_account, "лицевой счёт закрыт раньше, чем открыт"),
    "meter": (_meter, "прибор учёта снят раньше, чем установлен"),
    "tariff": (_tariff, "тариф не может быть отрицательным"),
    "absence": (_absence, "отсутствие заканчивается раньше, чем начинается"),
    "reading": (_reading, "показание не может быть отрицательным"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_database_refuses_an_impossible_fact(db: Database, case: str) -> None:
    write, reason = CASES[case]
    town = TownFactory(db).build()
    acc = town.account()
    meter = town.meter(acc.id)

    with pytest.raises(IntegrityError), db.sessions() as s, s.begin():  # any path, not the app
        write(s, town, acc, meter)
        s.flush()

    audits = _count(db, AuditEntry)
    with pytest.raises(InvalidInput) as refused, \
            transaction(db, SYSTEM, Right.ACCOUNT_NOTE) as tx:
        write(tx.session, town, acc, meter)
        tx.audit("test.write", "account", acc.id)
    assert reason in refused.value.message and "ничего не записано" in refused.value.message
    assert _count(db, AuditEntry) == audits


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0
