"""Cash shifts: open with a float, take payments with receipts, cash in and out, cancel inside
the shift, refund after it, X-report at any time, close with the drawer counted (Z-report).

The drawer is expected to hold: float + cash payments − cash refunds/cancellations + cash in −
cash out. At close the cashier counts it by denomination; a difference needs a reason, and both
figures and the reason stay on the shift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.calc.money import format_rub
from app.cashdesk.posting import (
    PaymentRequest,
    PostedPayment,
    check_request,
    post_in,
    posting_transaction,
)
from app.cashdesk.receipts import Receipt, issue, lock_open_shift
from app.changes import Change, reports
from app.db import Database
from app.errors import DomainError, NotFound
from app.ledger.periods import ensure_open, open_period
from app.models import CashMove, CashShift, Operation, Payment
from app.models.enums import (
    CashMoveKind,
    FiscalKind,
    PaymentChannel,
    PaymentKind,
    PaymentStatus,
    ShiftStatus,
)
from app.models.enums import OperationKind as K
from app.rights import Actor, Right
from app.usecase import Tx, transaction

# kopecks: banknotes 5000 … 10 ₽ (and the 10 ₽ coin), coins 5 ₽ … 1 коп.
DENOMINATIONS = (500000, 200000, 100000, 50000, 20000, 10000, 5000, 1000, 500, 200, 100, 50,
                 10, 5, 1)


@dataclass(frozen=True)
class ShiftView:
    shift_id: int
    number: int
    desk: str
    status: str
    opened_at: datetime
    closed_at: datetime | None
    opening_cash: int
    cash_total: int
    card_total: int
    payments: int
    last_receipt: int


@dataclass(frozen=True)
class ShiftTotals:
    """A shift's money, computed from its payments (the one source: nothing is kept running).
    Cancelled payments count for nothing; refunds count against their form."""

    cash: int = 0
    card: int = 0
    payments: int = 0  # payments standing: posted, not cancelled, less refunds
    receipts: int = 0
    cancelled: int = 0
    refunds: int = 0


def shift_totals(s: Session, shift_id: int) -> ShiftTotals:
    cash = card = payments = receipts = cancelled = refunds = 0
    for kind, status, channel, count, amount in s.execute(
            select(Payment.kind, Payment.status, Payment.channel, func.count(),
                   func.sum(Payment.amount))
            .where(Payment.shift_id == shift_id)
            .group_by(Payment.kind, Payment.status, Payment.channel)):
        count, amount = int(count), int(amount)
        receipts += count
        if status == PaymentStatus.CANCELLED:
            cancelled += count
            continue
        sign = -1 if kind == PaymentKind.REFUND else 1
        if kind == PaymentKind.REFUND:
            refunds += count
        payments += sign * count
        if channel == PaymentChannel.CASH:
            cash += sign * amount
        else:
            card += sign * amount
    return ShiftTotals(cash, card, payments, receipts, cancelled, refunds)


def _cash_moves(s: Session, shift_id: int) -> tuple[int, int]:
    moves = dict(s.execute(select(CashMove.kind, func.sum(CashMove.amount))
                           .where(CashMove.shift_id == shift_id).group_by(CashMove.kind)).all())
    return (int(moves.get(CashMoveKind.CASH_IN.value) or 0),
            int(moves.get(CashMoveKind.CASH_OUT.value) or 0))


def expected_cash(s: Session, shift: CashShift) -> int:
    """What the drawer should hold now: float + cash taken − cash given back + in − out."""
    cash_in, cash_out = _cash_moves(s, shift.id)
    return shift.opening_cash + shift_totals(s, shift.id).cash + cash_in - cash_out


def _view(s: Session, sh: CashShift) -> ShiftView:
    totals = shift_totals(s, sh.id)
    return ShiftView(sh.id, sh.number, sh.desk, sh.status, sh.opened_at, sh.closed_at,
                     sh.opening_cash, totals.cash, totals.card, totals.payments,
                     sh.last_receipt)


def open_shift(db: Database, actor: Actor, desk: str, opening_cash: int = 0) -> ShiftView:
    actor.require(Right.CASH_TAKE)
    desk = desk.strip()
    if not desk:
        raise DomainError("Укажите кассу (рабочее место)")
    if opening_cash < 0:
        raise DomainError("Размен на начало смены не может быть отрицательным")
    with transaction(db, actor, Right.CASH_TAKE) as tx:
        s = tx.session
        mine = s.scalar(select(CashShift).where(CashShift.cashier_id == actor.user_id,
                                                CashShift.status == ShiftStatus.OPEN.value))
        if mine is not None:
            raise DomainError(f"У вас уже открыта смена №{mine.number} ({mine.desk})")
        busy = s.scalar(select(CashShift).where(CashShift.desk == desk,
                                                CashShift.status == ShiftStatus.OPEN.value))
        if busy is not None:
            raise DomainError(f"На кассе «{desk}» уже открыта смена №{busy.number}")
        number = (s.scalar(select(func.max(CashShift.number)).where(CashShift.desk == desk))
                  or 0) + 1
        sh = CashShift(number=number, desk=desk, cashier_id=actor.user_id,
                       status=ShiftStatus.OPEN.value, opened_at=tx.now, opening_cash=opening_cash,
                       last_receipt=0)
        s.add(sh)
        s.flush()
        tx.audit("shift.open", "cash_shift", sh.id, after={"desk": desk, "number": number,
                                                          "opening_cash": opening_cash})
        return _view(s, sh)


def current_shift(db: Database, actor: Actor) -> ShiftView | None:
    """The actor's open shift, if any."""
    actor.require(Right.CASH_TAKE)
    with db.session() as s:
        sh = s.scalar(select(CashShift).where(CashShift.cashier_id == actor.user_id,
                                              CashShift.status == ShiftStatus.OPEN.value))
        return None if sh is None else _view(s, sh)


