"""Quantities and money survive a trip through both databases to the last digit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.db import Database
from app.models import KeyRate, RuleParameter


@pytest.mark.parametrize(
    "value", ["0", "4.745", "0.016542", "123456789.123456", "-3.5", "99999999999.999999"]
)
def test_quantity_round_trips_exactly(db: Database, value: str) -> None:
    # a rule parameter may be negative (a key rate may not: the database refuses it)
    with db.sessions() as s, s.begin():
        s.add(RuleParameter(code="test", date_from=date(2026, 1, 1), value=Decimal(value)))
    with db.sessions() as s:
        got = s.scalar(select(RuleParameter.value).where(RuleParameter.code == "test"))
    assert got == Decimal(value)
    assert isinstance(got, Decimal)


def test_quantity_refuses_more_places_than_stored(db: Database) -> None:
    from sqlalchemy.exc import StatementError

    with pytest.raises(StatementError, match="знаков после запятой"), db.sessions() as s:
        s.add(KeyRate(date_from=date(2026, 1, 1), rate=Decimal("0.0000001")))
        s.flush()


def test_quantity_refuses_float(db: Database) -> None:
    from sqlalchemy.exc import StatementError

    with pytest.raises(StatementError, match="float"), db.sessions() as s:
        s.add(KeyRate(date_from=date(2026, 1, 1), rate=0.1))  # type: ignore[arg-type]
        s.flush()
