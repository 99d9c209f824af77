"""Each account's debt from the ledger: the balance, the unpaid part of each month (newest
accruals first, `app.calc.debt`), its age and the months whose limitation period ends soon."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.scope import scope_condition
from app.accounts.text import address_line
from app.calc.debt import PeriodDebt, age_bucket, limitation_ends, months_in_debt, unpaid_by_period
from app.calc.period import Period
from app.models import Account, Building, Operation, Premise, Service
from app.models.enums import OperationKind as K
from app.penalties.calculate import PenaltyDebtLine
from app.penalties.rules import RuleBook, load_rules
from app.rights import Actor

NEAR_LIMITATION_DAYS = 90


@dataclass(frozen=True)
class AccountDebt:
    account_id: int
    number: str
    payer: str
    address: str
    building_id: int
    company_id: int | None
    debt: int  # kopecks, the balance
    months: int  # since the oldest unpaid month
    age: str  # «3–6 месяцев»
    by_period: tuple[PeriodDebt, ...]
    past_limitation: int  # kopecks of months whose limitation period has ended
    near_limitation: int  # kopecks of months whose limitation ends within 90 days


def account_debts(s: Session, actor: Actor, open_period: Period, on: date, *,
                  company_id: int | None = None, building_id: int | None = None,
                  service_code: str | None = None, account_ids: Iterable[int] | None = None,
                  rules: RuleBook | None = None) -> list[AccountDebt]:
    """Every account with a positive balance through the open period, within the filter; each
    month's limitation counts from its due date by the rules stored for penalties (the
    company's own due day where its contract sets one)."""
    base = (select(Operation.account_id)
            .join(Account, Account.id == Operation.account_id)
            .join(Premise, Premise.id == Account.premise_id)
            .join(Building, Building.id == Premise.building_id)
            .where(Operation.period <= open_period.code))
    if company_id is not None:
        base = base.where(Operation.company_id == company_id)
    if building_id is not None:
        base = base.where(Premise.building_id == building_id)
    if service_code is not None:
        base = base.where(Operation.service_id == select(Service.id).where(
            Service.code == service_code).scalar_subquery())
    if account_ids is not None:
        base = base.where(Operation.account_id.in_(list(account_ids)))
    if (in_scope := scope_condition(actor)) is not None:
        base = base.where(in_scope)
    balances: dict[int, int] = dict(s.execute(base.add_columns(func.sum(Operation.amount))
                              .group_by(Operation.account_id)
                              .having(func.sum(Operation.amount) > 0)).all())
    if not balances:
        return []
    accrued: dict[int, list[tuple[Period, int]]] = defaultdict(list)
    for account, period, amount in s.execute(
            base.add_columns(Operation.period, func.sum(Operation.amount))
            .where(Operation.kind != K.PAYMENT.value,
                   Operation.account_id.in_(list(balances)))
            .group_by(Operation.account_id, Operation.period)):
        accrued[account].append((Period.from_code(period), int(amount)))
    info = s.execute(
        select(Account.id, Account.number, Account.payer_name, Building.street, Building.house,
               Premise.number, Premise.kind, Building.id, Building.company_id)
        .join(Premise, Premise.id == Account.premise_id)
        .join(Building, Building.id == Premise.building_id)
        .where(Account.id.in_(list(balances)))).all()
    book = rules or load_rules(s)
    out = []
    for aid, number, payer, street, house, flat, kind, bid, cid in info:
        by_period = tuple(unpaid_by_period(int(balances[aid]), accrued[aid]))
        months = months_in_debt(by_period, open_period)
        past = near = 0
        for part in by_period:
            if part.period is None:  # older than any accrual known: its age is unknown
                continue
            ends = limitation_ends(book.due(part.period, cid))
            if ends < on:
                past += part.amount
            elif ends <= on + timedelta(days=NEAR_LIMITATION_DAYS):
                near += part.amount
        out.append(AccountDebt(aid, number, payer or "", address_line(street, house, flat, kind),
                               bid, cid, int(balances[aid]), months, age_bucket(months),
                               by_period, past, near))
    return out


@dataclass(frozen=True)
class MonthDebt:
    period: Period | None  # None: older than any accrual known
    debt: int
    due: date | None
    penalty: int
    limitation_ends: date | None

    def limitation_state(self, on: date, near_days: int = 90) -> str:
        if self.limitation_ends is None:
            return ""
        if self.limitation_ends < on:
            return "истёк"
        if (self.limitation_ends - on).days <= near_days:
            return "истекает"
        return ""


def debt_by_month(by_period: Iterable[PeriodDebt], penalty: Iterable[PenaltyDebtLine],
                  due_of: Callable[[Period], date]) -> list[MonthDebt]:
    """Each month's unpaid part beside its penalty, oldest first. The penalty follows the
    payments as their documents named the months, so a month may carry a penalty and no
    unpaid part (or the reverse): every month of either is a row, and each column sums to its
    total."""
    debt = {p.period: p.amount for p in by_period}
    fine: dict[Period, int] = defaultdict(int)
    for line in penalty:
        fine[line.period] += line.amount
    older = [None] if None in debt else []
    out = []
    for period in [*older, *sorted({p for p in debt if p is not None} | set(fine))]:
        due = due_of(period) if period is not None else None
        out.append(MonthDebt(period, debt.get(period, 0), due,
                             fine.get(period, 0) if period is not None else 0,
                             limitation_ends(due) if due else None))
    return out
