"""Posting a payment: the exact split written to the ledger with its Payment row, once.

    posted = post_payment(db, actor, PaymentRequest(key="desk-1-17", account="0000010019",
                                                    amount=1500_00, period=Period(2026, 9)))

One transaction holds everything (`app.usecase.transaction`, right «приём платежей»): the
account row is locked first (PostgreSQL `FOR UPDATE`, SQLite's write lock), so two cashiers
paying one account take turns and each sees the other's payment in the debts it splits; the
idempotency key is looked up under that lock, so a double scan or a retry after a lost
connection returns the payment already posted instead of posting it twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts.scope import require_visible
from app.calc.money import split_by_weights
from app.calc.payment_split import (
    Allocation,
    Debt,
    DocumentLine,
    split_document_payment,
    split_without_document,
)
from app.calc.period import Period
from app.cashdesk.debts import (
    Outstanding,
    account_debts,
    connected_services,
    first_connected,
)
from app.changes import Change, reports
from app.db import Database
from app.errors import DatabaseProblem, DomainError, NotFound
from app.ledger.periods import ensure_open, open_period
from app.models import (
    Account,
    Building,
    Operation,
    Organization,
    Payment,
    Premise,
    Service,
)
from app.models.enums import AccountStatus, PaymentChannel, PaymentKind, PaymentStatus
from app.models.enums import OperationKind as K
from app.rights import Actor, Right
from app.usecase import Tx, transaction

T = TypeVar("T")

MAX_PAYMENT = 100_000_000_00  # a hundred million roubles: beyond is a typo, not a payment


class PostingInterrupted(DatabaseProblem):
    """The connection broke while posting: the operator may retry with the same key."""


@dataclass(frozen=True)
class PaymentRequest:
    key: str  # idempotency key: the same key never posts twice
    account: str  # account number
    amount: int  # kopecks
    channel: str = PaymentChannel.CASH.value
    paid_on: date | None = None  # default: today
    period: Period | None = None  # the period of the payment document, when one was presented
    named: Mapping[str, int] | None = None  # service code → kopecks the payer assigned
    penalty: int = 0  # of the amount, the penalty the document asked for (informational)
    tendered: int | None = None  # cash handed over
    shift_id: int | None = None
    registry_id: int | None = None
    posting_period: Period | None = None  # default: the open period


@dataclass(frozen=True)
class SplitLine:
    period: int | None  # None: an advance
    service_code: str
    service_name: str
    supplier_id: int | None
    amount: int
    supplier_inn: str = ""
    supplier_name: str = ""


@dataclass(frozen=True)
class PostedPayment:
    payment_id: int
    key: str
    account_id: int
    account: str
    payer_name: str
    amount: int
    channel: str
    paid_on: date
    period: int | None
    shift_id: int | None
    receipt_number: int | None
    tendered: int | None
    split: list[SplitLine] = field(default_factory=list)
    already_posted: bool = False

    @property
    def change(self) -> int:
        return max((self.tendered or 0) - self.amount, 0)


def check_amount(amount: int) -> None:
    if amount <= 0:
        raise DomainError("Сумма платежа должна быть больше нуля")
    if amount > MAX_PAYMENT:
        raise DomainError("Сумма платежа слишком велика: проверьте, не лишние ли цифры")


@reports(Change.CHARGES)
def post_payment(db: Database, actor: Actor, req: PaymentRequest) -> PostedPayment:
    """Post `req` once; the same key again returns the payment posted the first time."""
    actor.require(Right.CASH_TAKE)
    check_request(req)
    return posting_transaction(db, actor, req.key, lambda tx: post_in(tx, req), lambda p: p)


def check_request(req: PaymentRequest) -> None:
    check_amount(req.amount)
    if not req.key or len(req.key) > 80:
        raise DomainError("Ключ платежа должен быть от 1 до 80 символов")


def posting_transaction(db: Database, actor: Actor, key: str, work: Callable[[Tx], T],
                        on_posted: Callable[[PostedPayment], T]) -> T:
    """Run `work` in one transaction; a key committed meanwhile by another process returns
    `on_posted(that payment)`, a broken connection says the same key may be retried."""
    try:
        with transaction(db, actor, Right.CASH_TAKE) as tx:
            return work(tx)
    except IntegrityError:
        # the same key committed by another process between our look-up and our insert
        found = find_posted(db, key)
        if found is None:
            raise
        return on_posted(found)
    except DatabaseProblem as exc:
        raise PostingInterrupted(
            "Связь с базой данных прервалась при проведении платежа: платёж не проведён. "
            "Повторите проведение — повтор с тем же ключом не проведёт платёж дважды. "
            f"({exc.message})"
        ) from None


def find_posted(db: Database, key: str) -> PostedPayment | None:
    with db.session() as s:
        pay = s.scalar(select(Payment).where(Payment.idempotency_key == key))
        return None if pay is None else posted_view(s, pay, already=True)


def post_in(tx: Tx, req: PaymentRequest) -> PostedPayment:
    """The posting inside the caller's transaction (the desk adds its receipt to it)."""
    s = tx.session
    account = lock_account(s, req.account)
    company_id, building_id = s.execute(
        select(Building.company_id, Building.id).join(Premise, Premise.building_id == Building.id)
        .where(Premise.id == account.premise_id)).one()
    require_visible(tx.actor, company_id, building_id, account.number)  # not only at the desk
    existing = s.scalar(select(Payment).where(Payment.idempotency_key == req.key))
    if existing is not None:
        if existing.account_id != account.id or existing.amount != req.amount:
            raise DomainError(
                f"Ключ платежа {req.key} уже использован для другого платежа "
                f"(счёт, сумма): повтор не проведён"
            )
        return posted_view(s, existing, already=True)
    if account.status != AccountStatus.OPEN:
        raise DomainError(f"Лицевой счёт {account.number} закрыт: платежи на него не принимаются")
    posting = ensure_open(s, req.posting_period or open_period(s))
    paid_on = req.paid_on or tx.now.date()
    outstanding = account_debts(s, account.id)
    codes: dict[int, str] = {i: c for i, c in s.execute(select(Service.id, Service.code))} \
        if req.named else {}
    allocations = split(req, outstanding, codes)
    advance = _spread_advance(s, account.id, outstanding,
                              sum(a.amount for a in allocations if a.is_advance), paid_on)
    pay = Payment(
        idempotency_key=req.key, account_id=account.id, amount=req.amount,
        penalty_amount=req.penalty, paid_on=paid_on,
        period=req.period.code if req.period else None, channel=req.channel,
        status=PaymentStatus.POSTED.value, kind=PaymentKind.PAYMENT.value,
        shift_id=req.shift_id, registry_id=req.registry_id, payer_name=account.payer_name,
        tendered=req.tendered, created_by_id=tx.actor.user_id, created_at=tx.now,
    )
    s.add(pay)
    s.flush()
    company_id = s.scalar(
        select(Building.company_id).join(Premise, Premise.building_id == Building.id)
        .where(Premise.id == account.premise_id)
    )
    rows: list[tuple[int | None, int, int | str | None, int]] = [
        (a.period.code, int(a.service_code), a.supplier_key, a.amount)
            for a in allocations if not a.is_advance and a.service_code is not None
            and a.period is not None]
    rows += [(None, service, supplier, amount) for service, supplier, amount in advance]
    s.add_all([
        Operation(kind=K.PAYMENT.value, op_date=paid_on, period=posting.code, ref_period=ref,
                  account_id=account.id, service_id=service,
                  supplier_id=int(supplier) if supplier else None, company_id=company_id,
                  amount=-amount, payment_id=pay.id, cause=f"payment:{pay.id}",
                  user_id=tx.actor.user_id, created_at=tx.now)
        for ref, service, supplier, amount in rows
    ])
    s.flush()
    tx.audit("payment.post", "payment", pay.id, after={
        "key": req.key, "account": account.number, "amount": req.amount,
        "channel": req.channel, "period": pay.period,
        "split": [[r[0], r[1], r[2], r[3]] for r in rows]})
    return posted_view(s, pay)


