"""The billing run on a small town, on SQLite and PostgreSQL: hand-computed charges, reruns,
scope, cancel, bad input. November 2026 has 30 days; prices from tests/factories.py."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, func, select, update

from app.billing.run import calculate, run_billing
from app.billing.scope import Scope
from app.calc.basis import explain_stored
from app.calc.period import Period
from app.db import Database
from app.errors import AccessDenied, Conflict, InvalidInput, PeriodClosed
from app.ledger.periods import close_period
from app.models import (
    AccountService,
    AuditEntry,
    BillingRun,
    Operation,
    Service,
    Tariff,
)
from app.models.enums import OperationKind
from app.rights import SYSTEM, Actor
from tests.factories import TestTown, TownFactory

NOV = Period(2026, 11)
ALL_SERVICES = ("maintenance", "cold_water", "sewerage", "waste", "capital_repair")


def charges(db: Database) -> dict[tuple[int, str], int]:
    with db.session() as s:
        q = (select(Operation.account_id, Service.code, Operation.amount)
             .join(Service, Service.id == Operation.service_id)
             .where(Operation.kind == OperationKind.CHARGE))
        return {(a, c): amt for a, c, amt in s.execute(q)}


def ledger(db: Database) -> list[tuple[object, ...]]:
    with db.session() as s:
        rows = s.execute(select(Operation.id, Operation.kind, Operation.account_id,
                                Operation.service_id, Operation.amount, Operation.run_id)
                         .order_by(Operation.id)).all()
        runs = s.scalar(select(func.count()).select_from(BillingRun))
        return [*rows, ("runs", runs)]


@pytest.fixture
def town(db: Database) -> TestTown:
    return TownFactory(db).build()


def test_charges_match_hand_computed_values(db: Database, town: TestTown) -> None:
    a = town.account(flat="1", area="54.3", residents=2, services=ALL_SERVICES)
    town.meter(a.id, "cold_water", readings={202610: "100", 202611: "107.5"})
    b = town.account(flat="2", area="30", residents=0, services=("maintenance", "cold_water"))
    c = town.account(flat="3", area="40", residents=2, services=("cold_water",))
    town.resident(c.id, date(2026, 11, 16))  # DOMAIN worked example 1

    result = calculate(db, SYSTEM)

    got = charges(db)
    assert got == {
        (a.id, "maintenance"): 174575,  # 54.3 × 32.15 = 1 745.745 → 1 745.75
        (a.id, "cold_water"): 33900,  # (107.5 − 100) × 45.20
        (a.id, "sewerage"): 60720,  # 2 × 7.845 × 38.70 = 607.203
        (a.id, "waste"): 24060,  # 2 × 1 × 120.30
        (a.id, "capital_repair"): 67875,  # 54.3 × 12.50
        (b.id, "maintenance"): 96450,  # 30 × 32.15
        (b.id, "cold_water"): 21447,  # nobody registered: 1 owner × 4.745 × 45.20 = 214.474
        (c.id, "cold_water"): 53619,  # 2.5 × 4.745 × 45.20 = 536.185
    }
    assert (result.accounts, result.lines, result.total) == (3, 8, sum(got.values()))
    assert result.period == NOV and not result.problems
    with db.session() as s:
        op = s.scalars(select(Operation).where(Operation.account_id == c.id)).one()
        assert op.period == op.ref_period == NOV.code and op.op_date == date(2026, 11, 30)
        assert op.run_id == result.run_id and op.company_id == town.company_id
        assert op.supplier_id == town.supplier_id
        assert op.basis is not None and op.basis["residents"] == "2.5"
        assert "explanation" not in op.basis  # rendered from the figures when asked for
        assert "536,19\xa0₽" in (explain_stored(op.basis) or "")
        run = s.get_one(BillingRun, result.run_id)
        assert (run.status, run.accounts, run.lines, run.total) == ("done", 3, 8, result.total)
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "billing.run")).one()
        assert audit.entity_id == str(run.id)


def test_rerun_replaces_the_charges_and_changes_nothing(db: Database, town: TestTown) -> None:
    a = town.account(flat="1", services=ALL_SERVICES)
    town.account(flat="2")
    first = calculate(db, SYSTEM)
    with db.sessions() as s, s.begin():  # a recalculation and a payment in the same period
        for kind, amount in ((OperationKind.RECALCULATION, -1234), (OperationKind.PAYMENT, -500)):
            s.add(Operation(kind=kind, op_date=date(2026, 11, 5), period=NOV.code,
                            ref_period=202610, account_id=a.id,
                            service_id=town.services["maintenance"], amount=amount,
                            created_at=datetime.now(UTC)))
    before = charges(db)
    second = calculate(db, SYSTEM)
    assert charges(db) == before
    assert (second.accounts, second.lines, second.total) == \
        (first.accounts, first.lines, first.total)
    with db.session() as s:
        kinds = dict(s.execute(select(Operation.kind, func.count()).group_by(Operation.kind))
                     .all())
        runs = set(s.scalars(select(Operation.run_id).where(
            Operation.kind == OperationKind.CHARGE)))
    assert kinds == {"charge": first.lines, "recalculation": 1, "payment": 1}
    assert runs == {second.run_id}


def test_rerun_drops_the_charges_of_a_disconnected_service(db: Database,
                                                            town: TestTown) -> None:
    a = town.account(flat="1", services=ALL_SERVICES)
    b = town.account(flat="2", services=("maintenance",))
    calculate(db, SYSTEM)
    with db.sessions() as s, s.begin():  # b's only service ended before the month began
        s.execute(update(AccountService).where(AccountService.account_id == b.id)
                  .values(date_to=date(2026, 10, 31)))
    before = charges(db)
    calculate(db, SYSTEM)
    assert charges(db) == {k: v for k, v in before.items() if k[0] == a.id}
    assert (b.id, "maintenance") in before


def test_rooms_of_a_communal_flat_count_their_own_residents(db: Database,
                                                             town: TestTown) -> None:
    one, three = town.communal_flat("12", [("14.5", 1), ("20", 3)], services=("sewerage",))
    calculate(db, SYSTEM)
    # 1 × 7.845 × 38.70 = 303.6015; 3 × 7.845 × 38.70 = 910.8045
    assert charges(db) == {(one.id, "sewerage"): 30360, (three.id, "sewerage"): 91080}
    town.resident(one.id, date(2020, 1, 1))  # registered in the whole flat: counts for both
    calculate(db, SYSTEM)
    assert charges(db) == {(one.id, "sewerage"): 60720, (three.id, "sewerage"): 121441}  # 2 and 4


def test_an_empty_room_is_charged_for_its_own_owners(db: Database, town: TestTown) -> None:
    lived, empty = town.communal_flat("14", [("14.5", 3), ("20", 0)], services=("sewerage",),
                                      owners=2)
    calculate(db, SYSTEM)
    # nobody registered in the empty room: its 2 owners (п. 56(2)), not the flat's 4
    assert charges(db) == {(lived.id, "sewerage"): 91080, (empty.id, "sewerage"): 60720}


def test_scope_touches_only_its_accounts(db: Database, town: TestTown) -> None:
    other = town.add_building("7")
    a = town.account(flat="1")
    b = town.account(flat="1", building_id=other)
    c = town.account(flat="2", building_id=other)
    first = calculate(db, SYSTEM)
    result = calculate(db, SYSTEM, scope=Scope(building_id=other))
    assert result.accounts == 2
    only_c = calculate(db, SYSTEM, scope=Scope(account_ids=(c.id,)))
    assert only_c.accounts == 1
    with db.session() as s:
        runs = {acc: set(s.scalars(select(Operation.run_id).where(
            Operation.account_id == acc))) for acc in (a.id, b.id, c.id)}
        lines = s.scalar(select(func.count()).select_from(Operation))
    assert runs == {a.id: {first.run_id}, b.id: {result.run_id}, c.id: {only_c.run_id}}
    assert lines == first.lines


def test_cancel_mid_run_leaves_the_ledger_as_it_was(db: Database, town: TestTown) -> None:
    for house in ("7", "9", "11"):
        bid = town.add_building(house)
        town.account(flat="1", building_id=bid)
    calculate(db, SYSTEM)
    before = ledger(db)
    job = run_billing(db, SYSTEM, chunk_accounts=1)
    steps = [next(job), next(job), next(job)]  # loading, then two chunks written
    assert steps[-1][0] == 2
    job.close()
    assert job.result is None
    assert ledger(db) == before
    calculate(db, SYSTEM)  # the database is not left locked


def test_a_second_run_of_the_period_never_interleaves_with_one_running(
        db: Database, town: TestTown) -> None:
    a = town.account(flat="1")
    first = run_billing(db, SYSTEM)
    next(first), next(first)  # loaded, and the charges written: the transaction holds them
    if db.dialect == "postgresql":  # refused at once, with the reason
        with pytest.raises(Conflict, match="уже выполняется на другом рабочем месте"):
            calculate(db, SYSTEM)
        first.close()
    else:  # SQLite has one writer: the second run waits for the first one to end
        second: list[object] = []
        waiting = threading.Thread(target=lambda: second.append(calculate(db, SYSTEM)))
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive() and not second
        first.close()
        waiting.join(10)
        assert len(second) == 1
    assert calculate(db, SYSTEM).accounts == 1
    assert set(charges(db)) == {(a.id, "maintenance"), (a.id, "cold_water")}


def test_bad_input_stops_the_run_listing_every_account(db: Database, town: TestTown) -> None:
    good = town.account(flat="1")
    huge = town.account(flat="2", area="1000000")
    gas = town.account(flat="3", services=("maintenance", "gas"))  # no norm, no tariff
    town.price("maintenance", "40", date(2026, 11, 10))  # overlaps the open-ended 32.15
    with pytest.raises(InvalidInput) as caught:
        calculate(db, SYSTEM)
    text = caught.value.message
    for acc in (good, huge, gas):
        assert acc.number in text
    assert "Недопустимая площадь" in text and "Газоснабжение" in text
    assert "Пересекаются" in text
    assert ledger(db) == [("runs", 0)]


def test_skip_mode_skips_exactly_the_bad_accounts(db: Database, town: TestTown) -> None:
    good = town.account(flat="1")
    bad = town.account(flat="2", services=("maintenance", "gas"))
    calculate(db, SYSTEM, on_error="skip")
    with db.sessions() as s, s.begin():  # the bad account's old charges stay as they were
        # no maintenance price any more: both accounts fail (a negative area, used before,
        # is now refused by the database itself)
        s.execute(delete(Tariff).where(Tariff.service_id == town.services["maintenance"]))
    result = calculate(db, SYSTEM, on_error="skip")
    assert result.accounts == 0
    assert {p.where.split()[1] for p in result.problems} == {good.number, bad.number}
    with db.session() as s:
        kept = s.scalars(select(Operation.account_id)).all()
    assert sorted(set(kept)) == [good.id]  # from the first run, untouched


def test_closed_period_is_refused(db: Database, town: TestTown) -> None:
    town.account()
    calculate(db, SYSTEM)
    closed = close_period(db, SYSTEM)
    assert closed.period == NOV and closed.next_period == Period(2026, 12)
    with pytest.raises(PeriodClosed, match="Период 2026-11 закрыт"):
        calculate(db, SYSTEM, period=NOV)
    dec = calculate(db, SYSTEM)
    assert dec.period == Period(2026, 12) and dec.lines == 2


def test_the_right_and_the_visibility_are_required(db: Database, town: TestTown) -> None:
    cashier = Actor(user_id=None, login="kassa", full_name="Кассир", roles=frozenset({"cashier"}))
    with pytest.raises(AccessDenied):
        calculate(db, cashier)
    other = town.add_building("7")
    town.account(flat="1")
    town.account(flat="1", building_id=other)
    limited = Actor(user_id=None, login="dom7", full_name="Начисления д. 7",
                    roles=frozenset({"accrual"}), building_ids=frozenset({other}))
    with pytest.raises(AccessDenied, match=r"недоступны дома: ул\. Ленина, д\. 5"):
        calculate(db, limited)
    assert calculate(db, limited, scope=Scope(building_id=other)).accounts == 1


@pytest.mark.slow
def test_workers_write_the_same_charges(db: Database, town: TestTown) -> None:
    for house in ("7", "9"):
        bid = town.add_building(house)
        acc = town.account(flat="1", building_id=bid, services=ALL_SERVICES)
        town.meter(acc.id, "cold_water", readings={202610: "10", 202611: "12.5"})
    town.account(flat="1", services=ALL_SERVICES)
    alone = calculate(db, SYSTEM)
    before = charges(db)
    job = run_billing(db, SYSTEM, chunk_accounts=1, workers=2)
    together = job.run()
    assert charges(db) == before
    assert (together.accounts, together.lines, together.total) == \
        (alone.accounts, alone.lines, alone.total)


@pytest.mark.slow
def test_workers_stop_on_bad_input_skip_it_and_cancel_leaving_nothing(
        db: Database, town: TestTown) -> None:
    good = []
    for house in ("7", "9", "11"):
        bid = town.add_building(house)
        good.append(town.account(flat="1", building_id=bid))
    bad = town.account(flat="2", building_id=bid, services=("maintenance", "gas"))
    before = ledger(db)
    with pytest.raises(InvalidInput) as caught:  # the bad account is in the last chunk
        run_billing(db, SYSTEM, chunk_accounts=1, workers=2).run()
    assert bad.number in caught.value.message and ledger(db) == before
    skipped = run_billing(db, SYSTEM, on_error="skip", chunk_accounts=1, workers=2).run()
    assert skipped.accounts == 3 and {p.where.split()[1] for p in skipped.problems} == \
        {bad.number}
    after = ledger(db)
    job = run_billing(db, SYSTEM, chunk_accounts=1, workers=2)
    next(job), next(job)  # loading, then the first chunk written
    job.close()
    assert ledger(db) == after and multiprocessing.active_children() == []


def test_common_needs_share_the_building_meter_excess(db: Database, town: TestTown) -> None:
    services = ("cold_water", "common_cold_water")
    a = town.account(flat="1", area="50", residents=2, services=services)
    b = town.account(flat="2", area="70", residents=1, services=services)
    town.meter(a.id, "cold_water", readings={202610: "10", 202611: "16"})
    town.meter(None, "cold_water", readings={202610: "1000", 202611: "1012"})  # building
    town.price("common_cold_water", "45.20")
    town.price("common_cold_water", "0.0264", norm=True, kind="common_needs")
    calculate(db, SYSTEM, scope=Scope(account_ids=(a.id,)))  # B is computed, not written
    assert charges(db) == {(a.id, "cold_water"): 27120, (a.id, "common_cold_water"): 2364}
    calculate(db, SYSTEM)
    # V_b 12 − ΣV (6 by meter + 4.745 by norm) = 1.255 m³ over 120 m² of premises
    assert charges(db) == {
        (a.id, "cold_water"): 27120,  # 6 × 45.20
        (a.id, "common_cold_water"): 2364,  # 1.255 × 50/120 × 45.20 = 23.6358…
        (b.id, "cold_water"): 21447,  # 4.745 × 45.20 = 214.474
        (b.id, "common_cold_water"): 3309,  # 1.255 × 70/120 × 45.20 = 33.0901…
    }


def test_missing_reading_is_charged_by_the_average(db: Database, town: TestTown) -> None:
    a = town.account(flat="1", residents=2, services=("cold_water",))
    history = {202605: "100", 202606: "104", 202607: "109", 202608: "112", 202609: "118",
               202610: "124"}
    town.meter(a.id, "cold_water", readings=history)  # nothing for November
    calculate(db, SYSTEM)
    # the last six months: (4 + 5 + 3 + 6 + 6) / 5 months known = 4.8 m³ × 45.20 = 216.96
    with db.session() as s:
        amount, basis = s.execute(select(Operation.amount, Operation.basis)).one()
    assert amount == 21696 and basis["source"] == "average"
