"""An under-supply act for a whole building: every account of it with a charge for the service is
reduced by the rule, and the act reads the building in a few queries, not a few per account."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import event, func, select

from app.billing.history import calculate_history
from app.calc.quality import interruption_reduction
from app.db import Database
from app.demo import generate
from app.ledger.periods import open_period
from app.models import Account, Operation, Premise, Service
from app.models.enums import OperationKind as K
from app.recalc.acts import ActInput, interruption_rule, register_act
from app.rights import SYSTEM


def test_a_building_act_reduces_every_account_in_a_few_queries(db: Database) -> None:
    for _ in generate(db, accounts=40, seed=3, history_calculator=calculate_history):
        pass
    with db.session() as s:
        month = open_period(s).prev()
        building, accounts = s.execute(
            select(Premise.building_id, func.count(Account.id))
            .join(Account, Account.premise_id == Premise.id)
            .group_by(Premise.building_id).order_by(func.count(Account.id).desc())).first()
        rule = interruption_rule(s.scalar(select(Service).where(Service.code == "cold_water")))
        charged = {n: a for n, a in s.execute(
            select(Account.number, func.sum(Operation.amount))
            .join(Operation, Operation.account_id == Account.id)
            .join(Premise, Premise.id == Account.premise_id)
            .join(Service, Service.id == Operation.service_id)
            .where(Premise.building_id == building, Service.code == "cold_water",
                   Operation.kind == K.CHARGE.value, Operation.period == month.code)
            .group_by(Account.number))}
    assert accounts >= 10 and len(charged) >= 10
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda *a: statements.append(a[2]))
    start = datetime(month.year, month.month, 3, 6, tzinfo=UTC)
    result = register_act(db, SYSTEM, ActInput("cold_water", start,
                                                start.replace(hour=23), building_id=building))
    hours = Decimal(17)
    assert {line.account_number: line.amount for line in result.lines} == {
        n: -interruption_reduction(a, hours, rule) for n, a in charged.items()}
    assert all(line.amount < 0 for line in result.lines)
    assert len(statements) < 30  # one account at a time took about six each
