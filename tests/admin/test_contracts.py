"""Contracts: parties of the right kind, no two in force for one company, supplier and service,
a three-party contract names its agent; edits keep the version; audited; admin only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from app.admin.contracts import ContractData, list_contracts, party_choices, save_contract
from app.admin.organizations import OrganizationData, save_organization
from app.db import Database
from app.errors import AccessDenied, Conflict, InvalidInput
from app.models import AuditEntry
from tests.admin.test_organizations import ADMIN, CASHIER, OTHER_ADMIN
from tests.factories import TestTown, TownFactory


@pytest.fixture
def town(db: Database) -> TestTown:
    return TownFactory(db).build()


def agent(db: Database) -> int:
    saved = save_organization(db, ADMIN, OrganizationData(
        kind="payment_agent", name="АО «Платёжный агент»", short_name="Агент",
        inn="7707083893", kpp="773601001"))
    assert saved.id is not None
    return saved.id


def water(town: TestTown, **changes: object) -> ContractData:
    data = ContractData(number="ВК-1/2026", kind="two_party", company_id=town.company_id,
                        supplier_id=town.supplier_id, service_id=town.services["cold_water"],
                        date_from=date(2026, 1, 1))
    return replace(data, **changes)  # type: ignore[arg-type]


def test_a_contract_is_saved_listed_with_its_parties_and_audited(db: Database, town: TestTown
                                                               ) -> None:
    agent_id = agent(db)
    saved = save_contract(db, ADMIN, water(town, kind="three_party", agent_id=agent_id,
                                           commission_bp=150))
    assert saved.version == 1
    [row] = list_contracts(db, ADMIN)
    assert (row.company, row.supplier, row.agent, row.service) == (
        "ООО «УК Тестовая»", "АО «Водоканал»", "Агент", "Холодное водоснабжение")
    assert row.kind_title == "трёхсторонний" and row.data == saved
    with db.session() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "contract")))
    assert actions == ["contract.create"]
    choices = party_choices(db, ADMIN)
    assert (agent_id, "Агент") in choices.agents
    assert (town.company_id, "ООО «УК Тестовая»") in choices.companies


def test_parties_of_the_wrong_kind_and_a_missing_agent_are_named(db: Database, town: TestTown
                                                                ) -> None:
    with pytest.raises(InvalidInput) as caught:
        save_contract(db, ADMIN, water(town, company_id=town.supplier_id, kind="three_party",
                                       supplier_id=agent(db), commission_bp=10_001,
                                       date_to=date(2025, 12, 31), number=" "))
    assert {p.where for p in caught.value.problems} == {
        "Управляющая организация", "Поставщик", "Агент", "Вознаграждение агента",
        "Действует по", "Номер"}
    assert list_contracts(db, ADMIN) == []


def test_two_contracts_in_force_on_one_day_are_refused(db: Database, town: TestTown) -> None:
    first = save_contract(db, ADMIN, water(town))
    with pytest.raises(InvalidInput, match="уже есть договор №ВК-1/2026"):
        save_contract(db, ADMIN, water(town, number="ВК-2", date_from=date(2026, 6, 1)))
    save_contract(db, ADMIN, replace(first, date_to=date(2026, 5, 31)))
    save_contract(db, ADMIN, water(town, number="ВК-2", date_from=date(2026, 6, 1)))
    assert [r.data.number for r in list_contracts(db, ADMIN)] == ["ВК-1/2026", "ВК-2"]


def test_two_administrators_editing_one_contract_the_second_is_told(db: Database,
                                                                     town: TestTown) -> None:
    seen = save_contract(db, ADMIN, water(town))
    save_contract(db, OTHER_ADMIN, replace(seen, number="ВК-1/2026-изм"))
    with pytest.raises(Conflict, match="изменил другой пользователь"):
        save_contract(db, ADMIN, replace(seen, date_to=date(2026, 12, 31)))
    [row] = list_contracts(db, ADMIN)
    assert row.data.number == "ВК-1/2026-изм" and row.data.date_to is None


def test_a_cashier_is_refused(db: Database, town: TestTown) -> None:
    with pytest.raises(AccessDenied):
        save_contract(db, CASHIER, water(town))
