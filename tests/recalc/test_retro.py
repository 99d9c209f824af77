"""Retroactive recalculation through the billing engine and the ledger."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import Text, cast, func, select

from app.billing.results import account_charges
from app.billing.run import calculate
from app.billing.scope import Scope
from app.calc.period import Period
from app.cli import main
from app.db import Database
from app.errors import DomainError, PeriodClosed
from app.models import Operation, Person, Registration, Tariff
from app.models.enums import OperationKind as K
from app.recalc.retro import recalculate, reverse_recalculation
from app.rights import SYSTEM
from tests.factories import TestTown, TownFactory

OCT, NOV = Period(2026, 10), Period(2026, 11)


def closed_october(db: Database) -> tuple[TestTown, int]:
    """A town whose October 2026 was calculated and closed; November open."""
    town = TownFactory(db).build()
    acc = town.account(area="50", residents=2, services=("maintenance", "cold_water"))
    town.period(OCT.code)
    calculate(db, SYSTEM, OCT)
    town.period(OCT.code, closed=True)
    return town, acc.id


def change_maintenance_tariff(db: Database, town: TestTown, value: str) -> None:
    """Maintenance costs `value` from 01.10.2026 (a decision that came late)."""
    with db.sessions() as s, s.begin():
        t = s.scalars(select(Tariff).where(Tariff.service_id == town.services["maintenance"])
                      .order_by(Tariff.date_from.desc())).first()
        assert t is not None
        if t.date_from >= date(2026, 10, 1):
            t.value = Decimal(value)
        else:
            t.date_to = date(2026, 9, 30)
            s.add(Tariff(service_id=t.service_id, value=Decimal(value),
                         date_from=date(2026, 10, 1)))


def recalculations(db: Database, account_id: int) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.coalesce(func.sum(Operation.amount), 0))
                            .where(Operation.account_id == account_id,
                                   Operation.kind == K.RECALCULATION.value)) or 0)


def test_unchanged_inputs_post_nothing(db: Database) -> None:
    _, acc = closed_october(db)
    result = recalculate(db, SYSTEM, OCT, OCT)
    assert result.differences == [] and recalculations(db, acc) == 0


def test_a_late_tariff_is_posted_in_the_open_period_with_both_bases(db: Database) -> None:
    town, acc = closed_october(db)
    before = october_rows(db, acc)
    change_maintenance_tariff(db, town, "40.15")  # was 32.15
    preview = recalculate(db, SYSTEM, OCT, OCT, preview=True)
    (d,) = preview.differences
    assert (d.service_code, d.old, d.new, d.amount) == ("maintenance", 160750, 200750, 40000)
    assert preview.batch is None and recalculations(db, acc) == 0  # a preview writes nothing
    posted = recalculate(db, SYSTEM, OCT, OCT)
    assert posted.batch and recalculations(db, acc) == 40000
    (row,) = [r for r in account_charges(db, SYSTEM, _number(db, acc), NOV)
              if r.kind == K.RECALCULATION.value]
    assert row.ref_period == OCT.code and row.amount == 40000
    assert "было 1 607,50" in row.explanation.replace("\xa0", " ")
    assert "стало 2 007,50" in row.explanation.replace("\xa0", " ")
    assert "тариф 32,15" in row.explanation and "тариф 40,15" in row.explanation
    assert october_rows(db, acc) == before  # the closed period's own rows are untouched


def test_the_posted_basis_is_stored_as_the_json_column_stores_it(db: Database) -> None:
    """The rows are written in bulk with their basis as text: the same text (and data) as the
    ORM's JSON column writes for `{explanation, old_amount, new_amount, old, new}`."""
    town, _ = closed_october(db)
    change_maintenance_tariff(db, town, "40.15")
    (d,) = recalculate(db, SYSTEM, OCT, OCT).differences
    with db.session() as s:
        raw, data = s.execute(select(cast(Operation.basis, Text), Operation.basis)
                              .where(Operation.kind == K.RECALCULATION.value)).one()
    assert data == {"explanation": d.explanation(), "old_amount": d.old, "new_amount": d.new,
                    "old": d.old_basis, "new": d.new_basis}
    assert raw == json.dumps(data)


def test_recalculating_twice_posts_once_and_reversal_nets_to_zero(db: Database) -> None:
    town, acc = closed_october(db)
    change_maintenance_tariff(db, town, "40.15")
    first = recalculate(db, SYSTEM, OCT, OCT)
    again = recalculate(db, SYSTEM, OCT, OCT)
    assert again.differences == [] and recalculations(db, acc) == 40000
    reverse_recalculation(db, SYSTEM, first.batch or "")
    assert recalculations(db, acc) == 0
    with pytest.raises(DomainError, match="уже сторнирован"):
        reverse_recalculation(db, SYSTEM, first.batch or "")


def test_a_late_registration_recalculates_norm_services(db: Database) -> None:
    """A third resident registered from 17.10.2026, entered after October was closed: cold
    water by norm for 15/31 of a person more (4.745 m³ × 45.20 ₽ × 15/31 = 103.78 ₽)."""
    closed_october(db)
    with db.sessions() as s, s.begin():
        reg = s.scalars(select(Registration).order_by(Registration.id.desc())).first()
        assert reg is not None
        newcomer = Person(last_name="Петров", first_name="Пётр")
        s.add(newcomer)
        s.flush()
        s.add(Registration(person_id=newcomer.id, premise_id=reg.premise_id, kind=reg.kind,
                           date_from=date(2026, 10, 17)))
    (d,) = recalculate(db, SYSTEM, OCT, OCT).differences
    assert d.service_code == "cold_water" and d.amount == 10378


