"""Vocabularies stored as strings (readable in SQL, no native ENUM types to migrate)."""

from __future__ import annotations

from enum import StrEnum

# How a service is charged: the engine's own enumeration, so what is stored is what the engine
# knows (every value is registered in app.calc.methods; tests/calc/test_methods.py ties them)
from app.calc.inputs import Method

CalcMethod = Method


class OrgKind(StrEnum):
    MANAGEMENT_COMPANY = "management_company"  # УК, ТСЖ, ЖСК
    SUPPLIER = "supplier"  # РСО
    SETTLEMENT_CENTRE = "settlement_centre"  # РКЦ, ЕРЦ
    BANK = "bank"
    PAYMENT_AGENT = "payment_agent"  # платёжный агент: принимает платежи за поставщиков
    OTHER = "other"


class ContractKind(StrEnum):
    TWO_PARTY = "two_party"
    THREE_PARTY = "three_party"


class HeatingType(StrEnum):
    CENTRAL_METERED = "central_metered"  # с ОДПУ тепла
    CENTRAL_UNMETERED = "central_unmetered"
    INDIVIDUAL = "individual"  # поквартирное/крышная котельная — отопление не начисляется


class HeatingMode(StrEnum):
    SEASON = "season"
    EVEN = "even"  # равномерно в течение года


class PremiseKind(StrEnum):
    FLAT = "flat"
    NON_RESIDENTIAL = "non_residential"


class AccountStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class RegistrationKind(StrEnum):
    PERMANENT = "permanent"  # по месту жительства
    TEMPORARY = "temporary"  # по месту пребывания


class Resource(StrEnum):
    COLD_WATER = "cold_water"
    HOT_WATER = "hot_water"
    ELECTRICITY = "electricity"
    GAS = "gas"
    HEAT = "heat"
    SEWERAGE = "sewerage"


class NormBase(StrEnum):
    PER_PERSON = "per_person"
    PER_M2 = "per_m2"  # отопление, ОДН


class PenaltyKind(StrEnum):
    HOUSING = "housing"  # ЖК ст. 155 ч. 14
    CAPITAL_REPAIR = "capital_repair"  # ч. 14.1


class MeterKind(StrEnum):
    INDIVIDUAL = "individual"  # ИПУ
    COMMON_APARTMENT = "common_apartment"  # общеквартирный
    BUILDING = "building"  # ОДПУ


class MeterStatus(StrEnum):
    ACTIVE = "active"
    REPLACED = "replaced"
    REMOVED = "removed"


class ReadingSource(StrEnum):
    OPERATOR = "operator"
    IMPORT = "import"
    CONSUMER = "consumer"
    CONTROLLER = "controller"


class ReadingKind(StrEnum):
    REGULAR = "regular"
    INITIAL = "initial"  # новый прибор при установке/замене
    FINAL = "final"  # снятый прибор


class PeriodStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class OperationKind(StrEnum):
    OPENING_BALANCE = "opening_balance"
    CHARGE = "charge"
    RECALCULATION = "recalculation"
    PENALTY = "penalty"
    PAYMENT = "payment"
    CORRECTION = "correction"
    BALANCE_TRANSFER = "balance_transfer"


class RunStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class PaymentChannel(StrEnum):
    CASH = "cash"
    CARD = "card"
    BANK = "bank"  # реестр банка/агента


class PaymentStatus(StrEnum):
    POSTED = "posted"
    CANCELLED = "cancelled"


class ShiftStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class AgreementStatus(StrEnum):
    ACTIVE = "active"  # being kept
    BROKEN = "broken"  # an instalment missed: the account is a debtor again
    FINISHED = "finished"  # paid in full
    CANCELLED = "cancelled"


class CaseStage(StrEnum):
    """Претензионно-исковая работа, in the order a case goes."""

    CLAIM_LETTER = "claim_letter"  # претензия
    COURT_ORDER = "court_order"  # судебный приказ
    LAWSUIT = "lawsuit"  # иск
    ENFORCEMENT = "enforcement"  # исполнительное производство
    CLOSED = "closed"


class NoticeKind(StrEnum):
    DEBT_NOTICE = "debt_notice"  # уведомление о задолженности
    LIMITATION_WARNING = "limitation_warning"  # предупреждение об ограничении/приостановлении


class DeliveryWay(StrEnum):
    IN_PERSON = "in_person"
    POST = "post"
    EPD = "epd"  # в платёжном документе
    MESSENGER = "messenger"  # мессенджер / e-mail


class PaymentKind(StrEnum):
    PAYMENT = "payment"
    REFUND = "refund"  # возврат прихода, after the shift of the payment


class CashMoveKind(StrEnum):
    CASH_IN = "in"  # внесение
    CASH_OUT = "out"  # выплата, инкассация


class FiscalKind(StrEnum):
    INCOME = "income"  # приход
    INCOME_RETURN = "income_return"  # возврат прихода
    SHIFT_OPEN = "shift_open"
    SHIFT_CLOSE = "shift_close"


class FiscalStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
