"""ПП 354 п. 117–118: before a service is limited or suspended for debt (and so before the warning
that says it will be), the consumer's debt for that service must exceed two monthly charges for
it computed by the norm — whatever meter the account has. The norm charge is n × N × T on the
day: n the residents registered (where nobody is, the owners — п. 56(2)), N the individual norm,
T the tariff of the account's supplier (the single-rate one; the first zone's for a multi-zone
tariff), without the raising coefficient (п. 118 speaks of the norm itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.billing.prices import Prices
from app.calc.debt import limitation_threshold
from app.calc.money import format_rub
from app.calc.period import Period
from app.errors import DomainError
from app.models import (
    Account,
    AccountService,
    Operation,
    Ownership,
    Premise,
    Registration,
    Service,
)
from app.models.enums import NormBase

# never limited or suspended for debt (п. 119): heating; cold water in apartment buildings
NEVER_LIMITED = {"heating": "отопление", "cold_water": "холодное водоснабжение"}


@dataclass(frozen=True)
class LimitationCheck:
    account: str
    service_code: str
    service_name: str
    debt: int  # kopecks owed for the service
    residents: Decimal
    norm: Decimal
    tariff: Decimal  # roubles per unit
    threshold: int  # kopecks: two monthly charges by the norm

    @property
    def allowed(self) -> bool:
        return self.debt > self.threshold

    def text(self) -> str:
        sign = "превышает" if self.allowed else "не превышает"
        return (f"Долг по услуге «{self.service_name}» {format_rub(self.debt)} {sign} "
                f"двух месячных размеров платы по нормативу {format_rub(self.threshold)} "
                f"(2 × {_num(self.residents)} чел. × {_num(self.norm)} × "
                f"{_price(self.tariff)} ₽; ПП РФ № 354 п. 117, 118)")

    def refusal(self) -> str:
        return (f"Лицевой счёт {self.account}: предупреждать об ограничении услуги "
                f"«{self.service_name}» нельзя. {self.text()}")


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _price(value: Decimal) -> str:
    """«210,40»: kopecks always shown; more places only where the tariff has them."""
    cents = value.quantize(Decimal("0.01"))
    return _num(value) if cents != value else f"{cents:f}".replace(".", ",")


def _in_force(col_from: Any, col_to: Any, on: date) -> ColumnElement[bool]:
    return and_(col_from <= on, or_(col_to.is_(None), col_to >= on))


def _people(s: Session, account: Account, on: date) -> int:
    """Residents registered on `on` (a registration naming another room's account does not
    count); where nobody is, the owners."""
    models: tuple[Any, ...] = (Registration, Ownership)
    for model in models:
        n = s.scalar(select(func.count()).select_from(model).where(
            model.premise_id == account.premise_id,
            or_(model.account_id.is_(None), model.account_id == account.id),
            _in_force(model.date_from, model.date_to, on)))
        if n:
            return int(n)
    return 0


def check_limitation(s: Session, account: Account, service_code: str, on: date,
                     open_period: Period) -> LimitationCheck:
    """The п. 117 test of one account's service on `on`; a service that has no norm per person,
    is not connected or has no tariff is refused with the reason."""
    if service_code in NEVER_LIMITED:
        raise DomainError(f"За долг не ограничивают и не приостанавливают "
                          f"{NEVER_LIMITED[service_code]} (ПП 354 п. 119)")
    svc = s.execute(select(Service.id, Service.name, Service.norm_base)
                    .where(Service.code == service_code)).one_or_none()
    if svc is None:
        raise DomainError(f"Нет услуги с кодом «{service_code}»")
    service_id, name, norm_base = svc
    if norm_base != NormBase.PER_PERSON:
        raise DomainError(f"Услуга «{name}» не рассчитывается по нормативу на человека: "
                          f"ограничение за долг по ПП 354 п. 117 к ней не применяется")
    supplier = s.scalar(select(AccountService.supplier_id).where(
        AccountService.account_id == account.id, AccountService.service_id == service_id,
        _in_force(AccountService.date_from, AccountService.date_to, on)))
    if supplier is None:
        raise DomainError(f"Лицевой счёт {account.number}: услуга «{name}» не подключена "
                          f"на {on:%d.%m.%Y}")
    building_id = s.scalar(select(Premise.building_id).where(Premise.id == account.premise_id))
    assert building_id is not None
    prices = Prices(s, Period.of(on))
    norm_line = prices.norm(service_id, building_id)
    norm = norm_line.at(on) if norm_line is not None else None
    zones = prices.tariffs(service_id, supplier, building_id,
                           prices.account_lists(s, [account.id]).get(account.id, frozenset()))
    tariff = next((t for z in sorted(zones) if (t := zones[z].at(on)) is not None), None)
    if norm is None or tariff is None:
        missing = "норматива" if norm is None else "тарифа"
        raise DomainError(f"Для услуги «{name}» нет {missing} на {on:%d.%m.%Y}: "
                          f"порог ПП 354 п. 117 не рассчитать")
    debt = int(s.scalar(select(func.coalesce(func.sum(Operation.amount), 0)).where(
        Operation.account_id == account.id, Operation.service_id == service_id,
        Operation.period <= open_period.code)) or 0)
    residents = Decimal(_people(s, account, on))
    return LimitationCheck(account.number, service_code, name, debt, residents, norm, tariff,
                           limitation_threshold(residents, norm, tariff))
