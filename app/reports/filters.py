"""What a report covers: a range of periods and a filter, checked against the database so a
filter naming nothing is refused instead of giving an empty report."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.accounts.scope import scope_condition
from app.calc.account_number import check_account_number
from app.calc.period import Period
from app.errors import DomainError, NotFound
from app.models import Account, Building, Operation, Organization, Premise, Service
from app.rights import Actor


@dataclass(frozen=True)
class ReportFilter:
    period_from: Period
    period_to: Period
    company_id: int | None = None
    supplier_id: int | None = None
    service_code: str | None = None
    building_id: int | None = None
    account_number: str | None = None

    def describe(self) -> str:
        span = (self.period_from.title() if self.period_from == self.period_to
                else f"{self.period_from.title()} — {self.period_to.title()}")
        return span


def check_filter(s: Session, f: ReportFilter) -> None:
    """Refuse a reversed range and a filter that names something that does not exist."""
    if f.period_to < f.period_from:
        raise DomainError(f"Конец диапазона ({f.period_to.title()}) раньше начала "
                          f"({f.period_from.title()})")
    if f.company_id is not None and s.get(Organization, f.company_id) is None:
        raise NotFound(f"Нет организации с кодом {f.company_id}")
    if f.supplier_id is not None and s.get(Organization, f.supplier_id) is None:
        raise NotFound(f"Нет поставщика с кодом {f.supplier_id}")
    if f.building_id is not None and s.get(Building, f.building_id) is None:
        raise NotFound(f"Нет дома с кодом {f.building_id}")
    if f.service_code is not None and s.scalar(
            select(Service.id).where(Service.code == f.service_code)) is None:
        raise NotFound(f"Нет услуги «{f.service_code}»")
    if f.account_number is not None:
        try:
            number = check_account_number(f.account_number)
        except ValueError as exc:
            raise DomainError(str(exc)) from None
        if s.scalar(select(Account.id).where(Account.number == number)) is None:
            raise NotFound(f"Лицевой счёт {number} не найден")


def apply_filter(q: Select, f: ReportFilter, actor: Actor) -> Select:
    """Narrow a query over `operation` (already joined to account, premise and building when
    the filter or the scope needs them) to the filter and to what the actor may see."""
    if f.company_id is not None:
        q = q.where(Operation.company_id == f.company_id)
    if f.supplier_id is not None:
        q = q.where(Operation.supplier_id == f.supplier_id)
    if f.service_code is not None:
        q = q.where(Operation.service_id == select(Service.id)
                    .where(Service.code == f.service_code).scalar_subquery())
    if f.building_id is not None:
        q = q.where(Premise.building_id == f.building_id)
    if f.account_number is not None:
        q = q.where(Account.number == check_account_number(f.account_number))
    if (in_scope := scope_condition(actor)) is not None:
        q = q.where(in_scope)
    return q


def joined_operations(*columns: object) -> Select:
    """`operation` joined to its account, premise and building: every report starts here."""
    return (select(*columns)  # type: ignore[call-overload]
            .select_from(Operation)
            .join(Account, Account.id == Operation.account_id)
            .join(Premise, Premise.id == Account.premise_id)
            .join(Building, Building.id == Premise.building_id))


FILTER_TITLES = {"company_id": "компании", "supplier_id": "поставщику", "service_code": "услуге",
                 "building_id": "дому", "account_number": "лицевому счёту"}


def refuse_filters(f: ReportFilter, report: str, *names: str) -> None:
    """A report that cannot be narrowed by some filter says so instead of ignoring it."""
    for name in names:
        if getattr(f, name) is not None:
            raise DomainError(f"Отчёт «{report}» не отбирается по {FILTER_TITLES[name]}")
