"""The analytics dashboard's figures, assembled outside the window: charged and collected by
month with the collection rate, the debt by age (each unpaid month's part in its bucket, by the
debtors' own rule: `app.calc.debt` through `app.debtors.debts.account_debts`) and the buildings
that owe most. Kopecks and exact Decimals; the window only draws them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from app.accounts.scope import visible_account
from app.calc.debt import AGE_BUCKETS, age_bucket, months_between
from app.calc.period import Period
from app.db import Database
from app.debtors.debts import account_debts
from app.models import Building, Operation
from app.models.enums import OperationKind as K
from app.reports.filters import ReportFilter, apply_filter, check_filter, joined_operations
from app.rights import Actor, Right

TOP_BUILDINGS = 10


@dataclass(frozen=True)
class MonthFlow:
    period: Period
    charged: int  # charges and recalculations, kopecks
    collected: int  # payments received

    @property
    def rate(self) -> Decimal | None:
        """Collected as a share of charged, percent to 0.1; None when nothing was charged."""
        if self.charged <= 0:
            return None
        return (Decimal(self.collected * 100) / self.charged).quantize(Decimal("0.1"),
                                                                       ROUND_HALF_UP)


@dataclass(frozen=True)
class Dashboard:
    subtitle: str
    months: list[MonthFlow]
    ages: list[tuple[str, int]]  # bucket title, kopecks — the buckets in order, zeros kept
    buildings: list[tuple[str, int]]  # address, kopecks — the most first
    debt: int  # the accounts' debts (advances not netted against them)
    debtors: int  # accounts with a debt

    @property
    def charged(self) -> int:
        return sum(m.charged for m in self.months)

    @property
    def collected(self) -> int:
        return sum(m.collected for m in self.months)

    @property
    def rate(self) -> Decimal | None:
        return MonthFlow(self.months[0].period if self.months else Period(2000, 1),
                         self.charged, self.collected).rate


def dashboard(db: Database, actor: Actor, f: ReportFilter) -> Dashboard:
    actor.require(Right.REPORTS)
    charged_kinds = (K.CHARGE.value, K.RECALCULATION.value)
    with db.session() as s:
        check_filter(s, f)
        q = joined_operations(Operation.period, Operation.kind, func.sum(Operation.amount))
        q = apply_filter(q, f, actor).where(
            Operation.period.between(f.period_from.code, f.period_to.code),
            Operation.kind.in_([*charged_kinds, K.PAYMENT.value]))
        flows: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for period, kind, amount in s.execute(q.group_by(Operation.period, Operation.kind)):
            if kind == K.PAYMENT.value:
                flows[period][1] -= int(amount)
            else:
                flows[period][0] += int(amount)
        ids = None
        if f.account_number is not None:
            ids = [visible_account(s, actor, f.account_number)[0].id]
        debts = account_debts(s, actor, f.period_to, f.period_to.last_day,
                              company_id=f.company_id, building_id=f.building_id,
                              service_code=f.service_code, account_ids=ids)
        addresses = {bid: f"{street}, д. {house}" for bid, street, house in s.execute(
            select(Building.id, Building.street, Building.house)
            .where(Building.id.in_({d.building_id for d in debts})))}
    months = []
    period = f.period_from
    while period <= f.period_to:
        charged, collected = flows.get(period.code, [0, 0])
        months.append(MonthFlow(period, charged, collected))
        period = period.next()
    ages = dict.fromkeys((title for _lo, _hi, title in AGE_BUCKETS), 0)
    by_building: dict[int, int] = defaultdict(int)
    for d in debts:
        known = [p.period for p in d.by_period if p.period is not None]
        for part in d.by_period:
            if part.period is not None:
                months_old = months_between(part.period, f.period_to)
            else:  # older than any accrual known
                months_old = months_between(known[0], f.period_to) + 1 if known else 12
            ages[age_bucket(months_old)] += part.amount
        by_building[d.building_id] += d.debt
    top = sorted(by_building.items(), key=lambda item: (-item[1], addresses.get(item[0], "")))
    return Dashboard(subtitle=f.describe(), months=months, ages=list(ages.items()),
                     buildings=[(addresses.get(b, f"дом №{b}"), v)
                                for b, v in top[:TOP_BUILDINGS]],
                     debt=sum(d.debt for d in debts), debtors=len(debts))
