"""The debtor list's criteria beyond amount and months — company, building, service, agreements
kept or not — and the list of cases that need an action this week (overdue first, closed and
later ones left out, within the user's scope)."""

from __future__ import annotations

from datetime import date

import pytest

from app.billing.run import calculate
from app.calc.debt import Instalment, even_schedule
from app.calc.period import Period
from app.db import Database
from app.debtors.agreements import agreements_of, sign_agreement
from app.debtors.cases import advance_case, cases_needing_action, open_case
from app.debtors.lists import DebtorCriteria, debtor_list
from app.errors import DomainError
from app.models import Building
from app.models.enums import AgreementStatus, CaseStage
from app.rights import SYSTEM, Actor, Role
from tests.debtors.world import LAWYER, TODAY, number_of
from tests.factories import TestTown


def _listed(db: Database, criteria: DebtorCriteria, actor: Actor = LAWYER,
            on: date = TODAY) -> list[int]:
    return sorted(d.debt.account_id for d in debtor_list(db, actor, criteria, on))


def test_debtors_by_company_building_and_service(db: Database, town: TestTown) -> None:
    other_company = town.add_company()
    elsewhere = town.add_building("7", company_id=other_company)
    far = town.account(flat="9", residents=2, services=("maintenance",),
                       building_id=elsewhere).id
    calculate(db, SYSTEM)  # February again, the new account with it
    owing = [town.accounts[1], town.accounts[2]]
    assert _listed(db, DebtorCriteria()) == sorted([*owing, far])
    assert _listed(db, DebtorCriteria(company_id=town.company_id)) == owing
    assert _listed(db, DebtorCriteria(company_id=other_company)) == [far]
    assert _listed(db, DebtorCriteria(building_id=elsewhere)) == [far]
    assert _listed(db, DebtorCriteria(building_id=town.building_id)) == owing
    # hot water: only the accounts that have it; the new one has maintenance alone
    assert _listed(db, DebtorCriteria(service_code="hot_water")) == owing
    by_service = {d.debt.account_id: d.debt.debt for d in debtor_list(
        db, LAWYER, DebtorCriteria(service_code="hot_water"), TODAY)}
    assert by_service[town.accounts[1]] == 4 * 130448  # 2 persons × 3.1 m³ × 210.40 ₽, 4 months
    # a lawyer of the other company sees only its own debtors
    scoped = Actor(user_id=None, login="j2", full_name="Юрист УК", roles=frozenset({Role.LAWYER}),
                   company_ids=frozenset({other_company}))
    assert _listed(db, DebtorCriteria(), scoped) == [far]


def test_an_agreement_kept_is_listed_only_when_asked(db: Database, town: TestTown) -> None:
    number = number_of(db, town.accounts[2])
    sign_agreement(db, LAWYER, number, "Р-7", date(2027, 2, 1),
                   even_schedule(6_000_00, 3, date(2027, 3, 1)))
    assert _listed(db, DebtorCriteria()) == [town.accounts[1]]
    assert _listed(db, DebtorCriteria(with_agreements=True)) == [town.accounts[1],
                                                                 town.accounts[2]]


def test_even_schedule_sums_exactly_and_keeps_the_day_of_month() -> None:
    parts = even_schedule(1_000_01, 3, date(2027, 1, 31))
    assert parts == [Instalment(date(2027, 1, 31), 33_334), Instalment(date(2027, 2, 28),
                                                                       33_334),
                     Instalment(date(2027, 3, 31), 33_333)]
    assert sum(p.amount for p in parts) == 1_000_01


def test_the_weeks_actions_overdue_first_closed_and_later_left_out(
        db: Database, town: TestTown) -> None:
    a2, a3 = number_of(db, town.accounts[1]), number_of(db, town.accounts[2])
    first = Period(2026, 11)
    last = Period(2027, 1)
    soon = open_case(db, LAWYER, a2, CaseStage.CLAIM_LETTER, date(2027, 1, 20), first, last,
                     10_000_00, next_action_on=date(2027, 2, 15), next_action="Иск")
    overdue = open_case(db, LAWYER, a3, CaseStage.CLAIM_LETTER, date(2027, 1, 10), first, last,
                        12_000_00, next_action_on=date(2027, 2, 5), next_action="Ответ")
    later = open_case(db, LAWYER, a3, CaseStage.COURT_ORDER, date(2027, 1, 25), first, last,
                      12_000_00, next_action_on=date(2027, 2, 18), next_action="Позже")
    closed = open_case(db, LAWYER, a2, CaseStage.CLAIM_LETTER, date(2027, 1, 5), first, last,
                       5_000_00, next_action_on=date(2027, 2, 11), next_action="Закрыто")
    advance_case(db, LAWYER, closed, CaseStage.CLOSED, date(2027, 2, 1), "Долг оплачен",
                 next_action_on=date(2027, 2, 11))
    week = cases_needing_action(db, LAWYER, TODAY)
    assert [(c.case_id, c.overdue) for c in week] == [(overdue, True), (soon, False)]
    assert later not in [c.case_id for c in cases_needing_action(db, LAWYER, TODAY, days=7)]
    assert [c.case_id for c in cases_needing_action(db, LAWYER, date(2027, 2, 11))] == [
        overdue, soon, later]
    # a lawyer of another company does not see these cases
    with db.sessions() as s, s.begin():
        other = s.get_one(Building, town.building_id).company_id
        assert other is not None
    scoped = Actor(user_id=None, login="j3", full_name="Чужой юрист",
                   roles=frozenset({Role.LAWYER}), company_ids=frozenset({other + 1000}))
    assert cases_needing_action(db, scoped, TODAY) == []


def test_a_new_agreement_replaces_a_broken_one_but_not_one_being_kept(
        db: Database, town: TestTown) -> None:
    number = number_of(db, town.accounts[1])
    sign_agreement(db, LAWYER, number, "Р-1", date(2027, 2, 1),
                   [Instalment(date(2027, 2, 20), 1_000_00)])
    with pytest.raises(DomainError, match="уже действует соглашение № Р-1"):
        sign_agreement(db, LAWYER, number, "Р-2", date(2027, 2, 15),
                       [Instalment(date(2027, 3, 20), 1_000_00)])
    # nothing paid by 20 February: the first is broken, a new one may be signed
    sign_agreement(db, LAWYER, number, "Р-2", date(2027, 3, 1),
                   [Instalment(date(2027, 3, 20), 1_000_00)])
    views = agreements_of(db, LAWYER, town.accounts[1], date(2027, 3, 1))
    assert [(v.number, v.status) for v in views] == [("Р-1", AgreementStatus.BROKEN),
                                                     ("Р-2", AgreementStatus.ACTIVE)]
