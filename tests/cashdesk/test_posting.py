"""Posting payments: the exact split into the ledger, once per key, refusing bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from app.calc.period import Period
from app.cashdesk.debts import account_debts
from app.cashdesk.posting import PaymentRequest, post_payment
from app.db import Database
from app.errors import AccessDenied, DomainError, NotFound, PeriodClosed
from app.models import Account, Operation, Payment
from app.models.enums import AccountStatus
from app.rights import Actor
from tests.cashdesk.conftest import DeskTown

NOV, DEC = Period(2026, 11), Period(2026, 12)


def debts_by_period(db: Database, account_id: int) -> dict[int, int]:
    with db.session() as s:
        out: dict[int, int] = {}
        for d in account_debts(s, account_id).debts:
            out[d.period.code] = out.get(d.period.code, 0) + d.amount
        return out


def ledger_paid(db: Database) -> int:
    with db.session() as s:
        return -int(s.scalar(select(func.coalesce(func.sum(Operation.amount), 0))
                             .where(Operation.kind == "payment")) or 0)


def test_document_payment_goes_to_its_period_in_proportion(db: Database, desk: DeskTown
                                                           ) -> None:
    before = debts_by_period(db, desk.account_id)
    assert set(before) == {NOV.code, DEC.code}
    with db.session() as s:
        nov_lines = {_code(db, d.service_code): d.amount
                     for d in account_debts(s, desk.account_id).of_period(NOV)}
    half = before[NOV.code] // 2 + 1
    posted = post_payment(db, desk.cashier, PaymentRequest(
        key="k1", account=desk.number, amount=half, period=NOV))
    assert sum(p.amount for p in posted.split) == half
    assert {p.period for p in posted.split} == {NOV.code}
    assert len(posted.split) == len(nov_lines) == 3
    total = sum(nov_lines.values())
    for line in posted.split:  # largest remainder: never more than a kopeck off the exact share
        share = half * nov_lines[line.service_code] / total
        assert abs(line.amount - share) < 1
    after = debts_by_period(db, desk.account_id)
    assert after == {NOV.code: before[NOV.code] - half, DEC.code: before[DEC.code]}
    assert ledger_paid(db) == half


def _code(db: Database, service_id: str) -> str:
    from app.models import Service

    with db.session() as s:
        return s.get_one(Service, int(service_id)).code


def test_beyond_the_document_oldest_debt_first_then_advance(db: Database, desk: DeskTown
                                                            ) -> None:
    before = debts_by_period(db, desk.account_id)
    amount = before[NOV.code] + before[DEC.code] + 123_45
    posted = post_payment(db, desk.cashier, PaymentRequest(
        key="k2", account=desk.number, amount=amount, period=DEC))
    by = {}
    for line in posted.split:
        by[line.period] = by.get(line.period, 0) + line.amount
    assert by == {NOV.code: before[NOV.code], DEC.code: before[DEC.code], None: 123_45}
    assert debts_by_period(db, desk.account_id) == {}
    with db.session() as s:  # the advance sits on the account as a credit
        assert int(s.scalar(select(func.sum(Operation.amount))
                            .where(Operation.account_id == desk.account_id))) == -123_45


def test_without_document_the_oldest_period_is_paid_first(db: Database, desk: DeskTown) -> None:
    before = debts_by_period(db, desk.account_id)
    posted = post_payment(db, desk.cashier, PaymentRequest(
        key="k3", account=desk.number, amount=before[NOV.code] + 1))
    assert {line.period for line in posted.split} == {NOV.code, DEC.code}
    assert debts_by_period(db, desk.account_id) == {DEC.code: before[DEC.code] - 1}


def test_named_amounts_per_service_are_kept(db: Database, desk: DeskTown) -> None:
    posted = post_payment(db, desk.cashier, PaymentRequest(
        key="k4", account=desk.number, amount=300_00, period=NOV,
        named={"cold_water": 100_00, "waste": 50_00}))
    named = {(line.period, line.service_code): line.amount for line in posted.split}
    assert named[(NOV.code, "cold_water")] >= 100_00
    assert named[(NOV.code, "waste")] >= 50_00
    assert sum(named.values()) == 300_00


def test_the_same_key_posts_once(db: Database, desk: DeskTown) -> None:
    req = PaymentRequest(key="scan-1", account=desk.number, amount=500_00, period=NOV)
    first = post_payment(db, desk.cashier, req)
    again = post_payment(db, desk.cashier, req)
    assert again.payment_id == first.payment_id and again.already_posted
    assert again.split == first.split
    assert ledger_paid(db) == 500_00
    with pytest.raises(DomainError, match="уже использован"):
        post_payment(db, desk.cashier, PaymentRequest(key="scan-1", account=desk.number,
                                                      amount=1_00))


@pytest.mark.parametrize("amount", [0, -5])
def test_a_zero_or_negative_amount_is_refused(db: Database, desk: DeskTown, amount: int
                                              ) -> None:
    with pytest.raises(DomainError, match="больше нуля"):
        post_payment(db, desk.cashier, PaymentRequest(key="z", account=desk.number,
                                                      amount=amount))
    assert ledger_paid(db) == 0


def test_unknown_closed_account_and_closed_period_are_refused(db: Database, desk: DeskTown
                                                              ) -> None:
    with pytest.raises(NotFound, match="не найден"):
        post_payment(db, desk.cashier, PaymentRequest(key="u", account="0000000000",
                                                      amount=1_00))
    with pytest.raises(PeriodClosed, match="закрыт"):
        post_payment(db, desk.cashier, PaymentRequest(key="p", account=desk.number,
                                                      amount=1_00, posting_period=NOV))
    with db.sessions() as s, s.begin():
        s.execute(update(Account).where(Account.number == desk.other_number)
                  .values(status=AccountStatus.CLOSED.value))
    with pytest.raises(DomainError, match="закрыт"):
        post_payment(db, desk.cashier, PaymentRequest(key="c", account=desk.other_number,
                                                      amount=1_00))
    with pytest.raises(AccessDenied):
        post_payment(db, Actor(None, "v", "V", frozenset({"viewer"})),
                     PaymentRequest(key="v", account=desk.number, amount=1_00))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 0
    assert ledger_paid(db) == 0
