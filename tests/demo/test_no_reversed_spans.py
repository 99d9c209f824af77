"""The demo generator never writes a span that ends before it starts — at any size: the pieces
that draw the dates (households settled in a flat that may have been sold, meters installed
lately in a flat that may have been sold) are run over the whole windows the town draws from,
and the database's CHECK constraints refuse anything reversed when the rows are written."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.bulk import BulkWriter
from app.db import Database
from app.demo.generator import OPEN_PERIOD
from app.demo.metering import Metering
from app.demo.people import SHAPES, TODAY, People, rand_date
from app.demo.town import SALES_FROM, SALES_TO
from app.models import Meter, Ownership, Premise, Registration
from app.models.enums import PremiseKind, Resource
from tests.factories import TestTown, TownFactory, make_user

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def town(db: Database) -> TestTown:
    return TownFactory(db).build()


@pytest.fixture
def premise_id(db: Database, town: TestTown) -> int:
    """An empty flat: no persons in the database, so the writer's own ids are free."""
    with db.sessions() as s, s.begin():
        premise = Premise(building_id=town.building_id, number="99", kind=PremiseKind.FLAT,
                          total_area=60, rooms=2)
        s.add(premise)
        s.flush()
        return premise.id


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from(SHAPES),
       since=st.dates(date(1993, 1, 1), date(2025, 6, 30)),
       sale=st.one_of(st.none(), st.dates(SALES_FROM, SALES_TO)), municipal=st.booleans(),
       births=st.lists(st.one_of(st.none(), st.dates(date(1940, 1, 1), TODAY)), min_size=8,
                       max_size=8))
def test_households_are_registered_and_own_only_forward_spans(
        db: Database, town: TestTown, premise_id: int, seed: int, shape: str, since: date,
        sale: date | None, municipal: bool, births: list[date | None]) -> None:
    """Any birthday, too (`None`: the one the generator drew): a child born after the
    household sold the flat and left was never registered there."""
    until = None if sale is None else sale - timedelta(days=1)
    with db.engine.connect() as conn, conn.begin() as tx:
        w = BulkWriter(conn)
        people = People(w, random.Random(seed), town.company_id)
        household = people.household(shape)
        for member, birth in zip(household.members, births, strict=False):
            member.birth = birth or member.birth
        people.settle(household, premise_id, since, until, municipal and shape != "vacant")
        w.flush()  # the database refuses a reversed span (ck_…_dates_in_order)
        for model in (Registration, Ownership):
            for start, end in conn.execute(select(model.date_from, model.date_to)):
                assert end is None or end >= start
        tx.rollback()


@pytest.fixture
def sold_flat(db: Database, town: TestTown) -> tuple[int, int, int, int]:
    """A flat's seller and buyer accounts, its premise and an operator entering readings."""
    seller, buyer = town.account(flat="1"), town.account(flat="2")
    return seller.id, buyer.id, seller.premise_id, make_user(db, "operator", ["accrual"])


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), sale=st.dates(SALES_FROM, SALES_TO),
       installed=st.one_of(st.none(), st.dates(date(2026, 2, 1), date(2026, 7, 31))),
       zones=st.sampled_from((1, 2)))
def test_a_meter_of_a_sold_flat_is_never_removed_before_it_is_installed(
        db: Database, town: TestTown, sold_flat: tuple[int, int, int, int], seed: int,
        sale: date, installed: date | None, zones: int) -> None:
    seller, buyer, premise, operator = sold_flat
    periods = [OPEN_PERIOD.shift(i - 11) for i in range(12)]
    with db.engine.connect() as conn, conn.begin() as tx:
        w = BulkWriter(conn)
        rng = random.Random(seed)
        metering = Metering(w, rng, periods, town.services, operator)
        metering.start_building()
        habits = [metering.habit(), metering.habit()]
        metering.individual([(seller, sale - timedelta(days=1)), (buyer, None)], premise,
                            Resource.COLD_WATER, zones, [2, 3], habits, date(1975, 9, 1),
                            installed)
        w.flush()  # the database refuses a meter removed before it was installed
        for on, off in conn.execute(select(Meter.installed_on, Meter.removed_on)):
            assert off is None or off >= on
        tx.rollback()


def test_a_reversed_window_is_a_bug_of_the_caller() -> None:
    with pytest.raises(ValueError, match="before"):
        rand_date(random.Random(1), date(2026, 1, 2), date(2026, 1, 1))
