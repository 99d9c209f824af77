"""Tariff and norm editing: validation, overlaps, «new value from a date», versions, audit."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import AccessDenied, Conflict, InvalidInput, PeriodClosed
from app.models import AuditEntry, Tariff
from app.tariffs import queries
from app.tariffs.editing import (
    close_and_replace,
    close_and_replace_norm,
    delete_tariff,
    save_norm,
    save_tariff,
)
from app.tariffs.queries import list_norms, list_tariffs
from app.tariffs.views import NormInput, Scope, TariffInput
from tests.factories import TestTown
from tests.tariffs.conftest import SPECIALIST, VIEWER

D = Decimal


def cold_water(db: Database):  # the factory's tariff: 45.20 ₽/м³ from 01.01.2026, open-ended
    [row] = list_tariffs(db, "cold_water")
    return row


def test_new_tariff_is_saved_listed_and_audited(db: Database, town: TestTown) -> None:
    tid = save_tariff(db, SPECIALIST, TariffInput(
        "cold_water", D("47.10"), date(2026, 12, 1), scope=Scope.BUILDING,
        scope_id=town.building_id))
    rows = {r.id: r for r in list_tariffs(db, "cold_water")}
    assert rows[tid].value == D("47.1")
    assert rows[tid].scope == Scope.BUILDING
    assert rows[tid].scope_title == "дом ул. Ленина, д. 5"
    with db.session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "tariff.create")).one()
        assert audit.entity_id == str(tid)
        assert audit.before is None
        assert audit.after["value"] == "47.1"
        assert audit.after["scope"] == "building"


def test_overlap_with_the_same_scope_is_refused_naming_the_other_dates(
        db: Database, town: TestTown) -> None:
    with pytest.raises(InvalidInput) as err:
        save_tariff(db, SPECIALIST, TariffInput("cold_water", D("50"), date(2026, 6, 1)))
    text = err.value.message
    assert "пересекается с записью 45,20 ₽ с 01.01.2026 бессрочно" in text
    assert [p.where for p in err.value.problems] == ["Даты действия"]
    assert len(list_tariffs(db, "cold_water")) == 1


def test_a_closed_span_before_does_not_overlap(db: Database, town: TestTown) -> None:
    old = cold_water(db)
    save_tariff(db, SPECIALIST, TariffInput(
        "cold_water", old.value, old.date_from, date(2026, 11, 30), id=old.id),
        expected_version=old.version)
    save_tariff(db, SPECIALIST, TariffInput("cold_water", D("50"), date(2026, 12, 1)))
    spans = [(r.date_from, r.date_to, r.value) for r in list_tariffs(db, "cold_water")]
    assert spans == [(date(2026, 1, 1), date(2026, 11, 30), D("45.2")),
                     (date(2026, 12, 1), None, D("50"))]


def test_bad_values_are_reported_together_and_nothing_is_written(
        db: Database, town: TestTown) -> None:
    with pytest.raises(InvalidInput) as err:
        save_tariff(db, SPECIALIST, TariffInput(
            "electricity", D("-1"), date(2026, 12, 1), date(2026, 11, 1), zone=5))
    messages = [p.message for p in err.value.problems]
    assert any("не может быть отрицательным" in m for m in messages)
    assert any("Дата окончания 01.11.2026 раньше даты начала 01.12.2026" in m for m in messages)
    assert any("зоны 0–2" in m for m in messages)
    assert list_tariffs(db, "electricity") == []


def test_zones_of_one_service_do_not_overlap_each_other(db: Database, town: TestTown) -> None:
    save_tariff(db, SPECIALIST, TariffInput("electricity", D("6.43"), date(2026, 1, 1), zone=1))
    save_tariff(db, SPECIALIST, TariffInput("electricity", D("2.51"), date(2026, 1, 1), zone=2))
    assert [r.zone_title for r in list_tariffs(db, "electricity")] == ["день (T1)", "ночь (T2)"]


def test_close_and_replace_ends_the_old_one_the_day_before(db: Database, town: TestTown) -> None:
    old = cold_water(db)
    new_id = close_and_replace(db, SPECIALIST, old.id, D("48.30"), date(2026, 12, 1),
                               expected_version=old.version)
    rows = {r.id: r for r in list_tariffs(db, "cold_water")}
    assert rows[old.id].date_to == date(2026, 11, 30)
    assert rows[old.id].value == D("45.2")
    assert (rows[new_id].value, rows[new_id].date_from, rows[new_id].date_to) == (
        D("48.3"), date(2026, 12, 1), None)
    assert rows[new_id].scope == rows[old.id].scope
    with db.session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "tariff.replace")).one()
        assert audit.before["date_to"] is None
        assert audit.after["closed"]["date_to"] == "2026-11-30"
        assert audit.after["new"]["value"] == "48.3"


def test_close_and_replace_needs_a_date_inside_the_current_span(
        db: Database, town: TestTown) -> None:
    old = cold_water(db)
    with pytest.raises(InvalidInput, match=re.escape("позже 01.01.2026")):
        close_and_replace(db, SPECIALIST, old.id, D("48.30"), date(2026, 1, 1))


def test_a_stale_version_is_a_conflict(db: Database, town: TestTown) -> None:
    seen = cold_water(db)  # two operators opened the same tariff
    save_tariff(db, SPECIALIST, TariffInput(
        "cold_water", D("45.30"), seen.date_from, id=seen.id), expected_version=seen.version)
    with pytest.raises(Conflict, match="изменил другой пользователь"):
        save_tariff(db, SPECIALIST, TariffInput(
            "cold_water", D("45.40"), seen.date_from, id=seen.id), expected_version=seen.version)
    with pytest.raises(Conflict):
        close_and_replace(db, SPECIALIST, seen.id, D("50"), date(2026, 12, 1),
                          expected_version=seen.version)
    assert cold_water(db).value == D("45.3")


def test_the_update_is_bound_to_the_version_read(db: Database, town: TestTown) -> None:
    """A change made between our read and our write fails in the transaction itself."""
    seen = cold_water(db)
    with db.sessions() as s, s.begin():  # another workstation, committed meanwhile
        row = s.get(Tariff, seen.id)
        assert row is not None
        row.value = D("46")
    with pytest.raises(Conflict):
        save_tariff(db, SPECIALIST, TariffInput(
            "cold_water", D("47"), seen.date_from, id=seen.id), expected_version=seen.version)


def test_a_change_of_a_closed_period_is_refused(db: Database, town: TestTown) -> None:
    town.period(202610, closed=True)
    with pytest.raises(PeriodClosed, match="период октябрь 2026 уже закрыт"):
        save_tariff(db, SPECIALIST, TariffInput(
            "hot_water", D("220"), date(2026, 10, 15), scope=Scope.BUILDING,
            scope_id=town.building_id))
    old = cold_water(db)
    with pytest.raises(PeriodClosed, match=re.escape("не раньше 01.11.2026")):
        close_and_replace(db, SPECIALIST, old.id, D("48"), date(2026, 10, 1))
    with pytest.raises(PeriodClosed):  # the value in force in October would change
        save_tariff(db, SPECIALIST, TariffInput("cold_water", D("46"), old.date_from,
                                                id=old.id))
    with pytest.raises(PeriodClosed):
        delete_tariff(db, SPECIALIST, old.id)
    close_and_replace(db, SPECIALIST, old.id, D("48"), date(2026, 11, 1))
    assert [r.value for r in list_tariffs(db, "cold_water")] == [D("45.2"), D("48")]


def test_rights_are_checked(db: Database, town: TestTown) -> None:
    with pytest.raises(AccessDenied, match="изменение тарифов"):
        save_tariff(db, VIEWER, TariffInput("cold_water", D("50"), date(2027, 1, 1)))


def test_norms_have_the_same_rules(db: Database, town: TestTown) -> None:
    [old] = list_norms(db, "cold_water")
    assert old.unit == "м³/чел"
    with pytest.raises(InvalidInput, match=re.escape("4,745 с 01.01.2026 бессрочно")):
        save_norm(db, SPECIALIST, NormInput("cold_water", D("5"), date(2026, 12, 1)))
    with pytest.raises(InvalidInput, match="только «везде» или дом"):
        save_norm(db, SPECIALIST, NormInput("cold_water", D("5"), date(2026, 12, 1),
                                            scope=Scope.SUPPLIER, scope_id=town.supplier_id))
    new_id = close_and_replace_norm(db, SPECIALIST, old.id, D("4.9"), date(2026, 12, 1),
                                    expected_version=old.version)
    norms = {n.id: n for n in list_norms(db, "cold_water")}
    assert norms[old.id].date_to == date(2026, 11, 30)
    assert norms[new_id].value == D("4.9")
    house = save_norm(db, SPECIALIST, NormInput("cold_water", D("4.1"), date(2026, 12, 1),
                                                scope=Scope.BUILDING, scope_id=town.building_id))
    assert {n.id for n in list_norms(db, "cold_water")} == {old.id, new_id, house}


def test_overlaps_that_came_round_the_editor_are_listed(db: Database, town: TestTown) -> None:
    """An import or a direct edit may leave overlapping rows; the tariff list names them."""
    assert queries.overlap_problems(db) == []
    with db.sessions() as s, s.begin():  # what a careless import would write
        s.add(Tariff(service_id=town.services["cold_water"], value=D("47"),
                     date_from=date(2026, 11, 1)))
    [problem] = queries.overlap_problems(db)
    assert problem.where == "Тариф «Холодное водоснабжение», везде"
    assert problem.message == "с 01.01.2026 бессрочно пересекается с записью с 01.11.2026 бессрочно"


def test_dates_and_values_beyond_the_domain_bounds_are_refused(
        db: Database, town: TestTown) -> None:
    with pytest.raises(InvalidInput) as err:
        save_tariff(db, SPECIALIST, TariffInput(
            "electricity", D("1E+30"), date(9999, 1, 1), date(9999, 12, 31)))
    messages = [p.message for p in err.value.problems]
    assert any("слишком велик" in m for m in messages)
    assert sum("вне допустимых пределов: с 01.01.1900 по 31.12.2999" in m for m in messages) == 2
    assert list_tariffs(db, "electricity") == []
