"""What a payment document (ЕПД, Приказ Минстроя №43/пр) shows: plain data, no database.

The application layer (`app.documents.epd`) fills these from the ledger and the reference
tables; the renderer (`app.print.epd`) only draws them. Money is int kopecks, quantities exact
Decimals; both barcode payloads arrive already composed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Party:
    """An organisation as a document names it: requisites and contacts."""

    name: str  # short, as the document shows it: ООО «УК «Заречье»
    inn: str
    full_name: str = ""  # as registered, for the footer; empty = the short one
    kpp: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    dispatcher_phone: str | None = None
    bank_name: str | None = None
    bik: str | None = None
    settlement_account: str | None = None
    corr_account: str | None = None


@dataclass(frozen=True, slots=True)
class PayeeShare:
    """One payee's part of the document: its services and the amount due to it."""

    party: Party
    services: tuple[str, ...]
    amount: int  # kopecks due to this payee (closing balance of its services)


@dataclass(frozen=True, slots=True)
class ServiceLine:
    service: str
    unit: str
    volume: Decimal | None  # individual consumption (or area, persons)
    common_volume: Decimal | None  # common-house needs
    tariff: tuple[Decimal, ...]  # one, or one per zone / part of the month
    charged: int
    recalculated: int
    penalty: int
    paid: int
    closing: int

    @property
    def total(self) -> int:
        """What this month adds: charged + recalculations + penalties."""
        return self.charged + self.recalculated + self.penalty


@dataclass(frozen=True, slots=True)
class Recalculation:
    service: str
    period_title: str  # the corrected month, "август 2026"
    amount: int
    reason: str


@dataclass(frozen=True, slots=True)
class MeterLine:
    service: str
    serial: str
    zone: str  # "" single-rate, "T1", "T2"…
    previous: Decimal | None
    current: Decimal | None
    volume: Decimal | None


@dataclass(frozen=True, slots=True)
class Payment:
    paid_on: date
    amount: int  # kopecks received


@dataclass(frozen=True, slots=True)
class Reference:
    """Reference data: the building's areas, its meters (ОДПУ) and the norms the month used."""

    building_area: Decimal | None
    premises_area: Decimal | None
    common_area: Decimal | None
    norms: tuple[tuple[str, Decimal, str], ...]  # service, norm, unit
    # service, the building meter's volume, Σ of the premises' volumes, unit
    building_meters: tuple[tuple[str, Decimal, Decimal, str], ...] = ()


@dataclass(frozen=True, slots=True)
class InstalmentInfo:
    """A repayment agreement (рассрочка) in force: what its schedule asks next."""

    number: str
    signed_on: date
    debt: int  # kopecks the agreement covers
    next_due: date | None  # the first instalment after the period, None = schedule over
    next_amount: int
    remaining: int  # the schedule's instalments after the period, the next one included


@dataclass(frozen=True, slots=True)
class EpdDocument:
    period_title: str  # "сентябрь 2026"
    period_code: int  # 202609
    account_number: str
    payer_name: str
    address: str  # full postal address
    total_area: Decimal
    living_area: Decimal | None
    account_area: Decimal
    residents: int
    company: Party  # the management company: contacts, dispatcher
    collector: Party  # who the QR pays (the settlement centre as agent, or the company)
    payees: tuple[PayeeShare, ...]
    lines: tuple[ServiceLine, ...]
    recalculations: tuple[Recalculation, ...]
    meters: tuple[MeterLine, ...]
    payments: tuple[Payment, ...]
    reference: Reference
    opening: int  # debt (+) or advance (−) at the start of the month
    charged: int
    recalculated: int
    penalty: int
    paid: int
    corrected: int
    closing: int
    pay_by: date | None
    qr_payload: str  # GOST R 56042-2014 text
    qr_data: bytes  # the same, encoded as its header says
    desk_code: str  # the desk's Code128 digits
    instalment: InstalmentInfo | None = None

    @property
    def to_pay(self) -> int:
        return max(self.closing, 0)
