"""Debtor work on both databases: lists by criteria, agreements followed by payments, court
cases by stage with the state duty, notices and their delivery (issue #22)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.calc.debt import Instalment
from app.calc.period import Period
from app.db import Database
from app.debtors.agreements import agreements_of, review_agreements, sign_agreement
from app.debtors.cases import advance_case, cases_needing_action, open_case, record_recovery
from app.debtors.lists import DebtorCriteria, debtor_list, debtor_table
from app.debtors.notices import issue_notices, record_delivery
from app.errors import AccessDenied, DomainError
from app.models import AuditEntry, CourtCase, DebtNotice
from app.models.enums import (
    AgreementStatus,
    CaseStage,
    DeliveryWay,
    NoticeKind,
)
from tests.debtors.world import CASHIER, LAWYER, TODAY, number_of, pay
from tests.factories import TestTown


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
    number = number_of(db, account)
    sign_agreement(db, LAWYER, number, "Р-1", date(2027, 2, 1),
                   [Instalment(date(2027, 2, 20), 1_000_00), Instalment(date(2027, 3, 20),
                                                                         1_000_00)])
    with pytest.raises(DomainError, match="уже действует"):
        sign_agreement(db, LAWYER, number, "Р-2", date(2027, 2, 1),
                       [Instalment(date(2027, 2, 20), 100)])
    listed = {d.debt.account_id for d in debtor_list(db, LAWYER, DebtorCriteria(), TODAY)}
    assert account not in listed
    pay(db, account, 1_000_00, date(2027, 2, 19), 202702)
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
        sign_agreement(db, LAWYER, number_of(db, town.accounts[1]), "Р-3", date(2027, 2, 1),
                       [Instalment(date(2027, 1, 20), 500_00)])


def test_a_court_case_goes_by_stages_with_the_duty_of_its_filing_day(db: Database,
                                                                     town: TestTown) -> None:
    number = number_of(db, town.accounts[2])
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
