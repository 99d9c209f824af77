"""The demo town's organisations with requisites, and the contracts between them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from app.bulk import BulkWriter
from app.demo.places import CITY, POSTCODES, REGION
from app.demo.requisites import BANKS, make_inn, make_kpp, make_ogrn
from app.models import Contract, Organization
from app.models.enums import ContractKind, OrgKind

ORG_COLUMNS = (
    "id", "kind", "name", "short_name", "inn", "kpp", "ogrn", "address", "phone", "email",
    "bank_name", "bik", "settlement_account", "corr_account", "dispatcher_phone", "version",
)


@dataclass(frozen=True)
class OrgDef:
    role: str
    kind: OrgKind
    name: str
    short_name: str
    street: str
    email: str
    founded: int


# role → what it supplies; the management companies supply maintenance and common needs
ORGS = (
    OrgDef("uk", OrgKind.MANAGEMENT_COMPANY, "Общество с ограниченной ответственностью "
           "«Управляющая компания «Заречье»", "ООО «УК «Заречье»", "ул. Ленина, д. 24",
           "uk@zarechye.example", 2006),
    OrgDef("tsj", OrgKind.MANAGEMENT_COMPANY, "Товарищество собственников жилья «Кедр»",
           "ТСЖ «Кедр»", "ул. Кедровая, д. 3", "tsj-kedr@example.ru", 2009),
    OrgDef("rkc", OrgKind.SETTLEMENT_CENTRE, "Муниципальное унитарное предприятие "
           "«Единый расчётный центр городского округа Заречный»", "МУП «ЕРЦ»",
           "ул. Курчатова, д. 19", "erc@zarechny.example", 2004),
    OrgDef("water", OrgKind.SUPPLIER, "Муниципальное унитарное предприятие «Водоканал "
           "городского округа Заречный»", "МУП «Водоканал»", "ул. Заводская, д. 8",
           "vodokanal@zarechny.example", 1998),
    OrgDef("heat", OrgKind.SUPPLIER, "Акционерное общество «Заречная теплосетевая компания»",
           "АО «ЗТК»", "Белоярское ш., д. 2", "info@ztk.example", 2011),
    OrgDef("power", OrgKind.SUPPLIER, "Акционерное общество «Уральская энергосбытовая "
           "компания»", "АО «УралЭСК»", "ул. Энергетиков, д. 15", "info@uralesk.example", 2005),
    OrgDef("gas", OrgKind.SUPPLIER, "Акционерное общество «Уралгазсбыт»", "АО «Уралгазсбыт»",
           "ул. Промышленная, д. 4", "abon@uralgaz.example", 2003),
    OrgDef("waste", OrgKind.SUPPLIER, "Общество с ограниченной ответственностью «Региональный "
           "оператор «ТКО-Восток»", "ООО «ТКО-Восток»", "ул. Северная, д. 40",
           "tko@vostok.example", 2018),
    OrgDef("capital", OrgKind.SUPPLIER, "Некоммерческая организация «Фонд капитального "
           "ремонта общего имущества в многоквартирных домах Свердловской области»",
           "Фонд капремонта", "г. Екатеринбург, ул. Малышева, д. 101", "fond@kapremont.example",
           2013),
    OrgDef("intercom", OrgKind.SUPPLIER, "Общество с ограниченной ответственностью "
           "«Домофон-Сервис»", "ООО «Домофон-Сервис»", "ул. Мира, д. 7", "domofon@example.ru",
           2012),
    OrgDef("admin", OrgKind.OTHER, "Администрация городского округа Заречный",
           "Администрация ГО Заречный", "ул. Невского, д. 3", "adm@zarechny.example", 1993),
)

# service code → the supplier's role; None = the building's management company itself
SUPPLIER_OF = {
    "maintenance": None,
    "cold_water": "water",
    "hot_water": "heat",
    "sewerage": "water",
    "heating": "heat",
    "electricity": "power",
    "gas": "gas",
    "waste": "waste",
    "common_cold_water": None,  # КР на СОИ: part of housing maintenance since 2017
    "common_electricity": None,
    "capital_repair": "capital",
    "intercom": "intercom",
}

SHOP_NAMES = (
    "ООО «Продукты у дома»", "ООО «Аптека «Здоровье»", "ООО «Пекарня «Хлебница»",
    "ООО «Салон красоты «Локон»", "ООО «Стоматология «Улыбка»", "ООО «Зоомагазин «Кузя»",
    "ООО «Цветочная лавка»", "ООО «Мастерская «Каблучок»", "ООО «Оптика «Прозрение»",
    "ООО «Кофейня «Зерно»", "ООО «Детский клуб «Умка»", "ООО «Почтомат-Сервис»",
)


def _phone(rng: random.Random) -> str:
    return f"+7 (34377) {rng.randrange(20, 80)}-{rng.randrange(100):02d}-{rng.randrange(100):02d}"


def org_row(w: BulkWriter, rng: random.Random, kind: OrgKind, name: str, short: str,
            address: str, email: str | None, founded: int, dispatcher: bool = False) -> int:
    oid = w.next_id(Organization.__table__)
    inn = make_inn(rng)
    bank = BANKS[rng.randrange(len(BANKS))]
    w.add(Organization.__table__, (
        oid, kind.value, name, short, inn, make_kpp(inn), make_ogrn(rng, founded), address,
        _phone(rng), email, bank.name, bank.bik, bank.settlement_account(rng), bank.corr_account,
        _phone(rng) if dispatcher else None, 1,
    ))
    return oid


@dataclass
class Orgs:
    ids: dict[str, int] = field(default_factory=dict)

    def supplier_for(self, service_code: str, company_id: int) -> int:
        role = SUPPLIER_OF[service_code]
        if service_code == "capital_repair" and company_id == self.ids["tsj"]:
            return company_id  # the ТСЖ keeps a special account (спецсчёт) for capital repair
        return company_id if role is None else self.ids[role]


def write_organizations(w: BulkWriter, rng: random.Random) -> Orgs:
    w.declare(Organization.__table__, ORG_COLUMNS)
    orgs = Orgs()
    for d in ORGS:
        where = d.street if d.street.startswith("г. ") else f"{CITY}, {d.street}"
        address = f"{POSTCODES[0]}, {REGION}, {where}"
        orgs.ids[d.role] = org_row(w, rng, d.kind, d.name, d.short_name, address, d.email,
                                   d.founded, dispatcher=d.kind == OrgKind.MANAGEMENT_COMPANY)
    return orgs


def write_contracts(w: BulkWriter, orgs: Orgs, services: dict[str, int]) -> None:
    """Each company × each service: with its supplier, the settlement centre as the agent."""
    w.declare(Contract.__table__, (
        "id", "number", "signed_on", "kind", "company_id", "supplier_id", "agent_id",
        "service_id", "commission_bp", "date_from", "date_to",
    ))
    for company_role in ("uk", "tsj"):
        company = orgs.ids[company_role]
        for n, (code, service_id) in enumerate(services.items(), start=1):
            supplier = orgs.supplier_for(code, company)
            own = supplier == company
            w.add(Contract.__table__, (
                w.next_id(Contract.__table__),
                f"{'УК' if company_role == 'uk' else 'ТСЖ'}-{n:02d}/2025",
                date(2024, 12, 20),
                (ContractKind.TWO_PARTY if own else ContractKind.THREE_PARTY).value,
                company, supplier, orgs.ids["rkc"], service_id, 120 if own else 150,
                date(2025, 1, 1), None,
            ))
