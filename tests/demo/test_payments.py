"""The demo town pays its bills: desk shifts and bank registries each month, every payment split
exactly, shift and registry totals equal to their payments, habits that leave some debtors."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.billing.history import calculate_history
from app.cashdesk.shifts import shift_totals
from app.db import Database
from app.demo import generate
from app.demo.payments import habit_of
from app.ledger.snapshots import verify
from app.models import CashShift, Operation, Payment, PaymentRegistry


def test_the_demo_town_pays_through_desk_and_banks(db: Database) -> None:
    for _ in generate(db, accounts=40, seed=5, history_calculator=calculate_history):
        pass
    with db.session() as s:
        posted_in = s.scalars(select(Operation.period).distinct()
                              .where(Operation.kind == "payment")).all()
        assert sorted(posted_in) == [202512 + i for i in range(1)] + \
            [202601 + i for i in range(10)]  # the month after each closed period
        by_channel = dict(s.execute(select(Payment.channel, func.count())
                                    .group_by(Payment.channel)).all())
        assert by_channel["bank"] > by_channel["cash"] > 0 and by_channel.get("card", 0) > 0
        bad = s.execute(
            select(Payment.id).join(Operation, Operation.payment_id == Payment.id)
            .group_by(Payment.id, Payment.amount)
            .having(func.sum(Operation.amount) != -Payment.amount)).all()
        assert bad == []
        for shift in s.scalars(select(CashShift)):
            paid = s.execute(select(Payment.channel, func.sum(Payment.amount))
                             .where(Payment.shift_id == shift.id)
                             .group_by(Payment.channel)).all()
            totals = shift_totals(s, shift.id)
            assert (dict(paid).get("cash", 0), dict(paid).get("card", 0)) == (totals.cash,
                                                                             totals.card)
            assert shift.counted_cash == shift.expected_cash
        for reg in s.scalars(select(PaymentRegistry)):
            assert s.scalar(select(func.sum(Payment.amount))
                            .where(Payment.registry_id == reg.id)) == reg.total
        owed = dict(s.execute(select(Operation.account_id, func.sum(Operation.amount))
                              .group_by(Operation.account_id)).all())
    behind = [a for a in owed if habit_of(5, a) in ("debtor", "partial")]
    assert behind and all(owed[a] > 0 for a in behind)  # partial payers and debtors owe
    assert sum(1 for a in owed if owed[a] <= 0) > len(owed) // 2  # most have paid it all
    assert verify(db) == []


def test_after_the_demo_every_filled_table_has_planner_statistics(db: Database) -> None:
    """A fresh PostgreSQL database filled in bulk: a table the planner believes empty gets
    full scans for every foreign-key check (registry posting was 6× slower). ANALYZE ends
    the demo, so no table written after the first import (shifts, registries, snapshots)
    is left with the statistics of an empty table."""
    from sqlalchemy import text

    if db.engine.dialect.name != "postgresql":
        pytest.skip("the planner's statistics read here are PostgreSQL's")
    for _ in generate(db, accounts=30, seed=3, history_calculator=calculate_history):
        pass
    with db.engine.connect() as conn:
        blind = conn.execute(text(
            "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
            "WHERE s.n_live_tup >= 50 AND c.reltuples < s.n_live_tup / 2 ORDER BY 1")
        ).scalars().all()
    assert blind == []
