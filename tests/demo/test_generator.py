"""The demo town on both databases: complete, consistent, loginable, and refusing to overwrite."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from sqlalchemy import func, inspect, or_, select

from app.auth.login import login
from app.calc.account_number import check_account_number
from app.calc.period import Period
from app.calc.snils import is_valid_snils
from app.db import Database
from app.demo import USERS, ensure_demo, generate
from app.demo.requisites import account_key_ok, corr_key_ok, is_valid_inn10
from app.errors import DomainError
from app.models import (
    Account,
    AccountSearchToken,
    AccountService,
    Base,
    BillingPeriod,
    Building,
    Meter,
    Norm,
    Organization,
    Ownership,
    Person,
    Premise,
    Reading,
    Registration,
    Service,
    Tariff,
)
from app.models.enums import AccountStatus, MeterKind, PeriodStatus, ReadingKind
from tests.factories import make_user

OCT_FIRST, OCT_LAST = date(2026, 10, 1), date(2026, 10, 31)
KIND_ORDER = {ReadingKind.INITIAL: 0, ReadingKind.REGULAR: 1, ReadingKind.FINAL: 2}


def build(db: Database, accounts: int = 60, seed: int = 1, **kw: object) -> list[tuple]:
    return list(generate(db, accounts=accounts, seed=seed, **kw))  # type: ignore[arg-type]


def test_small_town(db: Database) -> None:
    steps = build(db)
    assert steps[-1][0] == steps[-1][1]  # progress ends at its total
    with db.session() as s:
        numbers = s.scalars(select(Account.number)).all()
        assert len(numbers) == 60
        for n in numbers:
            assert check_account_number(n) == n
        assert s.scalar(select(func.count()).select_from(Building)) >= 5
        assert s.scalar(select(func.count()).select_from(AccountSearchToken)) > 0
        kinds = set(s.scalars(select(Premise.kind)))
        assert kinds == {"flat", "non_residential"}
        assert s.scalar(select(func.count()).select_from(Meter)) > 60
        periods = {p.code: p.status for p in s.scalars(select(BillingPeriod))}
    assert periods == {
        **{Period(2025, 11).shift(i).code: PeriodStatus.CLOSED for i in range(11)},
        202610: PeriodStatus.OPEN,
    }


def test_areas_add_up(db: Database) -> None:
    build(db, accounts=120, seed=4)
    with db.session() as s:
        sums: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
        for p in s.scalars(select(Premise)):
            sums[p.building_id][0] += p.total_area
            sums[p.building_id][1] += p.living_area or 0
            assert p.total_area > 0
        for b in s.scalars(select(Building)):
            assert b.total_area == sums[b.id][0] + b.common_area, b.address
            assert b.living_area == sums[b.id][1]
            assert b.common_area > 0
        parts: dict[int, Decimal] = defaultdict(Decimal)
        for a in s.scalars(select(Account).where(Account.area.is_not(None))):
            parts[a.premise_id] += a.area or 0
        for premise_id, total in parts.items():  # rooms of a communal flat cover the flat
            assert s.get(Premise, premise_id).total_area == total  # type: ignore[union-attr]


def test_every_connected_service_has_a_tariff_in_the_open_period(db: Database) -> None:
    build(db, accounts=120, seed=2)
    with db.session() as s:
        tariffs = s.execute(select(Tariff.service_id, Tariff.building_id, Tariff.zone).where(
            Tariff.date_from <= OCT_LAST,
            or_(Tariff.date_to.is_(None), Tariff.date_to >= OCT_FIRST))).all()
        connected = s.execute(select(AccountService.service_id, Premise.building_id).join(
            Account, Account.id == AccountService.account_id).join(
            Premise, Premise.id == Account.premise_id).where(
            Account.status == AccountStatus.OPEN).distinct()).all()
        assert connected
        for service_id, building_id in connected:
            assert any(t.service_id == service_id and t.building_id in (None, building_id)
                       for t in tariffs), (service_id, building_id)
        electricity = s.scalar(select(Service.id).where(Service.code == "electricity"))
        assert {t.zone for t in tariffs if t.service_id == electricity} == {0, 1, 2}
        norm_based = s.scalars(select(Service.id).where(Service.method == "norm")).all()
        normed = set(s.scalars(select(Norm.service_id)))
        assert set(norm_based) <= normed


def test_readings_never_decrease(db: Database) -> None:
    build(db, accounts=150, seed=3)
    with db.session() as s:
        rows = s.execute(select(Reading.meter_id, Reading.zone, Reading.period, Reading.kind,
                                Reading.value)).all()
        zones = dict(s.execute(select(Meter.id, Meter.zones)).all())
        building_meters = s.scalar(select(func.count()).select_from(Meter).where(
            Meter.kind == MeterKind.BUILDING))
    assert building_meters and rows
    series: dict[tuple[int, int], list[tuple[int, int, Decimal]]] = defaultdict(list)
    for meter_id, zone, period, kind, value in rows:
        assert 1 <= zone <= zones[meter_id]
        series[(meter_id, zone)].append((period, KIND_ORDER[ReadingKind(kind)], value))
    periods_seen = set()
    for values in series.values():
        values.sort()
        periods_seen.update(p for p, _, _ in values)
        for earlier, later in pairwise(values):
            assert later[2] >= earlier[2]
    assert periods_seen <= {Period(2025, 10).shift(i).code for i in range(13)}
    assert 202610 in periods_seen and 202511 in periods_seen
    missing = sum(1 for v in series.values() if len(v) < 13)
    assert missing > 0  # some months were not submitted


@pytest.mark.slow
def test_people_documents_and_organisations(db: Database) -> None:
    build(db, accounts=80, seed=5)
    with db.session() as s:
        for p in s.scalars(select(Person)):
            assert p.snils and is_valid_snils(p.snils)
            if p.sex == "ж":
                assert not p.last_name.endswith(("ов", "ев", "ёв", "ин", "ский", "цкий"))
                assert p.middle_name and p.middle_name.endswith(("вна", "ична"))
            else:
                assert p.middle_name and p.middle_name.endswith(("вич", "ьич", "тич"))
        for o in s.scalars(select(Organization)):
            assert is_valid_inn10(o.inn) and o.kpp and len(o.kpp) == 9
            assert o.bik and o.settlement_account and o.corr_account
            assert account_key_ok(o.bik, o.settlement_account)
            assert corr_key_ok(o.bik, o.corr_account)
        assert s.scalar(select(func.count()).select_from(Registration)) > 60
        owned = s.execute(select(Ownership.premise_id, Ownership.share_num,
                                 Ownership.share_den, Ownership.date_to)).all()
    shares: dict[int, Decimal] = defaultdict(Decimal)
    for premise_id, num, den, date_to in owned:
        if date_to is None:
            shares[premise_id] += Decimal(num) / Decimal(den)
    assert shares and all(abs(v - 1) < Decimal("1e-9") for v in shares.values())


@pytest.mark.slow
def test_users_log_in_with_documented_passwords(db: Database) -> None:
    build(db, accounts=10)
    for name, _full_name, role in USERS:
        actor = login(db, name, name)
        assert actor.roles == frozenset({role})


def test_database_is_ready_for_ordinary_writes(db: Database) -> None:
    """Ids were assigned by the generator: sequences moved past them, indexes are back."""
    build(db, accounts=20)
    assert make_user(db, "novyi", ["viewer"]) == len(USERS) + 1
    with db.engine.connect() as conn:
        insp = inspect(conn)
        for table in Base.metadata.sorted_tables:
            have = {ix["name"] for ix in insp.get_indexes(table.name)}
            assert {str(ix.name) for ix in table.indexes} <= have, table.name


def test_refuses_a_database_with_data(db: Database) -> None:
    build(db, accounts=10)
    with pytest.raises(DomainError, match="уже содержит данные"):
        build(db, accounts=10)


def test_refuses_when_anything_is_there(db: Database) -> None:
    make_user(db, "someone", ["viewer"])
    with pytest.raises(DomainError, match="уже содержит данные"):
        build(db, accounts=10)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organization)) == 0


def test_without_meters(db: Database) -> None:
    build(db, accounts=40, with_meters=False)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Meter)) == 0
        assert s.scalar(select(func.count()).select_from(Reading)) == 0
        assert not s.scalar(select(func.count()).select_from(AccountService).where(
            AccountService.meter_required.is_(True)))
        assert s.scalar(select(func.count()).select_from(Account)) == 40


def test_history_calculator_sees_each_past_period_open(db: Database) -> None:
    seen: list[tuple[int, list[int]]] = []

    def calculator(database: Database, period: Period) -> None:
        with database.session() as s:
            open_ = s.scalars(select(BillingPeriod.code).where(
                BillingPeriod.status == PeriodStatus.OPEN)).all()
        seen.append((period.code, list(open_)))

    build(db, accounts=10, history_calculator=calculator)
    assert seen == [(Period(2025, 11).shift(i).code, [Period(2025, 11).shift(i).code])
                    for i in range(11)]
    with db.session() as s:
        statuses = dict(s.execute(select(BillingPeriod.code, BillingPeriod.status)).all())
    assert statuses[202609] == PeriodStatus.CLOSED and statuses[202610] == PeriodStatus.OPEN


def test_ensure_demo_only_fills_an_empty_database(db: Database) -> None:
    assert list(ensure_demo(db, accounts=12))
    assert list(ensure_demo(db, accounts=12)) == []
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Account)) == 12


def test_bad_size_is_refused(db: Database) -> None:
    with pytest.raises(DomainError, match="не меньше 1"):
        build(db, accounts=0)