@dataclass(frozen=True)
class DeskPayment:
    posted: PostedPayment
    receipt: Receipt | None  # None when the key had been posted already (no second receipt)


@reports(Change.CHARGES)
def take_payment(db: Database, actor: Actor, shift_id: int, req: PaymentRequest
                 ) -> DeskPayment:
    """A payment at the desk: posted, numbered in the shift, its receipt queued — together."""
    actor.require(Right.CASH_TAKE)
    check_request(req)
    if req.channel not in (PaymentChannel.CASH, PaymentChannel.CARD):
        raise DomainError("На кассе принимаются наличные или карта")
    if req.channel == PaymentChannel.CASH and req.tendered is not None \
            and req.tendered < req.amount:
        raise DomainError(f"Получено {format_rub(req.tendered)} — меньше суммы платежа "
                          f"{format_rub(req.amount)}")
    req = replace(req, shift_id=shift_id)

    def work(tx: Tx) -> DeskPayment:
        shift = lock_open_shift(tx.session, tx, shift_id)
        posted = post_in(tx, req)
        if posted.already_posted:
            return DeskPayment(posted, None)
        pay = tx.session.get_one(Payment, posted.payment_id)
        receipt = issue(tx, shift, pay, FiscalKind.INCOME)
        tx.session.flush()
        return DeskPayment(replace(posted, receipt_number=pay.receipt_number), receipt)

    return posting_transaction(db, actor, req.key, work, lambda p: DeskPayment(p, None))


def cash_move(db: Database, actor: Actor, shift_id: int, kind: CashMoveKind | str,
              amount: int, reason: str) -> None:
    """Внесение (in) or выплата/инкассация (out) of cash; out never more than the drawer."""
    actor.require(Right.CASH_TAKE)
    kind = CashMoveKind(kind)
    if amount <= 0:
        raise DomainError("Сумма внесения или выплаты должна быть больше нуля")
    if not reason.strip():
        raise DomainError("Укажите основание внесения или выплаты")
    with transaction(db, actor, Right.CASH_TAKE) as tx:
        shift = lock_open_shift(tx.session, tx, shift_id)
        if kind == CashMoveKind.CASH_OUT:
            expected = expected_cash(tx.session, shift)
            if amount > expected:
                raise DomainError(f"В кассе {format_rub(expected)}: выплатить "
                                  f"{format_rub(amount)} нельзя")
        tx.session.add(CashMove(shift_id=shift.id, kind=kind.value, amount=amount,
                                reason=reason.strip()[:300], created_by_id=actor.user_id,
                                created_at=tx.now))
        tx.audit(f"shift.cash_{kind.value}", "cash_shift", shift.id,
                 after={"amount": amount, "reason": reason})


