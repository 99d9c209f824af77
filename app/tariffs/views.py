"""Plain data the tariff use cases take and return: what the UI shows and the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from app.titles import NORM_KIND, TARIFF_ZONE


class Scope(StrEnum):
    """Where a tariff applies; the most specific one wins (account list > building > supplier >
    everywhere). Norms know only everywhere and building."""

    EVERYWHERE = "everywhere"
    SUPPLIER = "supplier"
    BUILDING = "building"
    ACCOUNT_LIST = "account_list"




@dataclass(frozen=True)
class ServiceChoice:
    id: int
    code: str
    name: str
    unit: str
    zones: int
    norm_base: str | None  # None: the service has no norm


@dataclass(frozen=True)
class ScopeChoice:
    scope: Scope
    id: int
    title: str


@dataclass(frozen=True)
class TariffRow:
    id: int
    version: int
    service_code: str
    service_name: str
    unit: str
    scope: Scope
    scope_id: int | None
    scope_title: str  # "везде", "дом г. Тестов, ул. Ленина, д. 5", "список «…» (3 сч.)"
    zone: int
    value: Decimal  # ₽ per unit
    date_from: date
    date_to: date | None  # inclusive; None = until further notice

    @property
    def zone_title(self) -> str:
        return TARIFF_ZONE.get(self.zone, str(self.zone))


@dataclass(frozen=True)
class NormRow:
    id: int
    version: int
    service_code: str
    service_name: str
    unit: str  # "м³/чел", "Гкал/м²"
    scope: Scope
    scope_id: int | None
    scope_title: str
    kind: str  # individual / common_needs
    value: Decimal
    date_from: date
    date_to: date | None

    @property
    def kind_title(self) -> str:
        return NORM_KIND.get(self.kind, self.kind)


@dataclass(frozen=True)
class TariffInput:
    """A tariff as the operator entered it; `id` None creates a new one."""

    service_code: str
    value: Decimal
    date_from: date
    date_to: date | None = None
    scope: Scope = Scope.EVERYWHERE
    scope_id: int | None = None  # supplier, building or account list id
    zone: int = 0
    id: int | None = None


@dataclass(frozen=True)
class NormInput:
    service_code: str
    value: Decimal
    date_from: date
    date_to: date | None = None
    scope: Scope = Scope.EVERYWHERE  # or BUILDING
    scope_id: int | None = None
    kind: str = "individual"
    id: int | None = None


@dataclass(frozen=True)
class AccountFilter:
    """Which accounts a mass change touches; the given criteria are combined with AND."""

    company_id: int | None = None
    building_id: int | None = None
    numbers: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return self.company_id is None and self.building_id is None and not self.numbers


@dataclass(frozen=True)
class MassChangeResult:
    list_id: int
    list_name: str
    list_reused: bool
    accounts: int
    tariff_id: int
    closed_tariff_ids: tuple[int, ...]  # list tariffs of these accounts ended the day before
    skipped: tuple[str, ...]  # numbers named in the filter without the service connected

    def summary(self) -> str:
        text = (f"Индивидуальный тариф для {self.accounts} сч. (список «{self.list_name}»"
                f"{', прежний' if self.list_reused else ''})")
        if self.skipped:
            text += f"; без этой услуги, пропущены: {', '.join(self.skipped)}"
        return text
