"""The debtor tests' town: three accounts charged November–January and February (open); the
first pays everything, the others nothing. Helpers to pay and to name an account."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from app.billing.run import calculate
from app.db import Database
from app.ledger.periods import close_period
from app.models import Account, Operation, Service
from app.models.enums import OperationKind
from app.rights import SYSTEM, Actor, Role
from tests.factories import TestTown, TownFactory

LAWYER = Actor(user_id=None, login="jurist", full_name="Юрист", roles=frozenset({Role.LAWYER}))
CASHIER = Actor(user_id=None, login="k", full_name="Кассир", roles=frozenset({Role.CASHIER}))
TODAY = date(2027, 2, 10)


def pay(db: Database, account_id: int, kopecks: int, day: date, period: int,
        service_code: str = "maintenance") -> None:
    with db.sessions() as s, s.begin():
        service = s.scalar(select(Service.id).where(Service.code == service_code))
        company, supplier = s.execute(  # as the desk posts it: the charge's company, supplier
            select(Operation.company_id, Operation.supplier_id).where(
                Operation.account_id == account_id, Operation.service_id == service,
                Operation.kind == OperationKind.CHARGE.value).limit(1)).one()
        s.add(Operation(kind=OperationKind.PAYMENT, op_date=day, period=period,
                        account_id=account_id, service_id=service, amount=-kopecks,
                        company_id=company, supplier_id=supplier,
                        created_at=datetime.now(UTC)))


def build_town(db: Database) -> TestTown:
    """Three accounts charged November–January; the first pays everything, the others not."""
    town = TownFactory(db).build()
    for flat, residents in (("1", 1), ("2", 2), ("3", 3)):
        town.account(flat=flat, residents=residents,
                     services=("maintenance", "cold_water", "hot_water"))
    for _ in range(3):  # November, December, January
        calculate(db, SYSTEM)
        close_period(db, SYSTEM)
    calculate(db, SYSTEM)  # February open, calculated
    with db.session() as s:  # paid service by service, as the desk splits a payment
        owed = s.execute(select(Service.code, func.sum(Operation.amount))
                         .join(Service, Service.id == Operation.service_id)
                         .where(Operation.account_id == town.accounts[0])
                         .group_by(Service.code)).all()
    for code, debt in owed:
        pay(db, town.accounts[0], int(debt), date(2027, 2, 5), 202702, code)
    return town


def number_of(db: Database, account_id: int) -> str:
    with db.session() as s:
        account = s.get(Account, account_id)
        assert account is not None
        return account.number