def lock_account(s: Session, number: str) -> Account:
    """The account row, locked for the rest of the transaction."""
    number = number.strip()
    if s.get_bind().dialect.name == "sqlite":
        # a write first: SQLite takes its write lock now (waiting its turn), before any read
        s.execute(update(Account).where(Account.number == number)
                  .values(version=Account.version)
                  .execution_options(synchronize_session=False))
        account = s.scalar(select(Account).where(Account.number == number))
    else:
        account = s.scalar(select(Account).where(Account.number == number).with_for_update())
    if account is None:
        raise NotFound(f"Лицевой счёт {number} не найден")
    return account


def split(req: PaymentRequest, outstanding: Outstanding, codes: Mapping[int, str]
          ) -> list[Allocation]:
    """The exact split of DOMAIN.md «Payment split», with services as their ids."""
    debts = outstanding.debts
    if req.period is None and not req.named:
        return split_without_document(req.amount, debts)
    period = req.period or max((d.period for d in debts), default=None)
    if period is None:
        raise DomainError("Суммы по услугам распределяются по платёжному документу или по "
                          "долгу, а у счёта нет ни того, ни другого")
    lines = [DocumentLine(d.service_code, d.supplier_key, d.amount)
             for d in outstanding.of_period(period)]
    named = None
    if req.named:
        ids = {code: sid for sid, code in codes.items()}
        unknown = [c for c in req.named if c not in ids]
        if unknown:
            raise DomainError(f"Неизвестная услуга: {', '.join(unknown)}")
        named = {str(ids[c]): v for c, v in req.named.items() if v}
        for sid in named:
            if not any(line.service_code == sid for line in lines):
                lines.append(DocumentLine(sid, _supplier_of(debts, sid), 0))
    try:
        return split_document_payment(req.amount, period, lines, debts, named)
    except ValueError as exc:
        raise DomainError(str(exc)) from None