def _reverse(s: Session, pay: Payment, new_payment_id: int, period: int, actor: Actor,
             now: datetime, cause: str) -> None:
    """Operations that undo `pay`'s split, posted in the open period."""
    originals = s.scalars(select(Operation).where(Operation.payment_id == pay.id,
                                                  Operation.amount < 0)).all()
    s.add_all([
        Operation(kind=K.PAYMENT.value, op_date=now.date(), period=period,
                  ref_period=o.ref_period, account_id=o.account_id, service_id=o.service_id,
                  supplier_id=o.supplier_id, company_id=o.company_id, amount=-o.amount,
                  payment_id=new_payment_id, cause=cause, user_id=actor.user_id,
                  created_at=now)
        for o in originals
    ])


@reports(Change.CHARGES)
def cancel_payment(db: Database, actor: Actor, payment_id: int, reason: str) -> Receipt:
    """Cancel a payment of the cashier's open shift (right «отмена платежей»): the ledger gets
    the reversal, the shift's totals drop, a «возврат прихода» receipt is queued."""
    actor.require(Right.CASH_CANCEL)
    if not reason.strip():
        raise DomainError("Укажите причину отмены платежа")
    with transaction(db, actor, Right.CASH_CANCEL) as tx:
        s = tx.session
        pay = _payment_for_undo(s, payment_id, actor)
        if pay.shift_id is None:
            raise DomainError("Платёж принят не на кассе: отменяется возвратом")
        shift = s.get_one(CashShift, pay.shift_id)
        if shift.status != ShiftStatus.OPEN:
            raise DomainError(f"Смена №{shift.number} уже закрыта: оформите возврат платежа")
        shift = lock_open_shift(s, tx, shift.id)
        period = ensure_open(s, open_period(s))
        _reverse(s, pay, pay.id, period.code, actor, tx.now, f"cancel:{pay.id}")
        pay.status = PaymentStatus.CANCELLED.value
        pay.reason = reason.strip()[:300]
        pay.cancelled_at = tx.now
        pay.cancelled_by_id = actor.user_id
        receipt = issue(tx, shift, pay, FiscalKind.INCOME_RETURN)
        tx.audit("payment.cancel", "payment", pay.id, before={"status": "posted"},
                 after={"status": "cancelled", "reason": reason})
        return receipt


@reports(Change.CHARGES)
def refund_payment(db: Database, actor: Actor, payment_id: int, shift_id: int, reason: str,
                   key: str) -> Receipt:
    """Refund a payment taken earlier (its shift closed, or a bank payment) from the open
    shift: a refund payment with the reversed split, a «возврат прихода» receipt."""
    actor.require(Right.CASH_CANCEL)
    if not reason.strip():
        raise DomainError("Укажите причину возврата")
    with transaction(db, actor, Right.CASH_CANCEL) as tx:
        s = tx.session
        if s.scalar(select(Payment.id).where(Payment.idempotency_key == key)) is not None:
            raise DomainError("Этот возврат уже оформлен")
        pay = _payment_for_undo(s, payment_id, actor)
        taken_in = s.get(CashShift, pay.shift_id) if pay.shift_id is not None else None
        if taken_in is not None and taken_in.status == ShiftStatus.OPEN:
            raise DomainError(f"Платёж принят в смене №{taken_in.number}, она ещё открыта: "
                              "отмените его в этой смене (F12), возврат не нужен")
        shift = lock_open_shift(s, tx, shift_id)
        period = ensure_open(s, open_period(s))
        channel = pay.channel if pay.channel in (PaymentChannel.CASH, PaymentChannel.CARD) \
            else PaymentChannel.CASH.value
        refund = Payment(idempotency_key=key, account_id=pay.account_id, amount=pay.amount,
                         penalty_amount=0, paid_on=tx.now.date(), period=pay.period,
                         channel=channel, status=PaymentStatus.POSTED.value,
                         kind=PaymentKind.REFUND.value, refund_of_id=pay.id, shift_id=shift.id,
                         payer_name=pay.payer_name, reason=reason.strip()[:300],
                         created_by_id=actor.user_id, created_at=tx.now)
        s.add(refund)
        s.flush()
        _reverse(s, pay, refund.id, period.code, actor, tx.now, f"refund:{pay.id}")
        if channel == PaymentChannel.CASH and refund.amount > expected_cash(s, shift):
            raise DomainError("В кассе не хватает наличных для возврата")
        receipt = issue(tx, shift, refund, FiscalKind.INCOME_RETURN)
        tx.audit("payment.refund", "payment", refund.id,
                 after={"refund_of": pay.id, "amount": pay.amount, "reason": reason})
        return receipt


