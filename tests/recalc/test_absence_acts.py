"""DOMAIN.md worked examples 4 and 5 through the database path (scenario imported with the
exchange importer, computed by the billing run, recalculated by the use cases), and the rules
around absences, acts, corrections, transfers and claims."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.billing.run import calculate
from app.calc.period import Period
from app.db import Database
from app.errors import AccessDenied, InvalidInput
from app.exchange.importer import import_path
from app.models import Absence, Account, AuditEntry, Operation, Person, Service
from app.models.enums import OperationKind as K
from app.recalc.absence import AbsenceInput, recalculate_absence, register_absence
from app.recalc.acts import ActInput, register_act
from app.recalc.claims import ClaimInput, answer_claim, claims, register_claim
from app.recalc.corrections import Side, post_correction, transfer_balance
from app.rights import SYSTEM, Actor, Role

SCENARIOS = Path(__file__).parent.parent / "scenarios"
NUMBER = "0000000013"
VIEWER = Actor(None, "prosmotr", "Просмотр", frozenset({Role.VIEWER}))


def ops(db: Database, kind: K = K.RECALCULATION) -> list[tuple[int, int | None, str, int]]:
    with db.session() as s:
        return [(p, r, c, a) for p, r, c, a in s.execute(
            select(Operation.period, Operation.ref_period, Service.code, Operation.amount)
            .join(Service, Service.id == Operation.service_id)
            .where(Operation.kind == kind.value).order_by(Operation.id))]


def test_worked_example_5_absence(db: Database) -> None:
    import_path(db, SYSTEM, SCENARIOS / "absence.json")
    calculate(db, SYSTEM, Period(2026, 11))
    with db.session() as s:
        absence = s.scalar(select(Absence.id))
    assert absence is not None
    result = recalculate_absence(db, SYSTEM, NUMBER, absence)
    assert result.full_days == 12 and result.total == -7680
    assert ops(db) == [(202611, 202611, "waste", -7680)]
    assert recalculate_absence(db, SYSTEM, NUMBER, absence).total == 0  # twice posts once
    assert len(ops(db)) == 1


def _person(db: Database) -> int:
    with db.session() as s:
        pid = s.scalar(select(Person.id).where(Person.first_name == "Мария"))
    assert pid is not None
    return pid


def test_five_full_days_are_recorded_and_recalculate_nothing(db: Database) -> None:
    import_path(db, SYSTEM, SCENARIOS / "absence.json")
    calculate(db, SYSTEM, Period(2026, 11))
    result = register_absence(db, SYSTEM, AbsenceInput(
        NUMBER, _person(db), date(2026, 11, 23), date(2026, 11, 27), "командировочное"))
    assert result.lines == [] and "не более 5" in result.message
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Absence)) == 2
    assert ops(db) == []


def test_six_days_registered_through_the_use_case_reduce_the_norm_charge(db: Database) -> None:
    import_path(db, SYSTEM, SCENARIOS / "absence.json")
    calculate(db, SYSTEM, Period(2026, 11))
    result = register_absence(db, SYSTEM, AbsenceInput(
        NUMBER, _person(db), date(2026, 11, 23), date(2026, 11, 28), "справка"))
    # 38 400 × 1/2 × 6/30 = 3 840 kopecks
    assert result.total == -3840 and ops(db) == [(202611, 202611, "waste", -3840)]


@pytest.mark.parametrize("first,last,field", [
    (date(2026, 11, 15), date(2026, 11, 25), "пересекается"),
    (date(2026, 11, 25), date(2026, 11, 24), "раньше даты начала"),
])
def test_bad_absences_are_refused_and_nothing_posts(db: Database, first: date, last: date,
                                                    field: str) -> None:
    import_path(db, SYSTEM, SCENARIOS / "absence.json")
    with pytest.raises(InvalidInput, match=field):
        register_absence(db, SYSTEM, AbsenceInput(NUMBER, _person(db), first, last, "справка"))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Absence)) == 1


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 10, day, hour, tzinfo=UTC)


def test_worked_example_4_interruptions_beyond_the_permitted_hours(db: Database) -> None:
    import_path(db, SYSTEM, SCENARIOS / "interruption.json")
    results = [register_act(db, SYSTEM, ActInput("cold_water", _at(d, 8), _at(d, 12),
                                                 account_number=NUMBER, document=f"акт {d}"))
               for d in (3, 7, 12, 19, 25)]  # 5 × 4 h = 20 h, permitted 8 h a month
    assert [r.total for r in results] == [0, 0, -720, -720, -720]  # 4 h × 0.15 % each
    assert sum(a for _p, _r, _c, a in ops(db)) == -2160  # 12 h × 0.15 % × 1 200,00 ₽
    assert {(p, r) for p, r, _c, _a in ops(db)} == {(202611, 202610)}


def test_a_service_without_permitted_hours_gets_the_federal_ones(db: Database) -> None:
    import_path(db, SYSTEM, SCENARIOS / "interruption.json")
    with db.sessions() as s, s.begin():
        s.execute(update(Service).values(permitted_hours_month=None, permitted_hours_once=None))
    result = register_act(db, SYSTEM, ActInput("cold_water", _at(5, 0), _at(5, 20),
                                                account_number=NUMBER))
    assert result.total == -2160  # federal 8 h: 12 h beyond
    with db.session() as s:
        basis = s.scalar(select(Operation.basis).where(Operation.kind == K.RECALCULATION.value))
    assert "20 ч при допустимых 4 ч единовременно" in basis["explanation"]


def test_an_act_ending_before_it_starts_is_refused(db: Database) -> None:
    import_path(db, SYSTEM, SCENARIOS / "interruption.json")
    with pytest.raises(InvalidInput, match="раньше, чем начинается"):
        register_act(db, SYSTEM, ActInput("cold_water", _at(5, 10), _at(5, 9),
                                          account_number=NUMBER))
    assert ops(db) == []


def test_corrections_need_a_reason_and_their_own_right(db: Database) -> None:
    import_path(db, SYSTEM, SCENARIOS / "interruption.json")
    side = Side(NUMBER, "cold_water")
    with pytest.raises(InvalidInput, match="основание"):
        post_correction(db, SYSTEM, side, -5000, "  ")
    with pytest.raises(AccessDenied):
        post_correction(db, VIEWER, side, -5000, "ошибка оператора")
    post_correction(db, SYSTEM, side, -5000, "ошибка оператора в показаниях",
                    Period(2026, 10))
    assert ops(db, K.CORRECTION) == [(202611, 202610, "cold_water", -5000)]
    with db.session() as s:
        assert s.scalar(select(AuditEntry.after).where(
            AuditEntry.action == "ledger.correction"))["reason"] == \
            "ошибка оператора в показаниях"


def test_a_balance_transfer_moves_debt_and_nets_to_zero(db: Database) -> None:
    import_path(db, SYSTEM, SCENARIOS / "interruption.json")
    with db.session() as s:
        assert s.scalar(select(Account.number)) == NUMBER
    with db.sessions() as s, s.begin():
        s.add(Service(code="maintenance", name="Содержание", unit="м²", method="area",
                      penalty_kind="housing"))
    transfer_balance(db, SYSTEM, Side(NUMBER, "cold_water"), Side(NUMBER, "maintenance"),
                     30000, "заявление плательщика")
    moved = ops(db, K.BALANCE_TRANSFER)
    assert sorted(a for *_x, a in moved) == [-30000, 30000]
    with pytest.raises(InvalidInput, match="основание"):
        transfer_balance(db, SYSTEM, Side(NUMBER, "cold_water"), Side(NUMBER, "maintenance"),
                         100, "")


def test_claims_are_registered_and_answered(db: Database) -> None:
    import_path(db, SYSTEM, SCENARIOS / "interruption.json")
    claim = register_claim(db, SYSTEM, ClaimInput(
        "Иванов И. П.", "ул. Ленина, д. 5, кв. 12", "Нет холодной воды с утра",
        date(2026, 10, 3), NUMBER, "cold_water"))
    act = register_act(db, SYSTEM, ActInput("cold_water", _at(3, 6), _at(3, 10),
                                             account_number=NUMBER)).act_id
    with pytest.raises(InvalidInput, match="раньше даты получения"):
        answer_claim(db, SYSTEM, claim, "Авария устранена", date(2026, 10, 2))
    answer_claim(db, SYSTEM, claim, "Авария устранена, составлен акт", date(2026, 10, 5), act)
    (row,) = claims(db, SYSTEM, NUMBER)
    assert (row.status_title, row.act_id, row.service_code) == ("Ответ дан", act, "cold_water")


