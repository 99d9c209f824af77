"""Debtor lists by criteria: how much, how long, where, which service — leaving out accounts
whose repayment agreement is being kept — with each account's agreement and court stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.calc.money import format_rub
from app.db import Database
from app.debtors.agreements import kept_agreement_accounts
from app.debtors.debts import AccountDebt, account_debts
from app.errors import DomainError
from app.ledger.periods import open_period
from app.models import CourtCase
from app.models.enums import CaseStage
from app.reports.table import Cell, Column, ReportTable
from app.rights import Actor, Right
from app.titles import CASE_STAGE


@dataclass(frozen=True)
class DebtorCriteria:
    min_debt: int = 0  # kopecks
    min_months: int = 0
    company_id: int | None = None
    building_id: int | None = None
    service_code: str | None = None
    with_agreements: bool = False  # include accounts keeping an agreement


@dataclass(frozen=True)
class Debtor:
    debt: AccountDebt
    case_stage: str | None = None
    notes: list[str] = field(default_factory=list)


def debtor_list(db: Database, actor: Actor, criteria: DebtorCriteria, on: date) -> list[Debtor]:
    """Debtors by the criteria on `on`, the largest debt first."""
    actor.require(Right.DEBTORS)
    if criteria.min_debt < 0 or criteria.min_months < 0:
        raise DomainError("Сумма и число месяцев долга не могут быть отрицательными")
    with db.session() as s:
        debts = account_debts(s, actor, open_period(s), on, company_id=criteria.company_id,
                              building_id=criteria.building_id,
                              service_code=criteria.service_code)
        kept = set() if criteria.with_agreements else kept_agreement_accounts(s, on)
        stages = dict(s.execute(select(CourtCase.account_id, CourtCase.stage)
                                .where(CourtCase.stage != CaseStage.CLOSED)
                                .order_by(CourtCase.opened_on)).all())
    out = []
    for d in debts:
        if d.debt < criteria.min_debt or d.months < criteria.min_months or d.account_id in kept:
            continue
        notes = []
        if d.past_limitation:
            notes.append(f"истёк срок давности: {format_rub(d.past_limitation)}")
        if d.near_limitation:
            notes.append(f"срок давности истекает: {format_rub(d.near_limitation)}")
        stage = stages.get(d.account_id)
        out.append(Debtor(d, CASE_STAGE[stage] if stage else None, notes))
    return sorted(out, key=lambda x: (-x.debt.debt, x.debt.number))


def debtor_table(debtors: list[Debtor], criteria: DebtorCriteria, on: date) -> ReportTable:
    """The list as a report table (screen, XLSX)."""
    columns = (Column("account", "Лицевой счёт", width=13), Column("payer", "Плательщик", width=30),
               Column("address", "Адрес", width=36), Column("debt", "Долг", "money"),
               Column("months", "Месяцев", "int", width=9), Column("age", "Возраст", width=18),
               Column("limitation", "Срок давности", width=40),
               Column("case", "Стадия", width=24))
    rows: list[list[Cell]] = [
        [d.debt.number, d.debt.payer, d.debt.address, d.debt.debt, d.debt.months, d.debt.age,
         "; ".join(d.notes), d.case_stage or ""] for d in debtors]
    filters = []
    if criteria.min_debt:
        filters.append(f"долг от {format_rub(criteria.min_debt)}")
    if criteria.min_months:
        filters.append(f"от {criteria.min_months} мес.")
    if not criteria.with_agreements:
        filters.append("без соблюдаемых соглашений о рассрочке")
    return ReportTable(
        title="Должники", subtitle=f"на {on:%d.%m.%Y}; " + ", ".join(filters),
        columns=columns, rows=rows,
        totals=["Итого", f"должников: {len(rows)}", "", sum(d.debt.debt for d in debtors),
                "", "", "", ""],
        sheet="Должники")
