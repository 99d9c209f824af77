"""What the debtor workspace reads: the choices of a filter, one account's debt by month with
its penalty and limitation dates, its agreements and notices, and the court cases with their
events. Plain data; rights checked here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.accounts.scope import scope_condition, visible_account
from app.accounts.text import address_line, street_key
from app.calc.period import Period
from app.db import Database
from app.debtors.agreements import AgreementView, agreements_of
from app.debtors.debts import MonthDebt, account_debts, debt_by_month
from app.debtors.limitation import NEVER_LIMITED
from app.ledger.periods import open_period
from app.models import (
    Account,
    Building,
    CourtCase,
    CourtCaseEvent,
    DebtNotice,
    Organization,
    Premise,
    Service,
)
from app.models.enums import CaseStage, NormBase, OrgKind
from app.penalties.calculate import penalty_lines, services
from app.penalties.rules import load_rules
from app.rights import Actor, Right
from app.titles import CASE_STAGE, DELIVERY_WAY, NOTICE_KIND


@dataclass(frozen=True)
class DebtorChoices:
    companies: list[tuple[int, str]]
    buildings: list[tuple[int, str]]
    services: list[tuple[str, str]]  # code, name
    limitable: list[tuple[str, str]]  # those a warning may name: by the norm per person, and
    # neither heating nor cold water (ПП 354 п. 117, 119)


def debtor_choices(db: Database, actor: Actor) -> DebtorChoices:
    actor.require(Right.DEBTORS)
    with db.session() as s:
        companies = s.execute(select(Organization.id, Organization.short_name)
                              .where(Organization.kind == OrgKind.MANAGEMENT_COMPANY)
                              .order_by(Organization.short_name)).all()
        q = select(Building.id, Building.street, Building.house)
        if (in_scope := scope_condition(actor)) is not None:
            q = q.where(in_scope)
        buildings = s.execute(q).all()
        svc = s.execute(select(Service.code, Service.name, Service.norm_base)
                        .order_by(Service.sort_order, Service.name)).all()
    return DebtorChoices(
        [(i, n) for i, n in companies],
        [(i, f"{street}, д. {house}") for i, street, house in
         sorted(buildings, key=lambda b: (street_key(b[1]), len(b[2]), b[2]))],
        [(c, n) for c, n, _b in svc],
        [(c, n) for c, n, b in svc if b == NormBase.PER_PERSON and c not in NEVER_LIMITED])


@dataclass(frozen=True)
class NoticeRow:
    id: int
    number: str
    kind: str  # title
    issued_on: date
    debt: int
    penalty: int
    delivered: str  # «12.02.2027, почтой» or ""


@dataclass(frozen=True)
class AccountDebtView:
    account_id: int
    number: str
    payer: str
    address: str
    on: date
    debt: int
    months: int
    age: str
    by_month: tuple[MonthDebt, ...]
    agreements: tuple[AgreementView, ...]
    notices: tuple[NoticeRow, ...]

    @property
    def penalty(self) -> int:
        return sum(m.penalty for m in self.by_month)


def account_debt_view(db: Database, actor: Actor, number: str, on: date) -> AccountDebtView:
    """One account's debt by month (the unpaid part of each, oldest first) with the penalty of
    each month on `on`, its due date and the end of its limitation period."""
    actor.require(Right.DEBTORS)
    with db.session() as s:
        account = visible_account(s, actor, number)[0]
        aid = account.id
        debts = account_debts(s, actor, open_period(s), on, account_ids=[aid])
        book = load_rules(s)
        lines = penalty_lines(s, book, [aid], on, services(s)).get(aid, [])
        company = s.scalar(select(Building.company_id)
                           .join(Premise, Premise.building_id == Building.id)
                           .where(Premise.id == account.premise_id))
        info = s.execute(select(Building.street, Building.house, Premise.number, Premise.kind)
                         .join(Premise, Premise.building_id == Building.id)
                         .where(Premise.id == account.premise_id)).one()
        notices = s.execute(select(DebtNotice).where(DebtNotice.account_id == aid)
                            .order_by(DebtNotice.issued_on.desc(), DebtNotice.id.desc())
                            ).scalars().all()
        notice_rows = tuple(NoticeRow(
            n.id, n.number or f"б/н ({n.id})", NOTICE_KIND.get(n.kind, n.kind), n.issued_on, n.debt,
            n.penalty, (f"{n.delivered_on:%d.%m.%Y}, {DELIVERY_WAY.get(n.delivery_way or '', '')}"
                        if n.delivered_on else "")) for n in notices)
        months = debt_by_month(debts[0].by_period if debts else (), lines,
                               lambda p: book.due(p, company))
        payer, address = account.payer_name or "", address_line(*info)
        acc_number = account.number
    agreements = tuple(agreements_of(db, actor, aid, on))
    d = debts[0] if debts else None
    return AccountDebtView(aid, acc_number, payer, address, on, d.debt if d else 0,
                           d.months if d else 0, d.age if d else "", tuple(months), agreements,
                           notice_rows)


@dataclass(frozen=True)
class CaseEventRow:
    happened_on: date
    stage: str
    text: str
    document: str


@dataclass(frozen=True)
class CaseView:
    id: int
    account: str
    payer: str
    address: str
    stage: CaseStage
    stage_title: str
    opened_on: date
    period_from: Period
    period_to: Period
    debt_claimed: int
    penalty_claimed: int
    state_duty: int
    recovered: int
    court: str
    case_number: str
    next_action_on: date | None
    next_action: str
    events: tuple[CaseEventRow, ...]

    @property
    def claimed(self) -> int:
        return self.debt_claimed + self.penalty_claimed + self.state_duty


def court_cases(db: Database, actor: Actor, stage: CaseStage | None = None,
                open_only: bool = False) -> list[CaseView]:
    """Cases within the user's scope, the newest first; by stage, or the open ones."""
    actor.require(Right.DEBTORS)
    with db.session() as s:
        q = (select(CourtCase, Account.number, Account.payer_name, Building.street,
                    Building.house, Premise.number, Premise.kind)
             .join(Account, Account.id == CourtCase.account_id)
             .join(Premise, Premise.id == Account.premise_id)
             .join(Building, Building.id == Premise.building_id)
             .order_by(CourtCase.opened_on.desc(), CourtCase.id.desc()))
        if stage is not None:
            q = q.where(CourtCase.stage == stage)
        elif open_only:
            q = q.where(CourtCase.stage != CaseStage.CLOSED)
        if (in_scope := scope_condition(actor)) is not None:
            q = q.where(in_scope)
        rows = s.execute(q).all()
        events: dict[int, list[CaseEventRow]] = defaultdict(list)
        ids = [r[0].id for r in rows]
        for e in s.scalars(select(CourtCaseEvent).where(CourtCaseEvent.case_id.in_(ids))
                           .order_by(CourtCaseEvent.happened_on, CourtCaseEvent.id)):
            events[e.case_id].append(CaseEventRow(e.happened_on, CASE_STAGE.get(e.stage, e.stage),
                                                  e.text, e.document or ""))
        return [CaseView(c.id, number, payer or "", address_line(street, house, flat, kind),
                         CaseStage(c.stage), CASE_STAGE[c.stage], c.opened_on,
                         Period.from_code(c.period_from), Period.from_code(c.period_to),
                         c.debt_claimed, c.penalty_claimed, c.state_duty, c.recovered,
                         c.court or "", c.case_number or "", c.next_action_on,
                         c.next_action or "", tuple(events[c.id]))
                for c, number, payer, street, house, flat, kind in rows]

