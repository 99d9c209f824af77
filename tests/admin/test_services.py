"""Services: methods from the charge-method registry, what each method needs, the code set
once, the version kept, audited."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.admin.audit_log import AuditFilter, audit_entries
from app.admin.services import ServiceData, list_services, method_choices, save_service
from app.calc.methods import METHODS
from app.changes import Change, changes_of
from app.db import Database
from app.errors import AccessDenied, Conflict, InvalidInput
from tests.admin.test_organizations import ADMIN, CASHIER, OTHER_ADMIN
from tests.factories import TestTown, TownFactory


@pytest.fixture
def town(db: Database) -> TestTown:
    return TownFactory(db).build()


def by_code(db: Database, code: str) -> ServiceData:
    return next(s for s in list_services(db, ADMIN) if s.code == code)


def test_the_method_list_is_the_registry() -> None:
    assert [v for v, _t in method_choices()] == [m.value for m in METHODS]
    assert ("area", "по площади") in method_choices()


def test_a_new_service_is_saved_and_audited(db: Database, town: TestTown) -> None:
    saved = save_service(db, ADMIN, ServiceData(code="video", name="Видеонаблюдение",
                                                unit="мес.", method="fixed", sort_order=99))
    assert saved.version == 1 and saved.method_title == "фиксированная сумма"
    assert by_code(db, "video") == saved
    [entry] = audit_entries(db, ADMIN, AuditFilter(entity="service"))
    assert entry.action == "service.create" and entry.after is not None
    assert changes_of(save_service) & Change.REFERENCE


def test_what_a_method_needs_is_asked_for(db: Database, town: TestTown) -> None:
    with pytest.raises(InvalidInput) as caught:
        save_service(db, ADMIN, ServiceData(code="Вода", name="", unit="м³", method="metered",
                                            zones=4, permitted_hours_once=10,
                                            permitted_hours_month=8))
    assert {p.where for p in caught.value.problems} == {
        "Код", "Наименование", "Ресурс", "Норматив", "Тарифных зон",
        "Допустимый перерыв, ч подряд"}
    with pytest.raises(InvalidInput, match="только у услуги по прибору учёта"):
        save_service(db, ADMIN, ServiceData(code="x", name="X", unit="м²", method="area",
                                            zones=2))
    with pytest.raises(InvalidInput, match="нет такого способа расчёта"):
        save_service(db, ADMIN, ServiceData(code="x", name="X", unit="м²", method="magic"))


def test_a_method_changed_and_the_code_kept(db: Database, town: TestTown) -> None:
    intercom = by_code(db, "intercom")
    changed = save_service(db, ADMIN, replace(intercom, method="meter_fee"))
    assert changed.method == "meter_fee" and changed.version == intercom.version + 1
    with pytest.raises(InvalidInput, match="не меняется"):
        save_service(db, ADMIN, replace(changed, code="domofon"))
    with pytest.raises(InvalidInput, match="уже есть"):
        save_service(db, ADMIN, replace(changed, id=None, version=None))


def test_two_administrators_editing_one_service_the_second_is_told(db: Database,
                                                                    town: TestTown) -> None:
    seen = by_code(db, "maintenance")
    save_service(db, OTHER_ADMIN, replace(seen, name="Содержание и ремонт"))
    with pytest.raises(Conflict):
        save_service(db, ADMIN, replace(seen, unit="кв. м"))
    now = by_code(db, "maintenance")
    assert (now.name, now.unit) == ("Содержание и ремонт", "м²")


def test_a_cashier_is_refused(db: Database, town: TestTown) -> None:
    with pytest.raises(AccessDenied):
        save_service(db, CASHIER, by_code(db, "maintenance"))
