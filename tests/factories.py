"""Deterministic test data: one place that knows how to build a small, valid housing world.

    town = TownFactory(db).build()          # a company, suppliers, services, one building
    acc = town.account(flat="12", area="54.3", residents=2)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from app.auth.login import create_user
from app.calc.account_number import make_account_number
from app.db import Database
from app.models import (
    Account,
    AccountService,
    BillingPeriod,
    Building,
    Meter,
    Norm,
    Organization,
    Ownership,
    Person,
    Premise,
    Reading,
    Registration,
    RuleParameter,
    Service,
    Tariff,
)
from app.models.enums import (
    AccountStatus,
    HeatingMode,
    HeatingType,
    MeterKind,
    MeterStatus,
    OrgKind,
    PeriodStatus,
    PremiseKind,
    ReadingKind,
    ReadingSource,
    RegistrationKind,
)
from app.reference.services import STANDARD_SERVICES

D = Decimal


def org(kind: OrgKind, name: str, inn: str) -> Organization:
    return Organization(
        kind=kind, name=name, short_name=name, inn=inn, kpp="770101001",
        bank_name="ПАО Сбербанк", bik="044525225",
        settlement_account="40702810938000000001", corr_account="30101810400000000225",
        address="г. Тестов, ул. Ленина, д. 1", phone="+7 (495) 000-00-00",
    )


@dataclass
class TestTown:
    __test__ = False  # a factory, not a test class

    db: Database
    company_id: int
    supplier_id: int
    building_id: int
    services: dict[str, int]
    accounts: list[int] = field(default_factory=list)
    _serial: int = 1000

    def account(
        self,
        flat: str = "1",
        area: str = "50",
        residents: int = 1,
        surname: str = "Иванов",
        services: tuple[str, ...] = ("maintenance", "cold_water"),
        opened: date = date(2020, 1, 1),
        building_id: int | None = None,
    ) -> Account:
        with self.db.sessions() as s, s.begin():
            premise = Premise(building_id=building_id or self.building_id, number=flat,
                              kind=PremiseKind.FLAT,
                              total_area=D(area), living_area=D(area) * D("0.6"), rooms=2)
            s.add(premise)
            s.flush()
            people = [
                Person(last_name=surname, first_name=f"Имя{i}", middle_name="Петрович",
                       birth_date=date(1980, 1, 1 + i))
                for i in range(max(residents, 1))
            ]
            s.add_all(people)
            s.flush()
            for p in people[:residents]:
                s.add(Registration(person_id=p.id, premise_id=premise.id,
                                   kind=RegistrationKind.PERMANENT, date_from=opened))
            s.add(Ownership(premise_id=premise.id, person_id=people[0].id, date_from=opened))
            self._serial += 1
            acc = Account(number=make_account_number(self._serial), premise_id=premise.id,
                          payer_person_id=people[0].id, payer_name=f"{surname} Имя0 Петрович",
                          status=AccountStatus.OPEN, opened_on=opened)
            s.add(acc)
            s.flush()
            for code in services:
                s.add(AccountService(account_id=acc.id, service_id=self.services[code],
                                     supplier_id=self.supplier_id, date_from=opened))
            self.accounts.append(acc.id)
            s.expunge(acc)
            return acc

    def communal_flat(self, flat: str, rooms: list[tuple[str, int]],
                      services: tuple[str, ...] = ("maintenance", "sewerage"),
                      opened: date = date(2020, 1, 1), owners: int = 1) -> list[Account]:
        """A communal flat: one premise, an account per room (area, residents registered to
        that room's account), each room owned by `owners` persons bound to its account."""
        total = sum(D(area) for area, _n in rooms)
        with self.db.sessions() as s, s.begin():
            premise = Premise(building_id=self.building_id, number=flat, kind=PremiseKind.FLAT,
                              total_area=total, living_area=total * D("0.6"), rooms=len(rooms))
            s.add(premise)
            s.flush()
            out = []
            for n, (area, residents) in enumerate(rooms):
                people = [Person(last_name=f"Комнатный{n}", first_name=f"Имя{i}",
                                 birth_date=date(1980, 1, 1 + i))
                          for i in range(max(residents, owners, 1))]
                s.add_all(people)
                s.flush()
                self._serial += 1
                acc = Account(number=make_account_number(self._serial), premise_id=premise.id,
                              payer_person_id=people[0].id, payer_name=f"Комнатный{n} Имя0",
                              status=AccountStatus.OPEN, opened_on=opened, area=D(area))
                s.add(acc)
                s.flush()
                for p in people[:residents]:
                    s.add(Registration(person_id=p.id, premise_id=premise.id, account_id=acc.id,
                                       kind=RegistrationKind.PERMANENT, date_from=opened))
                for p in people[:owners]:
                    s.add(Ownership(premise_id=premise.id, person_id=p.id, account_id=acc.id,
                                    share_num=1, share_den=len(rooms) * owners,
                                    date_from=opened))
                for code in services:
                    s.add(AccountService(account_id=acc.id, service_id=self.services[code],
                                         supplier_id=self.supplier_id, date_from=opened))
                self.accounts.append(acc.id)
                s.expunge(acc)
                out.append(acc)
            return out

    def meter(
        self,
        account_id: int | None,
        resource: str = "cold_water",
        *,
        serial: str | None = None,
        zones: int = 1,
        digits: int = 5,
        installed: date = date(2025, 1, 1),
        next_verification: date | None = date(2031, 1, 1),
        readings: dict[int, str | tuple[str, ...]] | None = None,
        kind: str = MeterKind.INDIVIDUAL,
    ) -> int:
        """A meter with regular readings {period: value, or one value per zone}; an individual
        meter of `account_id`, or (account_id None) the building's meter."""
        self._serial += 1
        with self.db.sessions() as s, s.begin():
            m = Meter(kind=kind if account_id else MeterKind.BUILDING, resource=resource,
                      account_id=account_id,
                      building_id=None if account_id else self.building_id,
                      service_id=self.services.get(resource), serial=serial or f"SN{self._serial}",
                      model="СГВ-15", zones=zones, digits=digits, installed_on=installed,
                      next_verification=next_verification, status=MeterStatus.ACTIVE)
            s.add(m)
            s.flush()
            for period, values in (readings or {}).items():
                vals = (values,) if isinstance(values, str) else values
                for zone, v in enumerate(vals, start=1):
                    s.add(Reading(meter_id=m.id, period=period, zone=zone, value=D(v),
                                  taken_on=date(period // 100, period % 100, 25),
                                  kind=ReadingKind.REGULAR, source=ReadingSource.OPERATOR,
                                  rollover=False, entered_at=datetime.now(UTC)))
            return m.id

    def add_building(self, house: str, street: str = "ул. Ленина",
                     company_id: int | None = None) -> int:
        """Another building of the same company or of `company_id` (accounts go there with
        `building_id=`)."""
        with self.db.sessions() as s, s.begin():
            b = Building(company_id=company_id or self.company_id, city="г. Тестов",
                         street=street, house=house,
                         total_area=D("1000"), living_area=D("900"), common_area=D("100"),
                         heating_type=HeatingType.CENTRAL_UNMETERED,
                         heating_mode=HeatingMode.SEASON)
            s.add(b)
            s.flush()
            return b.id

    def owner(self, account_id: int, share: tuple[int, int], surname: str = "Совладельцев",
              date_from: date = date(2020, 1, 1)) -> int:
        """One more person owning `share` (num, den) of the account's premise."""
        with self.db.sessions() as s, s.begin():
            premise_id = s.get_one(Account, account_id).premise_id
            person = Person(last_name=surname, first_name="Ольга", middle_name="Ивановна")
            s.add(person)
            s.flush()
            s.add(Ownership(premise_id=premise_id, person_id=person.id, share_num=share[0],
                            share_den=share[1], date_from=date_from))
            return person.id

    def add_company(self, name: str = "ООО «УК Соседняя»", inn: str = "7701000003") -> int:
        """Another management company (for visibility scopes)."""
        with self.db.sessions() as s, s.begin():
            company = org(OrgKind.MANAGEMENT_COMPANY, name, inn)
            s.add(company)
            s.flush()
            return company.id

    def resident(self, account_id: int, date_from: date, date_to: date | None = None,
                 surname: str = "Жильцов") -> int:
        """One more person registered in the account's premise for [date_from, date_to]."""
        with self.db.sessions() as s, s.begin():
            premise_id = s.get_one(Account, account_id).premise_id
            person = Person(last_name=surname, first_name="Пётр", middle_name="Ильич",
                            birth_date=date(1990, 5, 5))
            s.add(person)
            s.flush()
            kind = RegistrationKind.TEMPORARY if date_to else RegistrationKind.PERMANENT
            s.add(Registration(person_id=person.id, premise_id=premise_id, kind=kind,
                               date_from=date_from, date_to=date_to))
            return person.id

    def price(self, service: str, value: str, date_from: date = date(2026, 1, 1),
              date_to: date | None = None, *, zone: int = 0, building_id: int | None = None,
              norm: bool = False, kind: str = "individual") -> None:
        """One more tariff (or norm) row for a service."""
        with self.db.sessions() as s, s.begin():
            sid = self.services[service]
            if norm:
                s.add(Norm(service_id=sid, value=D(value), date_from=date_from, date_to=date_to,
                           building_id=building_id, kind=kind))
            else:
                s.add(Tariff(service_id=sid, value=D(value), date_from=date_from,
                             date_to=date_to, zone=zone, building_id=building_id))

    def rule(self, code: str, value: str, date_from: date = date(2017, 1, 1),
             date_to: date | None = None) -> None:
        """A dated rule parameter (raising coefficient, heating season…)."""
        with self.db.sessions() as s, s.begin():
            s.add(RuleParameter(code=code, value=D(value), date_from=date_from, date_to=date_to))

    def period(self, code: int, closed: bool = False) -> None:
        """A billing period row as it stands (closing for real is `app.ledger.periods`)."""
        status = PeriodStatus.CLOSED if closed else PeriodStatus.OPEN
        with self.db.sessions() as s, s.begin():
            row = s.get(BillingPeriod, code)
            if row is None:
                s.add(BillingPeriod(code=code, status=status))
            else:
                row.status = status


class TownFactory:
    def __init__(self, db: Database) -> None:
        self.db = db

    def build(self, street: str = "ул. Ленина", house: str = "5") -> TestTown:
        with self.db.sessions() as s, s.begin():
            company = org(OrgKind.MANAGEMENT_COMPANY, "ООО «УК Тестовая»", "7701000001")
            supplier = org(OrgKind.SUPPLIER, "АО «Водоканал»", "7701000002")
            s.add_all([company, supplier])
            s.flush()
            services = self._services(s)
            b = Building(company_id=company.id, city="г. Тестов", street=street, house=house,
                         year_built=1975, floors=5, entrances=4, total_area=D("3200.5"),
                         living_area=D("2800"), common_area=D("400.5"),
                         heating_type=HeatingType.CENTRAL_UNMETERED,
                         heating_mode=HeatingMode.SEASON)
            s.add(b)
            s.add(BillingPeriod(code=202611, status=PeriodStatus.OPEN))
            s.flush()
            self._prices(s, services)
            return TestTown(self.db, company.id, supplier.id, b.id, services)

    @staticmethod
    def _services(s: Session) -> dict[str, int]:
        out: dict[str, int] = {}
        for i, d in enumerate(STANDARD_SERVICES):
            svc = Service(code=d.code, name=d.name, unit=d.unit, method=d.method,
                          resource=d.resource, zones=d.zones, norm_base=d.norm_base,
                          penalty_kind=d.penalty_kind, raising_applies=d.raising_applies,
                          absence_applies=d.absence_applies, sort_order=i)
            s.add(svc)
            s.flush()
            out[d.code] = svc.id
        return out

    @staticmethod
    def _prices(s: Session, services: dict[str, int]) -> None:
        start = date(2026, 1, 1)
        tariffs = {"maintenance": "32.15", "cold_water": "45.20", "hot_water": "210.40",
                   "sewerage": "38.70", "capital_repair": "12.50", "waste": "120.30"}
        for code, value in tariffs.items():
            s.add(Tariff(service_id=services[code], value=D(value), date_from=start))
        norms = {"cold_water": "4.745", "hot_water": "3.1", "sewerage": "7.845", "waste": "1"}
        for code, value in norms.items():
            s.add(Norm(service_id=services[code], value=D(value), date_from=start))


def make_user(db: Database, login: str, roles: list[str], password: str = "test") -> int:
    return create_user(db, login, f"Пользователь {login}", password, roles)
