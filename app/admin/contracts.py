"""Contracts: a management company × a supplier × a service, with a settlement centre or a
payment agent as the third party collecting for a commission. Create and edit (optimistic
version), audited; the parties must be of the right kind, and one company cannot have two
contracts for one service with one supplier in force on the same day."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from app import titles
from app.admin.versioned import clean_text, length_problems, load_versioned, store
from app.changes import Change, reports
from app.db import Database
from app.errors import InvalidInput, Problem
from app.models import Contract, Organization, Service
from app.models.enums import ContractKind, OrgKind
from app.rights import Actor, Right
from app.usecase import transaction

TITLES = {"number": "Номер", "signed_on": "Дата договора", "kind": "Вид",
          "company_id": "Управляющая организация", "supplier_id": "Поставщик",
          "agent_id": "Агент", "service_id": "Услуга", "commission_bp": "Вознаграждение агента",
          "date_from": "Действует с", "date_to": "Действует по"}
MAX_COMMISSION_BP = 10_000  # 100 %
AGENT_KINDS = (OrgKind.SETTLEMENT_CENTRE, OrgKind.PAYMENT_AGENT, OrgKind.BANK)


@dataclass(frozen=True)
class ContractData:
    number: str
    kind: str
    company_id: int
    supplier_id: int
    service_id: int
    date_from: date
    date_to: date | None = None
    signed_on: date | None = None
    agent_id: int | None = None
    commission_bp: int = 0  # hundredths of a percent: 150 = 1,5 %
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class ContractRow:
    data: ContractData
    company: str
    supplier: str
    agent: str
    service: str

    @property
    def kind_title(self) -> str:
        return titles.CONTRACT_KIND.get(self.data.kind, self.data.kind)


@dataclass(frozen=True)
class PartyChoices:
    companies: list[tuple[int, str]]
    suppliers: list[tuple[int, str]]
    agents: list[tuple[int, str]]
    services: list[tuple[int, str]]


_FIELDS = tuple(f.name for f in fields(ContractData) if f.name not in ("id", "version"))


def _data(c: Contract) -> ContractData:
    return ContractData(**{n: getattr(c, n) for n in _FIELDS}, id=c.id, version=c.version)


def list_contracts(db: Database, actor: Actor) -> list[ContractRow]:
    actor.require(Right.ADMIN)
    company, supplier, agent = aliased(Organization), aliased(Organization), aliased(Organization)
    q = (select(Contract, company.short_name, supplier.short_name, agent.short_name, Service.name)
         .join(company, company.id == Contract.company_id)
         .join(supplier, supplier.id == Contract.supplier_id)
         .outerjoin(agent, agent.id == Contract.agent_id)
         .join(Service, Service.id == Contract.service_id)
         .order_by(company.short_name, Service.sort_order, Contract.date_from, Contract.id))
    with db.session() as s:
        return [ContractRow(_data(c), co, su, ag or "", sv) for c, co, su, ag, sv in s.execute(q)]


def party_choices(db: Database, actor: Actor) -> PartyChoices:
    actor.require(Right.ADMIN)
    with db.session() as s:
        def orgs(*kinds: str) -> list[tuple[int, str]]:
            return [(i, n) for i, n in s.execute(
                select(Organization.id, Organization.short_name)
                .where(Organization.kind.in_(kinds)).order_by(Organization.short_name))]

        return PartyChoices(
            companies=orgs(OrgKind.MANAGEMENT_COMPANY),
            suppliers=orgs(OrgKind.SUPPLIER, OrgKind.MANAGEMENT_COMPANY),
            agents=orgs(*AGENT_KINDS),
            services=[(i, n) for i, n in s.execute(
                select(Service.id, Service.name).order_by(Service.sort_order, Service.id))])


def _kind_of(s: Session, org_id: int | None) -> str | None:
    return None if org_id is None else s.scalar(
        select(Organization.kind).where(Organization.id == org_id))


def contract_problems(s: Session, d: ContractData) -> list[Problem]:
    problems: list[Problem] = []

    def say(name: str, text: str) -> None:
        problems.append(Problem(TITLES[name], text))

    if not d.number:
        say("number", "не заполнено")
    if d.kind not in set(ContractKind):
        say("kind", f"нет такого вида договора: «{d.kind}»")
    if _kind_of(s, d.company_id) != OrgKind.MANAGEMENT_COMPANY:
        say("company_id", "выберите управляющую организацию")
    # a company that supplies a service itself (содержание жилья) is its own supplier
    if _kind_of(s, d.supplier_id) not in (OrgKind.SUPPLIER, OrgKind.MANAGEMENT_COMPANY):
        say("supplier_id", "выберите поставщика услуги")
    if s.get(Service, d.service_id) is None:
        say("service_id", "выберите услугу")
    if d.kind == ContractKind.THREE_PARTY and d.agent_id is None:
        say("agent_id", "в трёхстороннем договоре нужен агент, собирающий платежи")
    if d.agent_id is not None and _kind_of(s, d.agent_id) not in AGENT_KINDS:
        say("agent_id", "агентом может быть расчётный центр, платёжный агент или банк")
    if not 0 <= d.commission_bp <= MAX_COMMISSION_BP:
        say("commission_bp", "от 0 до 100 %")
    if d.date_to is not None and d.date_to < d.date_from:
        say("date_to", f"раньше даты начала {d.date_from:%d.%m.%Y}")
    if d.signed_on is not None and d.date_to is not None and d.signed_on > d.date_to:
        say("signed_on", "позже окончания договора")
    problems += length_problems(Contract, {"number": d.number, "kind": d.kind}, TITLES)
    return problems


def _overlap(s: Session, d: ContractData) -> Contract | None:
    q = select(Contract).where(
        Contract.company_id == d.company_id, Contract.supplier_id == d.supplier_id,
        Contract.service_id == d.service_id, Contract.id != (d.id or 0),
        or_(Contract.date_to.is_(None), Contract.date_to >= d.date_from))
    if d.date_to is not None:
        q = q.where(Contract.date_from <= d.date_to)
    return s.scalars(q.limit(1)).first()


@reports(Change.REFERENCE)
def save_contract(db: Database, actor: Actor, d: ContractData) -> ContractData:
    """Create (`d.id` None) or change a contract as read at `d.version`."""
    actor.require(Right.ADMIN)
    d = ContractData(**{**{n: getattr(d, n) for n in _FIELDS},
                        "number": clean_text(d.number) or ""}, id=d.id, version=d.version)
    with transaction(db, actor, Right.ADMIN) as tx:
        s = tx.session
        problems = contract_problems(s, d)
        if problems:
            raise InvalidInput(problems, "Договор не сохранён")
        clash = _overlap(s, d)
        if clash is not None:
            until = f"по {clash.date_to:%d.%m.%Y}" if clash.date_to else "бессрочно"
            raise InvalidInput([Problem("Даты действия", (
                f"у этой организации уже есть договор №{clash.number} с тем же поставщиком на "
                f"ту же услугу, с {clash.date_from:%d.%m.%Y} {until}; закройте его раньше"))],
                "Договор не сохранён")
        row = Contract() if d.id is None else load_versioned(
            s, Contract, d.id, d.version, f"Договор №{d.id} не найден: возможно, его удалили")
        store(tx, row, d, _FIELDS, "contract")
        return _data(row)
