"""SQLAlchemy 2 typed ORM tables, one module per aggregate. Importing this registers them all."""

from app.models.accounts import (
    Account,
    AccountList,
    AccountListMember,
    AccountNote,
    AccountSearchToken,
    AccountService,
)
from app.models.audit import AppMeta, AuditEntry
from app.models.base import Base
from app.models.cashdesk import (
    CashMove,
    CashShift,
    FiscalDocument,
    Payment,
    PaymentRegistry,
    SupplierTransfer,
)
from app.models.debtors import (
    AgreementInstalment,
    CourtCase,
    CourtCaseEvent,
    DebtNotice,
    RepaymentAgreement,
)
from app.models.documents import CertificateIssue
from app.models.housing import Building, Premise
from app.models.ledger import BalanceSnapshot, BillingPeriod, BillingRun, Operation, PenaltyState
from app.models.meters import Meter, Reading
from app.models.orgs import Contract, Organization
from app.models.penalties import PenaltyRule
from app.models.people import Absence, Ownership, Person, RecalcRequest, Registration
from app.models.recalc import Claim, UnderSupplyAct
from app.models.tariffs import KeyRate, Norm, RuleParameter, Service, Tariff
from app.models.users import CustomRole, CustomRoleRight, User, UserRole, UserScope

__all__ = [
    "Absence",
    "Account",
    "AccountList",
    "AccountListMember",
    "AccountNote",
    "AccountSearchToken",
    "AccountService",
    "AgreementInstalment",
    "AppMeta",
    "AuditEntry",
    "BalanceSnapshot",
    "Base",
    "BillingPeriod",
    "BillingRun",
    "Building",
    "CashMove",
    "CashShift",
    "CertificateIssue",
    "Claim",
    "Contract",
    "CourtCase",
    "CourtCaseEvent",
    "CustomRole",
    "CustomRoleRight",
    "DebtNotice",
    "FiscalDocument",
    "KeyRate",
    "Meter",
    "Norm",
    "Operation",
    "Organization",
    "Ownership",
    "Payment",
    "PaymentRegistry",
    "PenaltyRule",
    "PenaltyState",
    "Person",
    "Premise",
    "Reading",
    "RecalcRequest",
    "Registration",
    "RepaymentAgreement",
    "RuleParameter",
    "Service",
    "SupplierTransfer",
    "Tariff",
    "UnderSupplyAct",
    "User",
    "UserRole",
    "UserScope",
]
