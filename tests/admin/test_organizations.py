"""Organisations: created and edited with requisites checked, audited, refused without the
right; two administrators editing one record — the second is told, nothing of the first lost."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from app.admin.organizations import OrganizationData, list_organizations, save_organization
from app.changes import Change, changes_of
from app.db import Database
from app.errors import AccessDenied, Conflict, InvalidInput
from app.models import AuditEntry, Organization
from app.rights import Actor, Role

ADMIN = Actor(user_id=None, login="admin", full_name="Администратор",
              roles=frozenset({Role.ADMIN}))
OTHER_ADMIN = Actor(user_id=None, login="admin2", full_name="Второй",
                    roles=frozenset({Role.ADMIN}))
CASHIER = Actor(user_id=None, login="kassa", full_name="Кассир", roles=frozenset({Role.CASHIER}))

BANK_DATA = dict(bank_name="ПАО Сбербанк", bik="044525225",
                 settlement_account="40702 810 8 2201 9549656", corr_account="30101810400000000225")


def audit_entries(db: Database) -> list[AuditEntry]:
    with db.session() as s:
        rows = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        s.expunge_all()
    return rows


def supplier(**changes: object) -> OrganizationData:
    data = OrganizationData(kind="supplier", name="ООО «Водоканал»", short_name="Водоканал",
                            inn="7707083893", kpp="773601001", ogrn="1027700132195", **BANK_DATA)
    return replace(data, **changes)  # type: ignore[arg-type]


def test_a_new_organisation_is_saved_with_clean_numbers_and_audited(db: Database) -> None:
    saved = save_organization(db, ADMIN, supplier())
    assert saved.id is not None and saved.version == 1
    assert saved.settlement_account == "40702810822019549656"
    [row] = list_organizations(db, ADMIN)
    assert row == saved and row.kind_title == "Ресурсоснабжающая организация"
    [entry] = audit_entries(db)
    assert (entry.action, entry.entity, entry.entity_id) == ("organization.create",
                                                               "organization", str(saved.id))
    assert entry.before is None and entry.after is not None and entry.after["inn"] == "7707083893"
    assert changes_of(save_organization) == Change.REFERENCE


def test_bad_requisites_are_all_named_and_nothing_is_written(db: Database) -> None:
    with pytest.raises(InvalidInput) as caught:
        save_organization(db, ADMIN, supplier(inn="7707083894", ogrn="1027700132196",
                                              settlement_account="40702810822019549657",
                                              short_name="  ", kind="нет такого"))
    where = {p.where for p in caught.value.problems}
    assert where == {"ИНН", "ОГРН", "Расчётный счёт", "Краткое наименование", "Вид"}
    with db.session() as s:
        assert s.scalar(select(Organization.id)) is None
        assert s.scalar(select(AuditEntry.id)) is None


def test_a_text_longer_than_its_column_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInput, match="Краткое наименование: не длиннее 120"):
        save_organization(db, ADMIN, supplier(short_name="Я" * 121))


def test_the_same_inn_and_kpp_twice_is_refused(db: Database) -> None:
    save_organization(db, ADMIN, supplier())
    with pytest.raises(InvalidInput, match="уже у организации «Водоканал»"):
        save_organization(db, ADMIN, supplier(short_name="Другая"))
    save_organization(db, ADMIN, supplier(short_name="Филиал", kpp="773602001"))  # a branch


def test_an_edit_keeps_before_and_after(db: Database) -> None:
    first = save_organization(db, ADMIN, supplier())
    second = save_organization(db, ADMIN, replace(first, phone="+7 343 000-00-01"))
    assert second.version == 2 and second.phone == "+7 343 000-00-01"
    entry = audit_entries(db)[-1]
    assert entry.action == "organization.update"
    assert entry.before is not None and entry.after is not None
    assert (entry.before["phone"], entry.after["phone"]) == (None, "+7 343 000-00-01")


def test_two_administrators_editing_one_organisation_the_second_is_told_nothing_lost(
        db: Database) -> None:
    created = save_organization(db, ADMIN, supplier())
    mine = list_organizations(db, ADMIN)[0]  # both open the same card at version 1
    theirs = list_organizations(db, OTHER_ADMIN)[0]
    save_organization(db, OTHER_ADMIN, replace(theirs, phone="+7 343 111-11-11"))
    with pytest.raises(Conflict, match="изменил другой пользователь"):
        save_organization(db, ADMIN, replace(mine, address="г. Екатеринбург, ул. Мира, 1"))
    [now] = list_organizations(db, ADMIN)
    assert now.phone == "+7 343 111-11-11" and now.address is None and now.version == 2
    with db.session() as s:
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["organization.create", "organization.update"]
    assert created.version == 1


def test_an_edit_committed_between_the_check_and_the_write_is_a_conflict(db: Database) -> None:
    """The UPDATE is bound to the version read: the check passing is not enough."""
    saved = save_organization(db, ADMIN, supplier())
    with db.session() as s:  # another desk changes it after our check, before our flush
        row = s.get(Organization, saved.id)
        assert row is not None
        row.phone = "раньше нас"
        s.commit()
    with pytest.raises(Conflict):
        save_organization(db, ADMIN, replace(saved, version=saved.version, phone="наш"))
    assert list_organizations(db, ADMIN)[0].phone == "раньше нас"


def test_a_user_without_the_right_is_refused(db: Database) -> None:
    with pytest.raises(AccessDenied):
        save_organization(db, CASHIER, supplier())
    with pytest.raises(AccessDenied):
        list_organizations(db, CASHIER)
