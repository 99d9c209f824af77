"""Repayment agreements (рассрочка): a schedule of instalments followed by the payments the
ledger receives; a missed instalment breaks the agreement and brings the account back into the
debtor lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.scope import visible_account
from app.calc.debt import Instalment, ScheduleState, schedule_state
from app.changes import Change, reports
from app.db import Database
from app.errors import DomainError
from app.models import AgreementInstalment, Operation, RepaymentAgreement
from app.models.enums import AgreementStatus
from app.models.enums import OperationKind as K
from app.rights import Actor, Right
from app.usecase import Tx, transaction

MAX_INSTALMENTS = 60


@dataclass(frozen=True)
class AgreementView:
    id: int
    account_id: int
    number: str
    signed_on: date
    debt: int
    status: str
    schedule: tuple[Instalment, ...]
    state: ScheduleState


def account_id_in_scope(s: Session, actor: Actor, number: str) -> int:
    return visible_account(s, actor, number)[0].id


@reports(Change.DEBTORS)
def sign_agreement(db: Database, actor: Actor, account_number: str, number: str,
                   signed_on: date, schedule: Sequence[Instalment], note: str = "") -> int:
    """Record an agreement; the schedule must be in the future of the signing, positive, and
    sum to the debt it covers."""
    actor.require(Right.DEBTORS)
    if not number.strip():
        raise DomainError("Укажите номер соглашения")
    if not schedule:
        raise DomainError("В графике нет ни одного платежа")
    if len(schedule) > MAX_INSTALMENTS:
        raise DomainError(f"В графике больше {MAX_INSTALMENTS} платежей")
    for inst in schedule:
        if inst.amount <= 0:
            raise DomainError(f"Платёж {inst.due_on:%d.%m.%Y}: сумма должна быть больше нуля")
        if inst.due_on < signed_on:
            raise DomainError(f"Платёж {inst.due_on:%d.%m.%Y} назначен раньше подписания "
                              f"соглашения ({signed_on:%d.%m.%Y})")
    if len({i.due_on for i in schedule}) != len(schedule):
        raise DomainError("В графике два платежа на одну дату")
    with transaction(db, actor, Right.DEBTORS) as tx:
        account_id = account_id_in_scope(tx.session, actor, account_number)
        active = tx.session.scalars(select(RepaymentAgreement).where(
            RepaymentAgreement.account_id == account_id,
            RepaymentAgreement.status == AgreementStatus.ACTIVE)).first()
        if active is not None:
            _close_or_refuse(tx, active, signed_on)
        agreement = RepaymentAgreement(
            account_id=account_id, number=number.strip(), signed_on=signed_on,
            debt=sum(i.amount for i in schedule), status=AgreementStatus.ACTIVE,
            note=note.strip()[:500] or None, created_by_id=actor.user_id, created_at=tx.now)
        tx.session.add(agreement)
        tx.session.flush()
        tx.session.add_all(AgreementInstalment(agreement_id=agreement.id, due_on=i.due_on,
                                               amount=i.amount) for i in schedule)
        tx.audit("agreement.sign", "repayment_agreement", agreement.id,
                 after={"account_id": account_id, "number": agreement.number,
                        "signed_on": signed_on, "debt": agreement.debt,
                        "schedule": [(i.due_on, i.amount) for i in schedule]})
        return agreement.id


def _close_or_refuse(tx: Tx, active: RepaymentAgreement, on: date) -> None:
    """An account has one agreement at a time: the active one, if broken or paid in full by
    now, is marked so (the review would do it); one being kept refuses the new one."""
    state = _view(tx.session, active, on).state
    if state.kept and not state.finished:
        raise DomainError(f"У счёта уже действует соглашение № {active.number}")
    status = AgreementStatus.FINISHED if state.kept else AgreementStatus.BROKEN
    tx.audit("agreement.review", "repayment_agreement", active.id,
             before={"status": active.status}, after={"status": status, "missed": state.missed})
    active.status = status
    tx.session.flush()


def _payments_since(s: Session, account_id: int, since: date) -> list[tuple[date, int]]:
    rows = s.execute(select(Operation.op_date, -func.sum(Operation.amount))
                     .where(Operation.account_id == account_id,
                            Operation.kind == K.PAYMENT.value, Operation.op_date >= since)
                     .group_by(Operation.op_date)).all()
    return [(d, int(a)) for d, a in rows]


def _view(s: Session, agreement: RepaymentAgreement, on: date) -> AgreementView:
    schedule = tuple(Instalment(d, a) for d, a in s.execute(
        select(AgreementInstalment.due_on, AgreementInstalment.amount)
        .where(AgreementInstalment.agreement_id == agreement.id)
        .order_by(AgreementInstalment.due_on)))
    state = schedule_state(schedule, _payments_since(s, agreement.account_id,
                                                     agreement.signed_on), on)
    return AgreementView(agreement.id, agreement.account_id, agreement.number,
                         agreement.signed_on, agreement.debt, agreement.status, schedule, state)


def agreements_of(db: Database, actor: Actor, account_id: int, on: date) -> list[AgreementView]:
    actor.require(Right.DEBTORS)
    with db.session() as s:
        rows = s.scalars(select(RepaymentAgreement).where(
            RepaymentAgreement.account_id == account_id)
            .order_by(RepaymentAgreement.signed_on)).all()
        return [_view(s, a, on) for a in rows]


def kept_agreement_accounts(s: Session, on: date) -> set[int]:
    """Accounts whose active agreement is being kept on `on` (left out of debtor lists)."""
    out = set()
    for agreement in s.scalars(select(RepaymentAgreement).where(
            RepaymentAgreement.status == AgreementStatus.ACTIVE)):
        if _view(s, agreement, on).state.kept:
            out.add(agreement.account_id)
    return out


@reports(Change.DEBTORS)
def review_agreements(db: Database, actor: Actor, on: date) -> tuple[int, int]:
    """Mark active agreements broken (an instalment missed) or finished (paid in full);
    returns (broken, finished)."""
    broken = finished = 0
    with transaction(db, actor, Right.DEBTORS) as tx:
        for agreement in tx.session.scalars(select(RepaymentAgreement).where(
                RepaymentAgreement.status == AgreementStatus.ACTIVE)).all():
            state = _view(tx.session, agreement, on).state
            status = (AgreementStatus.BROKEN if not state.kept
                      else AgreementStatus.FINISHED if state.finished else None)
            if status is None:
                continue
            tx.audit("agreement.review", "repayment_agreement", agreement.id,
                     before={"status": agreement.status},
                     after={"status": status, "missed": state.missed})
            agreement.status = status
            broken += status == AgreementStatus.BROKEN
            finished += status == AgreementStatus.FINISHED
    return broken, finished


def instalment_marks(agreement: AgreementView, on: date) -> list[str]:
    """What each instalment of the schedule shows on `on`: paid (the money paid since the
    signing covers it and those before), missed (its date passed uncovered), or to come."""
    marks = []
    due = 0
    for inst in agreement.schedule:
        due += inst.amount
        if agreement.state.paid_so_far >= due:
            marks.append("оплачен")
        elif inst.due_on < on:
            marks.append("просрочен — соглашение нарушено")
        else:
            marks.append("ожидается")
    return marks
