"""Plain data the account use cases return: what the UI shows and `--json` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class AccountHit:
    account_id: int
    number: str
    payer_name: str
    address: str  # "ул. Ленина, д. 5, кв. 12"
    status: str  # AccountStatus value


@dataclass(frozen=True)
class CardGeneral:
    account_id: int
    number: str
    status: str
    opened_on: date
    closed_on: date | None
    payer_name: str
    address: str
    city: str
    street: str
    house: str
    premise_number: str
    premise_kind: str
    total_area: Decimal
    living_area: Decimal | None
    account_area: Decimal  # the account's own area (a part of a communal flat) or the premise's
    rooms: int | None
    company_name: str | None
    residents_count: int


@dataclass(frozen=True)
class ResidentRow:
    person_id: int
    full_name: str
    birth_date: date | None
    kind: str  # RegistrationKind value
    date_from: date
    date_to: date | None
    relation: str | None


@dataclass(frozen=True)
class OwnerRow:
    name: str
    share: str  # "1/2"
    date_from: date
    date_to: date | None


@dataclass(frozen=True)
class MeterRow:
    meter_id: int
    resource: str
    service_name: str | None
    serial: str
    zones: int
    next_verification: date | None
    status: str
    last_period: int | None
    last_taken_on: date | None
    last_values: tuple[Decimal, ...]  # one per zone


@dataclass(frozen=True)
class ServiceRow:
    service_id: int
    code: str
    name: str
    supplier_name: str
    method: str
    date_from: date
    date_to: date | None


@dataclass(frozen=True)
class BalanceRow:
    period: int
    service_id: int
    service_code: str
    service_name: str
    supplier_id: int
    supplier_name: str
    opening: int
    charged: int
    recalculated: int
    penalty: int
    paid: int
    corrected: int
    closing: int


@dataclass(frozen=True)
class OperationRow:
    operation_id: int
    op_date: date
    period: int
    ref_period: int | None
    kind: str
    service_name: str
    supplier_name: str | None
    amount: int
    cause: str | None
    explanation: str | None  # "почему столько", from the operation's basis


@dataclass(frozen=True)
class NoteRow:
    note_id: int
    created_at: datetime
    author: str
    text: str


@dataclass(frozen=True)
class AccountCard:
    general: CardGeneral
    residents: list[ResidentRow] = field(default_factory=list)
    owners: list[OwnerRow] = field(default_factory=list)
    services: list[ServiceRow] = field(default_factory=list)
    meters: list[MeterRow] = field(default_factory=list)
    balances: list[BalanceRow] = field(default_factory=list)
    operations: list[OperationRow] = field(default_factory=list)
    notes: list[NoteRow] = field(default_factory=list)
    debt: int = 0  # closing balance of the latest period, all services
