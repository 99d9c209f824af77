"""Debtor work on both databases: lists by criteria, agreements followed by payments, court
cases by stage with the state duty, notices and their delivery (issue #22)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.billing.run import calculate
from app.calc.debt import Instalment
from app.calc.period import Period
from app.db import Database
from app.debtors.agreements import agreements_of, review_agreements, sign_agreement
from app.debtors.cases import advance_case, cases_needing_action, open_case, record_recovery
from app.debtors.lists import DebtorCriteria, debtor_list, debtor_table
from app.debtors.notices import issue_notices, record_delivery
from app.errors import AccessDenied, DomainError
from app.ledger.periods import close_period
from app.models import Account, AuditEntry, CourtCase, DebtNotice, Operation, Service
from app.models.enums import (
    AgreementStatus,
    CaseStage,
    DeliveryWay,
    NoticeKind,
    OperationKind,
)
from app.rights import SYSTEM, Actor, Role
from tests.factories import TestTown, TownFactory

LAWYER = Actor(user_id=None, login="jurist", full_name="Юрист", roles=frozenset({Role.LAWYER}))
CASHIER = Actor(user_id=None, login="k", full_name="Кассир", roles=frozenset({Role.CASHIER}))
TODAY = date(2027, 2, 10)


def _pay(db: Database, account_id: int, kopecks: int, day: date, period: int) -> None:
    with db.sessions() as s, s.begin():
        service = s.scalar(select(Service.id).where(Service.code == "maintenance"))
        s.add(Operation(kind=OperationKind.PAYMENT, op_date=day, period=period,
                        account_id=account_id, service_id=service, amount=-kopecks,
                        created_at=datetime.now(UTC)))


@pytest.fixture
def town(db: Database) -> TestTown:
    """Three accounts charged November–January; the first pays everything, the others not."""
    town = TownFactory(db).build()
    for flat, residents in (("1", 1), ("2", 2), ("3", 3)):
        town.account(flat=flat, residents=residents,
                     services=("maintenance", "cold_water", "hot_water"))
    for _ in range(3):  # November, December, January
        calculate(db, SYSTEM)
        close_period(db, SYSTEM)
    calculate(db, SYSTEM)  # February open, calculated
    with db.session() as s:
        debt = s.scalar(select(func.sum(Operation.amount))
                        .where(Operation.account_id == town.accounts[0]))
    _pay(db, town.accounts[0], int(debt or 0), date(2027, 2, 5), 202702)
    return town


def _number(db: Database, account_id: int) -> str:
    with db.session() as s:
        account = s.get(Account, account_id)
        assert account is not None
        return account.number


def test_debtor_list_by_amount_and_months(db: Database, town: TestTown) -> None:
    debtors = debtor_list(db, LAWYER, DebtorCriteria(), TODAY)
    assert sorted(d.debt.account_id for d in debtors) == sorted(town.accounts[1:])
    assert all(d.debt.months == 3 for d in debtors)  # November unpaid, February open
    assert debtors[0].debt.debt >= debtors[1].debt.debt
    biggest = debtors[0].debt.debt
    only = debtor_list(db, LAWYER, DebtorCriteria(min_debt=biggest), TODAY)
    assert [d.debt.debt for d in only] == [biggest]
    assert debtor_list(db, LAWYER, DebtorCriteria(min_months=4), TODAY) == []
    table = debtor_table(debtors, DebtorCriteria(), TODAY)
    assert table.total_of("debt") == sum(d.debt.debt for d in debtors)
    with pytest.raises(AccessDenied):
        debtor_list(db, CASHIER, DebtorCriteria(), TODAY)


def test_an_agreement_kept_leaves_the_list_and_a_missed_instalment_brings_it_back(
        db: Database, town: TestTown) -> None:
    account = town.accounts[1]
    number = _number(db, account)
    sign_agreement(db, LAWYER, number, "Р-1", date(2027, 2, 1),
                   [Instalment(date(2027, 2, 20), 1_000_00), Instalment(date(2027, 3, 20),
                                                                         1_000_00)])
    with pytest.raises(DomainError, match="уже действует"):
        sign_agreement(db, LAWYER, number, "Р-2", date(2027, 2, 1),
                       [Instalment(date(2027, 2, 20), 100)])
    listed = {d.debt.account_id for d in debtor_list(db, LAWYER, DebtorCriteria(), TODAY)}
    assert account not in listed
    _pay(db, account, 1_000_00, date(2027, 2, 19), 202702)
    assert account not in {d.debt.account_id for d in debtor_list(
        db, LAWYER, DebtorCriteria(), date(2027, 3, 1))}
    # nothing paid by 20 March: the second instalment is missed
    after = date(2027, 3, 25)
    assert account in {d.debt.account_id for d in debtor_list(db, LAWYER, DebtorCriteria(),
                                                                after)}
    assert review_agreements(db, LAWYER, after) == (1, 0)
    (view,) = agreements_of(db, LAWYER, account, after)
    assert view.status == AgreementStatus.BROKEN and view.state.paid_so_far == 1_000_00


def test_an_agreement_schedule_before_its_signing_is_refused(db: Database,
                                                             town: TestTown) -> None:
    with pytest.raises(DomainError, match="раньше подписания"):
        sign_agreement(db, LAWYER, _number(db, town.accounts[1]), "Р-3", date(2027, 2, 1),
                       [Instalment(date(2027, 1, 20), 500_00)])


def test_a_court_case_goes_by_stages_with_the_duty_of_its_filing_day(db: Database,
                                                                     town: TestTown) -> None:
    number = _number(db, town.accounts[2])
    case = open_case(db, LAWYER, number, CaseStage.CLAIM_LETTER, date(2027, 2, 1),
                     Period(2026, 11), Period(2027, 1), 150_000_00,
                     next_action_on=date(2027, 2, 12), next_action="Подать заявление")
    due = cases_needing_action(db, LAWYER, TODAY)
    assert [(c.case_id, c.next_action) for c in due] == [(case, "Подать заявление")]
    advance_case(db, LAWYER, case, CaseStage.COURT_ORDER, date(2027, 2, 15), "Подано заявление")
    with db.session() as s:
        stored = s.get(CourtCase, case)
        assert stored is not None and stored.state_duty == 2_750_00  # half of 5 500 ₽
    with pytest.raises(DomainError, match="назад"):
        advance_case(db, LAWYER, case, CaseStage.CLAIM_LETTER, date(2027, 2, 16), "x")
    record_recovery(db, LAWYER, case, 50_000_00, date(2027, 4, 1))
    with pytest.raises(DomainError, match="больше, чем предъявлено"):
        record_recovery(db, LAWYER, case, 200_000_00, date(2027, 4, 2))
    with pytest.raises(DomainError, match=r"ГПК ст\. 121"):
        open_case(db, LAWYER, number, CaseStage.COURT_ORDER, date(2027, 2, 1),
                  Period(2026, 11), Period(2027, 1), 600_000_00)
    stages = {d.debt.account_id: d.case_stage
              for d in debtor_list(db, LAWYER, DebtorCriteria(), TODAY)}
    assert stages == {town.accounts[1]: None, town.accounts[2]: "Судебный приказ"}


def test_a_warning_never_names_heating_and_delivery_starts_the_20_days(
        db: Database, town: TestTown) -> None:
    with pytest.raises(DomainError, match="отопление"):
        issue_notices(db, LAWYER, town.accounts, NoticeKind.LIMITATION_WARNING, TODAY,
                      ["heating", "hot_water"])
    ids = issue_notices(db, LAWYER, town.accounts, NoticeKind.LIMITATION_WARNING, TODAY,
                        ["hot_water"])
    assert len(ids) == 2  # the account that paid has no debt to warn about
    last_day = record_delivery(db, LAWYER, ids[0], date(2027, 2, 12), DeliveryWay.POST)
    assert last_day == date(2027, 3, 4)
    with db.session() as s:
        notice = s.get(DebtNotice, ids[0])
        assert notice is not None and notice.delivery_way == DeliveryWay.POST
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action.like("notice.%"))) == 2
