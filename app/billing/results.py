"""What a billing run produced, for the screen: charges by account and service with the basis.

The explanation («почему столько») is rendered from the figures the run stored with each line's
basis (`app.calc.basis.explain_stored`): the screen shows what was computed, never a
re-derivation from today's tariffs.
Rows come a page at a time; the totals of the whole filter come with every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Select, func, select

from app.accounts.lookup import lookup
from app.accounts.text import address_line
from app.calc.basis import explain_stored
from app.calc.inputs import Key
from app.calc.period import Period
from app.db import Database
from app.ledger.periods import open_period
from app.meters.names import meter_names
from app.models import Account, BillingPeriod, Building, Operation, Premise, Service
from app.models.enums import OperationKind as K
from app.rights import Actor, Right

SHOWN_KINDS = (K.CHARGE.value, K.RECALCULATION.value, K.PENALTY.value)
NO_BASIS = "Основание расчёта не сохранено"
MAX_PAGE = 5000


@dataclass(frozen=True)
class PeriodInfo:
    period: Period
    closed: bool
    closed_at: datetime | None

    @property
    def title(self) -> str:
        state = "закрыт" if self.closed else "открыт"
        return f"{self.period.title()} — {state}"


@dataclass(frozen=True)
class ChargeRow:
    operation_id: int
    account_id: int
    account_number: str
    address: str  # "ул. Ленина, д. 5, кв. 12"
    payer_name: str
    service_code: str
    service_name: str
    unit: str
    kind: str  # OperationKind value: charge / recalculation / penalty
    ref_period: int | None  # the corrected period, for a recalculation
    volume: Decimal | None
    tariff: Decimal | None
    amount: int  # kopecks
    explanation: str


@dataclass(frozen=True)
class ChargePage:
    rows: list[ChargeRow]
    total_rows: int  # of the whole filter, not just this page
    total_amount: int  # kopecks, of the whole filter
    accounts: int  # distinct accounts in the filter


def periods(db: Database) -> list[PeriodInfo]:
    """Every billing period, the latest first."""
    with db.session() as s:
        rows = s.execute(select(BillingPeriod.code, BillingPeriod.status, BillingPeriod.closed_at)
                         .order_by(BillingPeriod.code.desc())).all()
    return [PeriodInfo(Period.from_code(code), status == "closed", at) for code, status, at in rows]


def current_period(db: Database) -> Period:
    """The open period (DomainError when there is none)."""
    with db.session() as s:
        return open_period(s)


def charges_for_period(db: Database, actor: Actor, period: Period | int, filter_text: str = "",
                       building_id: int | None = None, limit: int = 500, offset: int = 0,
                       ) -> ChargePage:
    """Charge lines of a period by account and service. `filter_text` is what the lookup box
    accepts (an account number or its beginning, a surname, an address)."""
    actor.require(Right.ACCOUNT_VIEW)
    code = period.code if isinstance(period, Period) else int(period)
    limit = max(0, min(limit, MAX_PAGE))
    account_ids = _matching_accounts(db, actor, filter_text)
    with db.session() as s:
        q = _lines(actor, code, building_id, account_ids)
        if filter_text.strip().isdigit():
            q = q.where(Account.number.startswith(filter_text.strip()))
        total_rows, total_amount, accounts = s.execute(
            q.with_only_columns(func.count(), func.coalesce(func.sum(Operation.amount), 0),
                                func.count(func.distinct(Operation.account_id)))
            .order_by(None)).one()
        page = s.execute(q.order_by(Account.number, Service.sort_order, Operation.kind,
                                    Operation.id).limit(limit).offset(offset)).all()
        names = meter_names(s, (r[14] for r in page))
        return ChargePage([_row(r, names) for r in page], int(total_rows), int(total_amount),
                          int(accounts))


def account_charges(db: Database, actor: Actor, account_number: str, period: Period | int
                    ) -> list[ChargeRow]:
    """One account's lines of a period, in the fixed order of services."""
    actor.require(Right.ACCOUNT_VIEW)
    code = period.code if isinstance(period, Period) else int(period)
    with db.session() as s:
        q = _lines(actor, code, None, None).where(Account.number == account_number.strip())
        rows = s.execute(q.order_by(Service.sort_order, Operation.kind, Operation.id)).all()
        names = meter_names(s, (r[14] for r in rows))
        return [_row(r, names) for r in rows]


def _matching_accounts(db: Database, actor: Actor, text: str) -> list[int] | None:
    """None = no filter. Digits filter by number prefix in SQL; words go through the lookup."""
    text = text.strip()
    if not text or text.isdigit():
        return None
    return [hit.account_id for hit in lookup(db, actor, text, limit=500)]


def _lines(actor: Actor, code: int, building_id: int | None, account_ids: list[int] | None
           ) -> Select[Any]:
    q: Select[Any]
    q = (select(Operation.id, Operation.account_id, Account.number, Building.street,
                Building.house, Premise.number, Premise.kind, Account.payer_name, Service.code,
                Service.name, Service.unit, Operation.kind, Operation.ref_period,
                Operation.amount, Operation.basis)
         .join(Account, Account.id == Operation.account_id)
         .join(Premise, Premise.id == Account.premise_id)
         .join(Building, Building.id == Premise.building_id)
         .join(Service, Service.id == Operation.service_id)
         .where(Operation.period == code, Operation.kind.in_(SHOWN_KINDS)))  # type: ignore[assignment]
    if building_id is not None:
        q = q.where(Building.id == building_id)
    if account_ids is not None:
        q = q.where(Operation.account_id.in_(account_ids))
    if actor.company_ids:
        q = q.where(Building.company_id.in_(actor.company_ids))
    if actor.building_ids:
        q = q.where(Building.id.in_(actor.building_ids))
    return q


def _row(r: Any, names: dict[Key, str]) -> ChargeRow:
    basis = r[14] if isinstance(r[14], dict) else {}
    return ChargeRow(
        operation_id=r[0], account_id=r[1], account_number=r[2],
        address=address_line(r[3], r[4], r[5], r[6]), payer_name=r[7], service_code=r[8],
        service_name=r[9], unit=r[10], kind=r[11], ref_period=r[12],
        volume=_decimal(basis.get("volume", basis.get("area"))),
        tariff=_decimal(basis.get("tariff")),
        amount=int(r[13]), explanation=explain_stored(basis, names) or NO_BASIS)


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def account_ids_for_numbers(db: Database, numbers: list[str] | tuple[str, ...]
                            ) -> tuple[int, ...]:
    """Ids of the accounts an operator listed by number, for a billing scope; every unknown
    number is reported (InvalidInput)."""
    from app.billing.scope import resolve_account_numbers

    with db.session() as s:
        return resolve_account_numbers(s, numbers)