def _payment_for_undo(s: Session, payment_id: int, actor: Actor) -> Payment:
    from app.accounts.scope import require_visible
    from app.models import Account, Building, Premise

    pay = s.scalar(select(Payment).where(Payment.id == payment_id).with_for_update())
    if pay is None:
        raise NotFound(f"Платёж {payment_id} не найден")
    number, company_id, building_id = s.execute(
        select(Account.number, Building.company_id, Building.id)
        .join(Premise, Premise.id == Account.premise_id)
        .join(Building, Building.id == Premise.building_id)
        .where(Account.id == pay.account_id)).one()
    require_visible(actor, company_id, building_id, number)
    if pay.kind != PaymentKind.PAYMENT:
        raise DomainError("Возврат нельзя отменить или вернуть ещё раз")
    if pay.status == PaymentStatus.CANCELLED:
        raise DomainError(f"Платёж {payment_id} уже отменён")
    if s.scalar(select(Payment.id).where(Payment.refund_of_id == pay.id)) is not None:
        raise DomainError(f"По платежу {payment_id} уже оформлен возврат")
    return pay


@dataclass(frozen=True)
class ShiftReport:
    """X-report (shift open) or Z-report (closed): totals by form, service, supplier, company."""

    shift: ShiftView
    cash: int  # cash payments less cash refunds and cancellations
    card: int
    receipts: int
    cancelled: int
    refunds: int
    cash_in: int
    cash_out: int
    by_service: list[tuple[str, int]]
    by_supplier: list[tuple[str, int]]
    by_company: list[tuple[str, int]]
    counted_cash: int | None = None
    counted: dict[str, int] | None = None
    difference_reason: str | None = None

    @property
    def expected_cash(self) -> int:
        return self.shift.opening_cash + self.cash + self.cash_in - self.cash_out

    @property
    def difference(self) -> int | None:
        return None if self.counted_cash is None else self.counted_cash - self.expected_cash

    @property
    def total(self) -> int:
        return self.cash + self.card


