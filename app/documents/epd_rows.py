"""The rows a batch of payment documents is made of, read in a handful of bulk queries.

One call reads everything for a chunk of accounts of one period — accounts with their premises
and buildings, the period's ledger lines, opening balances, residents, meters named by the
charges' bases, collecting agents and the due day — so a mass print runs a few queries per
hundreds of pages, never a query per page.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.calc.period import Period
from app.models import (
    Account,
    AgreementInstalment,
    Building,
    Contract,
    Meter,
    Operation,
    Organization,
    Premise,
    Registration,
    RepaymentAgreement,
    RuleParameter,
    Service,
)
from app.models.enums import AgreementStatus
from app.models.enums import OperationKind as K
from app.print.epd_data import InstalmentInfo, Party

DUE_DAY = "payment_due_day"


def party_of(org: Organization) -> Party:
    """An organisation as documents name it (short name shown, full name in the footer)."""
    return Party(name=org.short_name or org.name, full_name=org.name, inn=org.inn, kpp=org.kpp,
                 address=org.address, phone=org.phone, email=org.email,
                 dispatcher_phone=org.dispatcher_phone, bank_name=org.bank_name, bik=org.bik,
                 settlement_account=org.settlement_account, corr_account=org.corr_account)


@dataclass(frozen=True, slots=True)
class AccountRow:
    account_id: int
    number: str
    payer_name: str
    area: Decimal | None
    premise_id: int
    premise_number: str
    premise_kind: str
    total_area: Decimal
    living_area: Decimal | None
    building_id: int
    city: str
    street: str
    house: str
    postcode: str | None
    company_id: int | None
    building_area: Decimal
    common_area: Decimal


@dataclass(frozen=True, slots=True)
class OperationRow:
    service_id: int
    supplier_id: int  # 0 = none
    kind: str
    amount: int
    basis: dict[str, Any] | None
    ref_period: int | None
    cause: str | None
    op_date: date


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    code: str
    name: str
    unit: str
    method: str
    norm_base: str | None
    sort_order: int


@dataclass(frozen=True)
class Common:
    """What every document of a period shares — services, organisations, collecting agents,
    the due day: read once for a whole mass print, not per chunk."""

    period: Period
    services: dict[int, ServiceInfo]
    orgs: dict[int, Party]
    agents: dict[int, int]  # company → collecting agent
    due_day: dict[int | None, int]  # company (None = all) → day


def read_common(s: Session, period: Period) -> Common:
    orgs = {o.id: party_of(o) for o in s.scalars(select(Organization))}
    return Common(period, _services(s), orgs, _agents(s, period), _due_days(s, period))


@dataclass
class Batch:
    """Everything read for one chunk of accounts of one period."""

    period: Period
    accounts: list[AccountRow]
    services: dict[int, ServiceInfo]
    orgs: dict[int, Party]
    operations: dict[int, list[OperationRow]] = field(default_factory=dict)
    opening: dict[int, dict[tuple[int, int], int]] = field(default_factory=dict)
    residents: dict[tuple[int, int | None], int] = field(default_factory=dict)
    meter_serials: dict[int, str] = field(default_factory=dict)
    agents: dict[int, int] = field(default_factory=dict)  # company → collecting agent
    due_day: dict[int | None, int] = field(default_factory=dict)  # company (None = all) → day
    instalments: dict[int, InstalmentInfo] = field(default_factory=dict)  # account → agreement

    def residents_of(self, a: AccountRow) -> int:
        return self.residents.get((a.premise_id, None), 0) + self.residents.get(
            (a.premise_id, a.account_id), 0)

    def pay_by(self, company_id: int | None) -> date | None:
        day = self.due_day.get(company_id, self.due_day.get(None))
        if day is None:
            return None
        month = self.period.next()
        return date(month.year, month.month, min(day, month.days))


def read_batch(s: Session, account_ids: Sequence[int], period: Period,
               common: Common | None = None) -> Batch:
    """The rows of these accounts; `common`, when given, is what the period shares (read once
    by the caller for many batches), else it is read here."""
    if common is None or common.period != period:
        common = read_common(s, period)
    batch = Batch(period=period, accounts=_accounts(s, account_ids), services=common.services,
                  orgs=common.orgs, agents=common.agents, due_day=common.due_day)
    ids = [a.account_id for a in batch.accounts]
    if not ids:
        return batch
    _read_operations(s, batch, ids)
    _read_opening(s, batch, ids)
    _read_residents(s, batch, sorted({a.premise_id for a in batch.accounts}))
    _read_instalments(s, batch, ids)
    meter_ids = {r["meter_key"] for ops in batch.operations.values() for o in ops
                 if o.basis for r in o.basis.get("readings", ())
                 if isinstance(r.get("meter_key"), int)}
    if meter_ids:
        batch.meter_serials = dict(s.execute(
            select(Meter.id, Meter.serial).where(Meter.id.in_(sorted(meter_ids)))).all())
    return batch


def _accounts(s: Session, account_ids: Sequence[int]) -> list[AccountRow]:
    rows = s.execute(
        select(Account.id, Account.number, Account.payer_name, Account.area, Premise.id,
               Premise.number, Premise.kind, Premise.total_area, Premise.living_area,
               Building.id, Building.city, Building.street, Building.house, Building.postcode,
               Building.company_id, Building.total_area, Building.common_area)
        .join(Premise, Premise.id == Account.premise_id)
        .join(Building, Building.id == Premise.building_id)
        .where(Account.id.in_(list(account_ids)))
    )
    return [AccountRow(*tuple(r)) for r in rows]


def _services(s: Session) -> dict[int, ServiceInfo]:
    return {
        i: ServiceInfo(code, name, unit, method, base, order)
        for i, code, name, unit, method, base, order in s.execute(
            select(Service.id, Service.code, Service.name, Service.unit, Service.method,
                   Service.norm_base, Service.sort_order))
    }


def _read_operations(s: Session, batch: Batch, ids: list[int]) -> None:
    rows = s.execute(
        select(Operation.account_id, Operation.service_id, Operation.supplier_id,
               Operation.kind, Operation.amount, Operation.basis, Operation.ref_period,
               Operation.cause, Operation.op_date)
        .where(Operation.account_id.in_(ids), Operation.period == batch.period.code)
        .order_by(Operation.account_id, Operation.id)
    )
    for account_id, service_id, supplier_id, kind, amount, basis, ref, cause, day in rows:
        if isinstance(basis, str):  # some drivers hand JSON back as text
            basis = json.loads(basis)
        batch.operations.setdefault(account_id, []).append(OperationRow(
            service_id, supplier_id or 0, kind, int(amount), basis, ref, cause, day))


def _read_opening(s: Session, batch: Batch, ids: list[int]) -> None:
    """Debt (+) or advance (−) at the start of the period by service and supplier: everything
    posted before it, plus opening-balance operations posted in it (app.ledger.balances)."""
    code = batch.period.code
    rows = s.execute(
        select(Operation.account_id, Operation.service_id, Operation.supplier_id,
               func.sum(Operation.amount))
        .where(Operation.account_id.in_(ids),
               or_(Operation.period < code,
                   (Operation.period == code) & (Operation.kind == K.OPENING_BALANCE.value)))
        .group_by(Operation.account_id, Operation.service_id, Operation.supplier_id)
    )
    for account_id, service_id, supplier_id, total in rows:
        batch.opening.setdefault(account_id, {})[(service_id, supplier_id or 0)] = int(total)


def _read_residents(s: Session, batch: Batch, premise_ids: list[int]) -> None:
    """Registered on the period's last day, per premise (and per room account)."""
    day = batch.period.last_day
    rows = s.execute(
        select(Registration.premise_id, Registration.account_id, func.count())
        .where(Registration.premise_id.in_(premise_ids), Registration.date_from <= day,
               or_(Registration.date_to.is_(None), Registration.date_to >= day))
        .group_by(Registration.premise_id, Registration.account_id)
    )
    counts: dict[tuple[int, int | None], int] = defaultdict(int)
    for premise_id, account_id, n in rows:
        counts[(premise_id, account_id)] += int(n)
    batch.residents = dict(counts)


