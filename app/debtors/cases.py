"""Court cases by stage: претензия → судебный приказ (up to ГПК ст. 121's limit) or иск →
исполнительное производство → closed; the state duty by the scale in force on the filing day,
amounts recovered, and the list of cases that need an action this week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, select, true

from app.accounts.scope import scope_condition
from app.accounts.text import address_line
from app.calc.money import format_rub
from app.calc.period import Period
from app.calc.state_duty import COURT_ORDER_LIMIT, claim_duty, court_order_duty
from app.changes import Change, reports
from app.db import Database
from app.debtors.agreements import account_id_in_scope
from app.errors import DomainError, NotFound
from app.models import Account, Building, CourtCase, CourtCaseEvent, Premise
from app.models.enums import CaseStage
from app.rights import Actor, Right
from app.titles import CASE_STAGE
from app.usecase import transaction

ORDER = [CaseStage.CLAIM_LETTER, CaseStage.COURT_ORDER, CaseStage.LAWSUIT,
         CaseStage.ENFORCEMENT, CaseStage.CLOSED]


def state_duty_for(stage: CaseStage, claimed: int, filed_on: date) -> int:
    if stage == CaseStage.COURT_ORDER:
        if claimed > COURT_ORDER_LIMIT:
            raise DomainError(f"Судебный приказ выдаётся на сумму до "
                              f"{format_rub(COURT_ORDER_LIMIT)} (ГПК ст. 121); подайте иск")
        return court_order_duty(claimed, filed_on)
    if stage == CaseStage.LAWSUIT:
        return claim_duty(claimed, filed_on)
    return 0


@reports(Change.DEBTORS)
def open_case(db: Database, actor: Actor, account_number: str, stage: CaseStage,
              opened_on: date, period_from: Period, period_to: Period, debt: int,
              penalty: int = 0, court: str = "", next_action_on: date | None = None,
              next_action: str = "") -> int:
    actor.require(Right.DEBTORS)
    if stage not in (CaseStage.CLAIM_LETTER, CaseStage.COURT_ORDER, CaseStage.LAWSUIT):
        raise DomainError("Дело начинается с претензии, заявления о судебном приказе или иска")
    if period_to < period_from:
        raise DomainError("Конец периода долга раньше начала")
    if debt <= 0 or penalty < 0:
        raise DomainError("Сумма долга должна быть больше нуля, пени — не меньше нуля")
    duty = state_duty_for(stage, debt + penalty, opened_on)
    with transaction(db, actor, Right.DEBTORS) as tx:
        account_id = account_id_in_scope(tx.session, actor, account_number)
        case = CourtCase(account_id=account_id, stage=stage, opened_on=opened_on,
                         period_from=period_from.code, period_to=period_to.code,
                         debt_claimed=debt, penalty_claimed=penalty, state_duty=duty,
                         recovered=0, court=court.strip() or None,
                         next_action_on=next_action_on, next_action=next_action.strip() or None,
                         created_by_id=actor.user_id, created_at=tx.now)
        tx.session.add(case)
        tx.session.flush()
        tx.session.add(CourtCaseEvent(case_id=case.id, happened_on=opened_on, stage=stage,
                                      text=f"{CASE_STAGE[stage]}: дело открыто",
                                      user_id=actor.user_id))
        tx.audit("case.open", "court_case", case.id,
                 after={"account_id": account_id, "stage": stage, "debt": debt,
                        "penalty": penalty, "state_duty": duty})
        return case.id


@reports(Change.DEBTORS)
def advance_case(db: Database, actor: Actor, case_id: int, stage: CaseStage, on: date,
                 text: str, *, document: str = "", case_number: str = "",
                 next_action_on: date | None = None, next_action: str = "") -> None:
    """Move a case to a later stage (or record an event at its stage)."""
    actor.require(Right.DEBTORS)
    if not text.strip():
        raise DomainError("Опишите, что произошло по делу")
    with transaction(db, actor, Right.DEBTORS) as tx:
        case = tx.session.get(CourtCase, case_id)
        if case is None:
            raise NotFound(f"Дело № {case_id} не найдено")
        if case.stage == CaseStage.CLOSED:
            raise DomainError("Дело закрыто")
        if ORDER.index(stage) < ORDER.index(CaseStage(case.stage)):
            raise DomainError(f"Дело уже на стадии «{CASE_STAGE[case.stage]}»: "
                              f"назад к «{CASE_STAGE[stage]}» не вернуть")
        if on < case.opened_on:
            raise DomainError("Дата события раньше открытия дела")
        before = {"stage": case.stage, "state_duty": case.state_duty}
        if stage != case.stage and stage in (CaseStage.COURT_ORDER, CaseStage.LAWSUIT):
            case.state_duty += state_duty_for(stage, case.debt_claimed + case.penalty_claimed,
                                              on)
        case.stage = stage
        case.case_number = case_number.strip() or case.case_number
        case.next_action_on, case.next_action = next_action_on, next_action.strip() or None
        tx.session.add(CourtCaseEvent(case_id=case.id, happened_on=on, stage=stage,
                                      text=text.strip(), document=document.strip() or None,
                                      user_id=actor.user_id))
        tx.audit("case.advance", "court_case", case.id, before=before,
                 after={"stage": stage, "state_duty": case.state_duty, "text": text.strip()})


@reports(Change.DEBTORS)
def record_recovery(db: Database, actor: Actor, case_id: int, amount: int, on: date) -> None:
    actor.require(Right.DEBTORS)
    if amount <= 0:
        raise DomainError("Взысканная сумма должна быть больше нуля")
    with transaction(db, actor, Right.DEBTORS) as tx:
        case = tx.session.get(CourtCase, case_id)
        if case is None:
            raise NotFound(f"Дело № {case_id} не найдено")
        claimed = case.debt_claimed + case.penalty_claimed + case.state_duty
        if case.recovered + amount > claimed:
            raise DomainError("Взыскано больше, чем предъявлено по делу")
        before = case.recovered
        case.recovered += amount
        tx.session.add(CourtCaseEvent(case_id=case.id, happened_on=on, stage=case.stage,
                                      text=f"Взыскано {format_rub(amount)}",
                                      user_id=actor.user_id))
        tx.audit("case.recovered", "court_case", case.id, before={"recovered": before},
                 after={"recovered": case.recovered})


def _in_scope(actor: Actor) -> ColumnElement[bool]:
    condition = scope_condition(actor)
    return true() if condition is None else condition


@dataclass(frozen=True)
class CaseAction:
    case_id: int
    account: str
    address: str
    stage: str
    next_action_on: date
    next_action: str
    overdue: bool


def cases_needing_action(db: Database, actor: Actor, on: date, days: int = 7
                         ) -> list[CaseAction]:
    """Open cases whose next action is due within `days` (overdue ones first)."""
    actor.require(Right.DEBTORS)
    with db.session() as s:
        rows = s.execute(
            select(CourtCase.id, Account.number, Building.street, Building.house,
                   Premise.number, Premise.kind, CourtCase.stage, CourtCase.next_action_on,
                   CourtCase.next_action)
            .join(Account, Account.id == CourtCase.account_id)
            .join(Premise, Premise.id == Account.premise_id)
            .join(Building, Building.id == Premise.building_id)
            .where(CourtCase.stage != CaseStage.CLOSED,
                   CourtCase.next_action_on <= on + timedelta(days=days),
                   _in_scope(actor))
            .order_by(CourtCase.next_action_on, CourtCase.id)).all()
    return [CaseAction(cid, number, address_line(street, house, flat, kind),
                       CASE_STAGE[stage], when, what or "", when < on)
            for cid, number, street, house, flat, kind, stage, when, what in rows
            if when is not None]