def _supplier_of(debts: list[Debt], service: str) -> int | None:
    for d in debts:
        if d.service_code == service:
            return int(d.supplier_key) if d.supplier_key else None
    return None


def _spread_advance(s: Session, account_id: int, outstanding: Outstanding, amount: int,
                    day: date) -> list[tuple[int, int | None, int]]:
    """An advance across the account's services, in proportion to its latest charges (or to
    its first connected service when it has none yet)."""
    if amount <= 0:
        return []
    parts = advance_parts(outstanding, amount)
    if parts is not None:
        return parts
    row = first_connected(connected_services(s, [account_id]).get(account_id, ()), day)
    if row is None:
        raise DomainError("К лицевому счёту не подключено ни одной услуги: аванс принять "
                          "не на что")
    return [(row[0], row[1], amount)]


def advance_parts(outstanding: Outstanding, amount: int
                  ) -> list[tuple[int, int | None, int]] | None:
    """(service, supplier, kopecks) of an advance by the latest charges; None without any."""
    weights = sorted(outstanding.last_charges.items())
    if not weights:
        return None
    parts = split_by_weights(amount, [w for _, w in weights])
    return [(k[0], k[1] or None, part) for (k, _), part in zip(weights, parts, strict=True)
            if part]


def posted_view(s: Session, pay: Payment, already: bool = False) -> PostedPayment:
    rows = s.execute(
        select(Operation.ref_period, Service.code, Service.name, Operation.supplier_id,
               Operation.amount, Organization.inn, Organization.short_name)
        .join(Service, Service.id == Operation.service_id)
        .outerjoin(Organization, Organization.id == Operation.supplier_id)
        .where(Operation.payment_id == pay.id, Operation.kind == K.PAYMENT.value,
               Operation.amount < 0)
        .order_by(Operation.ref_period.is_(None), Operation.ref_period, Service.sort_order,
                  Operation.supplier_id)
    ).all()
    number, payer = s.execute(select(Account.number, Account.payer_name)
                              .where(Account.id == pay.account_id)).one()
    return PostedPayment(
        payment_id=pay.id, key=pay.idempotency_key, account_id=pay.account_id, account=number,
        payer_name=payer, amount=pay.amount, channel=pay.channel, paid_on=pay.paid_on,
        period=pay.period, shift_id=pay.shift_id, receipt_number=pay.receipt_number,
        tendered=pay.tendered,
        split=[SplitLine(r[0], r[1], r[2], r[3], -r[4], r[5] or "", r[6] or "") for r in rows],
        already_posted=already,
    )