def test_the_open_period_is_not_recalculated(db: Database) -> None:
    closed_october(db)
    with pytest.raises(PeriodClosed, match="2026-11 открыт"):
        recalculate(db, SYSTEM, OCT, NOV)


def test_the_command_previews_and_posts(db: Database, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    town, acc = closed_october(db)
    change_maintenance_tariff(db, town, "40.15")
    url = db.engine.url.render_as_string(hide_password=False)
    db.engine.dispose()
    assert main(["recalc", "--from", "2026-10", "--to", "2026-10", "--accounts",
                 _number(db, acc), "--preview", "--db", url]) == 0
    assert "ничего не записано" in capsys.readouterr().out
    assert recalculations(db, acc) == 0
    assert main(["recalc", "--from", "2026-10", "--building", str(town.building_id),
                 "--db", url]) == 0
    assert recalculations(db, acc) == 40000


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.decimals("1", "200", places=2), min_size=1, max_size=3))
def test_any_sequence_of_tariff_changes_ends_at_the_last_one(db: Database,
                                                             values: list[Decimal]) -> None:
    town, acc = _town(db)
    start = recalculations(db, acc)
    batches = []
    for v in values:
        change_maintenance_tariff(db, town, str(v))
        batches.append(recalculate(db, SYSTEM, OCT, OCT, Scope(account_ids=(acc,))).batch)
        assert recalculate(db, SYSTEM, OCT, OCT).differences == []  # twice posts once
    # ledger: October charges + recalculations = the last tariff's amount
    assert 160750 + recalculations(db, acc) == round(Decimal(50) * values[-1] * 100)
    for b in reversed(batches):
        if b:  # a tariff equal to the last one changed nothing: no batch
            reverse_recalculation(db, SYSTEM, b)
    assert recalculations(db, acc) == start


_TOWNS: dict[int, tuple[Database, TestTown, int]] = {}
_CLOSED: dict[int, tuple[Database, TestTown, int]] = {}


def _closed_town(db: Database) -> tuple[TestTown, int]:
    """October calculated and closed by the closing use case (snapshots written)."""
    from app.ledger.periods import close_period

    if id(db) not in _CLOSED or _CLOSED[id(db)][0] is not db:
        town = TownFactory(db).build()
        acc = town.account(area="50", residents=2, services=("maintenance", "cold_water"))
        town.period(OCT.code)
        calculate(db, SYSTEM, OCT)
        close_period(db, SYSTEM, OCT)
        _CLOSED[id(db)] = (db, town, acc.id)
    return _CLOSED[id(db)][1], _CLOSED[id(db)][2]


def _town(db: Database) -> tuple[TestTown, int]:
    if id(db) not in _TOWNS or _TOWNS[id(db)][0] is not db:
        town, acc = closed_october(db)
        _TOWNS[id(db)] = (db, town, acc)
    return _TOWNS[id(db)][1], _TOWNS[id(db)][2]


def _number(db: Database, account_id: int) -> str:
    from app.models import Account

    with db.session() as s:
        n = s.scalar(select(Account.number).where(Account.id == account_id))
    assert n is not None
    return n


def october_rows(db: Database, acc: int) -> list[tuple[int, str, int]]:
    with db.session() as s:
        return [(i, k, a) for i, k, a in s.execute(
            select(Operation.id, Operation.kind, Operation.amount)
            .where(Operation.account_id == acc, Operation.period == OCT.code)
            .order_by(Operation.id))]


@settings(max_examples=5, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(["tariff", "recalc", "reverse", "correct", "transfer",
                                       "penalties", "close"]), min_size=1, max_size=6),
       value=st.decimals("10", "90", places=2))
def test_snapshots_equal_the_ledger_after_any_sequence_of_changes(
        db: Database, steps: list[str], value: Decimal) -> None:
    from app.ledger.periods import close_period
    from app.ledger.snapshots import verify
    from app.penalties.posting import post_penalties
    from app.recalc.corrections import Side, post_correction, transfer_balance

    town, acc = _closed_town(db)
    number = _number(db, acc)
    batches: list[str] = []
    for step in steps:
        if step == "tariff":
            change_maintenance_tariff(db, town, str(value))
        elif step == "recalc":
            batch = recalculate(db, SYSTEM, OCT, OCT).batch
            if batch:
                batches.append(batch)
        elif step == "reverse" and batches:
            reverse_recalculation(db, SYSTEM, batches.pop())
        elif step == "correct":
            post_correction(db, SYSTEM, Side(number, "cold_water"), -1234, "проверка")
        elif step == "transfer":
            transfer_balance(db, SYSTEM, Side(number, "cold_water"), Side(number, "maintenance"),
                             777, "проверка")
        elif step == "penalties":
            post_penalties(db, SYSTEM)
        elif step == "close":
            close_period(db, SYSTEM)
    assert verify(db) == []
