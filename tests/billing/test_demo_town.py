"""The demo town, small, on both databases: its history calculated and closed month by month,
the open month calculated twice with the same result, the snapshots equal to the ledger, and
heating by season charged in the heating season only."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.billing.history import calculate_history
from app.billing.run import calculate
from app.calc.period import Period
from app.db import Database
from app.demo import generate
from app.ledger.periods import open_period
from app.ledger.snapshots import verify
from app.models import Account, BillingPeriod, Building, Operation, Premise, Service
from app.rights import SYSTEM


@pytest.mark.slow
def test_demo_town_history_and_open_period(db: Database) -> None:
    for _ in generate(db, accounts=50, seed=3, history_calculator=calculate_history):
        pass
    with db.session() as s:
        assert open_period(s) == Period(2026, 10)
        closed = s.scalars(select(BillingPeriod.code).where(BillingPeriod.status == "closed")
                           .order_by(BillingPeriod.code)).all()
        charged = s.scalars(select(Operation.period).distinct()
                            .where(Operation.kind == "charge")).all()
    assert closed[0] == 202511 and closed[-1] == 202609 and len(closed) == 11
    assert sorted(charged) == closed  # October is open and not calculated yet

    first = calculate(db, SYSTEM)
    assert first.problems == [] and first.accounts >= 45 and first.lines > 5 * first.accounts
    second = calculate(db, SYSTEM)
    assert (second.accounts, second.lines, second.total) == \
        (first.accounts, first.lines, first.total)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Operation).where(
            Operation.period == 202610, Operation.kind == "charge")) == first.lines
    assert verify(db) == []
    with db.session() as s:  # buildings heated by season: nothing in summer, part of May
        heating = dict(s.execute(
            select(Operation.period, func.count())
            .join(Service, Service.id == Operation.service_id)
            .join(Account, Account.id == Operation.account_id)
            .join(Premise, Premise.id == Account.premise_id)
            .join(Building, Building.id == Premise.building_id)
            .where(Service.code == "heating", Building.heating_mode == "season")
            .group_by(Operation.period)).all())
    assert heating.get(202601, 0) > 0 and heating.get(202605, 0) > 0
    assert heating.get(202607, 0) == 0 and heating.get(202608, 0) == 0