def report_of(s: Session, shift: CashShift) -> ShiftReport:
    from app.models import Organization, Service

    totals = shift_totals(s, shift.id)
    cash_in, cash_out = _cash_moves(s, shift.id)
    received = (select(Operation.service_id, Operation.supplier_id, Operation.company_id,
                       func.sum(Operation.amount).label("amount"))
                .join(Payment, Payment.id == Operation.payment_id)
                .where(Payment.shift_id == shift.id, Operation.kind == K.PAYMENT.value)
                .group_by(Operation.service_id, Operation.supplier_id, Operation.company_id)
                ).subquery()
    names = {i: n for i, n in s.execute(select(Service.id, Service.name))}
    orgs = {i: n for i, n in s.execute(select(Organization.id, Organization.short_name))}
    by: dict[str, dict[str, int]] = {"service": {}, "supplier": {}, "company": {}}
    for service, supplier, company, amount in s.execute(select(received)):
        for dim, key in (("service", names.get(service, "?")),
                         ("supplier", orgs.get(supplier, "без поставщика")),
                         ("company", orgs.get(company, "без управляющей компании"))):
            by[dim][key] = by[dim].get(key, 0) - int(amount)

    def listed(d: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(((k, v) for k, v in d.items() if v), key=lambda kv: kv[0])

    return ShiftReport(
        _view(s, shift), totals.cash, totals.card, totals.receipts, totals.cancelled,
        totals.refunds, cash_in, cash_out,
        listed(by["service"]), listed(by["supplier"]), listed(by["company"]),
        shift.counted_cash, shift.counted, shift.difference_reason)


def x_report(db: Database, actor: Actor, shift_id: int) -> ShiftReport:
    actor.require(Right.CASH_TAKE)
    with db.session() as s:
        shift = s.get(CashShift, shift_id)
        if shift is None:
            raise NotFound(f"Кассовая смена {shift_id} не найдена")
        return report_of(s, shift)


def counted_total(counted: Mapping[int, int]) -> int:
    bad = [d for d in counted if d not in DENOMINATIONS]
    if bad:
        raise DomainError(f"Нет такого номинала: {', '.join(format_rub(d) for d in bad)}")
    if any(n < 0 for n in counted.values()):
        raise DomainError("Число купюр или монет не может быть отрицательным")
    return sum(d * n for d, n in counted.items())


def close_shift(db: Database, actor: Actor, shift_id: int, counted: Mapping[int, int],
                reason: str = "") -> ShiftReport:
    """Close with the drawer counted by denomination; a difference needs a reason (Z-report)."""
    actor.require(Right.CASH_TAKE)
    total = counted_total(counted)
    with transaction(db, actor, Right.CASH_TAKE) as tx:
        s = tx.session
        shift = lock_open_shift(s, tx, shift_id)
        expected = expected_cash(s, shift)
        if total != expected and not reason.strip():
            raise DomainError(
                f"В кассе насчитано {format_rub(total)}, а должно быть {format_rub(expected)} "
                f"(разница {format_rub(total - expected, sign=True)}): укажите причину "
                "расхождения")
        shift.status = ShiftStatus.CLOSED.value
        shift.closed_at = tx.now
        shift.expected_cash = expected
        shift.counted_cash = total
        shift.counted = {str(d): n for d, n in sorted(counted.items(), reverse=True) if n}
        shift.difference_reason = reason.strip()[:300] or None
        s.flush()
        tx.audit("shift.close", "cash_shift", shift.id, after={
            "expected": expected, "counted": total, "difference": total - expected,
            "reason": shift.difference_reason})
        return report_of(s, shift)


@dataclass(frozen=True)
class ShiftPayment:
    payment_id: int
    receipt_number: int | None
    account: str
    amount: int
    channel: str
    kind: str
    status: str
    at: datetime


def shift_payments(db: Database, actor: Actor, shift_id: int) -> list[ShiftPayment]:
    """The shift's payments, latest first (for cancelling one)."""
    from app.models import Account

    actor.require(Right.CASH_TAKE)
    with db.session() as s:
        rows = s.execute(
            select(Payment.id, Payment.receipt_number, Account.number, Payment.amount,
                   Payment.channel, Payment.kind, Payment.status, Payment.created_at)
            .join(Account, Account.id == Payment.account_id)
            .where(Payment.shift_id == shift_id).order_by(Payment.id.desc())).all()
        return [ShiftPayment(*r) for r in rows]


def refundable_payments(db: Database, actor: Actor, account: str) -> list[ShiftPayment]:
    """The account's payments that a refund may return: standing, not refunded yet, and not
    in a shift still open (those are cancelled instead) — latest first."""
    from sqlalchemy.orm import aliased

    from app.accounts.scope import visible_account
    from app.models import Account

    actor.require(Right.CASH_CANCEL)
    refund = aliased(Payment)
    with db.session() as s:
        acc, _premise, _building = visible_account(s, actor, account)
        rows = s.execute(
            select(Payment.id, Payment.receipt_number, Account.number, Payment.amount,
                   Payment.channel, Payment.kind, Payment.status, Payment.created_at)
            .join(Account, Account.id == Payment.account_id)
            .outerjoin(CashShift, CashShift.id == Payment.shift_id)
            .outerjoin(refund, refund.refund_of_id == Payment.id)
            .where(Payment.account_id == acc.id, Payment.kind == PaymentKind.PAYMENT.value,
                   Payment.status == PaymentStatus.POSTED.value, refund.id.is_(None),
                   (CashShift.id.is_(None)) | (CashShift.status != ShiftStatus.OPEN.value))
            .order_by(Payment.id.desc()).limit(200)).all()
        return [ShiftPayment(*r) for r in rows]
