"""A small billed town: three accounts, November closed, December paid in part and billed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.billing.run import calculate
from app.calc.period import Period
from app.db import Database
from app.ledger.periods import close_period
from app.models import Operation, Payment, Service
from app.models.enums import OperationKind, PaymentChannel
from app.rights import SYSTEM
from tests.factories import TestTown, TownFactory

NOV, DEC = Period(2026, 11), Period(2026, 12)


def _pay(db: Database, account_id: int, service_code: str, kopecks: int, period: Period,
         key: str) -> None:
    """A payment as the ledger holds it: the payment row and its (negative) operation."""
    with db.sessions() as s, s.begin():
        service_id = s.scalar(select(Service.id).where(Service.code == service_code))
        pay = Payment(idempotency_key=key, account_id=account_id, amount=kopecks,
                      paid_on=period.first_day, period=period.code, channel=PaymentChannel.CASH,
                      status="posted", created_at=datetime.now(UTC))
        s.add(pay)
        s.flush()
        s.add(Operation(kind=OperationKind.PAYMENT, op_date=period.first_day.replace(day=12),
                        period=period.code, ref_period=period.prev().code, account_id=account_id,
                        service_id=service_id, amount=-kopecks, payment_id=pay.id,
                        created_at=datetime.now(UTC)))


@pytest.fixture
def town(db: Database) -> TestTown:
    town = TownFactory(db).build()
    for flat, residents in (("1", 1), ("2", 2), ("3", 3)):
        town.account(flat=flat, residents=residents)
    calculate(db, SYSTEM)  # November
    close_period(db, SYSTEM)
    _pay(db, town.accounts[0], "maintenance", 50_000, DEC, "p1")
    _pay(db, town.accounts[1], "cold_water", 12_345, DEC, "p2")
    calculate(db, SYSTEM)  # December
    return town


