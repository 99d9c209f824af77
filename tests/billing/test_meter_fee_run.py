"""The fee per meter through the billing run, on SQLite and PostgreSQL: the loader counts each
account's meters of the service's resource (linked to another service or not) and nothing else."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.billing.run import calculate
from app.calc.basis import explain_stored
from app.calc.inputs import Method
from app.calc.period import Period
from app.db import Database
from app.models import Operation, Service, Tariff
from app.models.enums import OperationKind, PenaltyKind
from app.rights import SYSTEM
from tests.factories import D, TownFactory

NOV = Period(2026, 11)


def test_each_account_pays_for_its_own_meters(db: Database) -> None:
    town = TownFactory(db).build()
    with db.sessions() as s, s.begin():
        svc = Service(code="meter_service", name="Обслуживание приборов учёта воды", unit="шт.",
                      method=Method.METER_FEE.value, resource="cold_water",
                      penalty_kind=PenaltyKind.HOUSING)
        s.add(svc)
        s.flush()
        s.add(Tariff(service_id=svc.id, value=D("50.00"), date_from=date(2026, 1, 1)))
        town.services["meter_service"] = svc.id
    one = town.account(flat="1", area="54.3", services=("meter_service",))
    three = town.account(flat="2", area="54.3", services=("meter_service",))
    town.meter(one.id, "cold_water")
    for _ in range(3):
        town.meter(three.id, "cold_water")
    town.meter(three.id, "electricity")  # another resource: not this fee's
    added = town.account(flat="3", area="54.3", services=("meter_service",))
    town.meter(added.id, "cold_water")
    town.meter(added.id, "cold_water", installed=date(2026, 11, 16))  # counts from its day

    calculate(db, SYSTEM, NOV)
    with db.session() as s:
        rows = s.execute(select(Operation.account_id, Operation.amount, Operation.basis)
                         .where(Operation.kind == OperationKind.CHARGE)).all()
    amounts = {a: amount for a, amount, _b in rows}
    assert amounts == {one.id: 5000, three.id: 15000, added.id: 7500}
    texts = {a: explain_stored(b) for a, _amount, b in rows}
    assert texts[three.id] == "Приборов учёта 3 × 50,00 ₽ за прибор = 150,00\xa0₽"