def _read_instalments(s: Session, batch: Batch, ids: list[int]) -> None:
    """Active repayment agreements of the accounts and their instalments after the period."""
    after = batch.period.last_day
    rows = s.execute(
        select(RepaymentAgreement.account_id, RepaymentAgreement.number,
               RepaymentAgreement.signed_on, RepaymentAgreement.debt,
               AgreementInstalment.due_on, AgreementInstalment.amount)
        .outerjoin(AgreementInstalment, (AgreementInstalment.agreement_id == RepaymentAgreement.id)
                   & (AgreementInstalment.due_on > after))
        .where(RepaymentAgreement.account_id.in_(ids),
               RepaymentAgreement.status == AgreementStatus.ACTIVE,
               RepaymentAgreement.signed_on <= after)
        .order_by(RepaymentAgreement.account_id, AgreementInstalment.due_on))
    schedules: dict[int, list[tuple[str, date, int, date | None, int | None]]] = defaultdict(list)
    for account_id, number, signed_on, debt, due_on, amount in rows:
        schedules[account_id].append((number, signed_on, int(debt), due_on, amount))
    for account_id, items in schedules.items():
        first = items[0]
        batch.instalments[account_id] = InstalmentInfo(
            first[0], first[1], first[2], first[3], int(first[4] or 0),
            sum(int(i[4] or 0) for i in items))


def _agents(s: Session, period: Period) -> dict[int, int]:
    """The agent collecting for each management company under contracts in force."""
    rows = s.execute(
        select(Contract.company_id, Contract.agent_id)
        .where(Contract.agent_id.is_not(None), Contract.date_from <= period.last_day,
               or_(Contract.date_to.is_(None), Contract.date_to >= period.first_day))
        .order_by(Contract.id)
    )
    out: dict[int, int] = {}
    for company_id, agent_id in rows:
        if agent_id is not None:
            out.setdefault(company_id, agent_id)
    return out


def _due_days(s: Session, period: Period) -> dict[int | None, int]:
    """The due day in force on the 1st of the month after the period, per company."""
    first = period.next().first_day
    rows = s.execute(
        select(RuleParameter.company_id, RuleParameter.value)
        .where(RuleParameter.code == DUE_DAY, RuleParameter.date_from <= first,
               or_(RuleParameter.date_to.is_(None), RuleParameter.date_to >= first))
        .order_by(RuleParameter.date_from)
    )
    return {company_id: int(value) for company_id, value in rows}
