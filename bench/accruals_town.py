"""A plain generated town for bench/accruals.py: N accounts in 100-flat buildings, 8 services
each (maintenance, cold and hot water and electricity by meter where there is one, sewerage and
waste by norm, heating by norm per m², capital repair), readings for September and October 2026,
one meter in ten without an October reading (charged by its average). The demo town's prices,
rules and organisations; rows go in through the demo's bulk writer (executemany / COPY).
"""

from __future__ import annotations

import random
from datetime import date, datetime

from app.bulk import BulkWriter
from app.calc.account_number import make_account_number
from app.db import Database
from app.demo.organizations import write_organizations
from app.demo.prices import write_prices, write_rules, write_services
from app.models import (
    Account,
    AccountService,
    BillingPeriod,
    Building,
    Meter,
    Ownership,
    Person,
    Premise,
    Reading,
    Registration,
)
from app.models.base import quantity_to_db

OPEN = 202610
SERVICES = ("maintenance", "cold_water", "hot_water", "sewerage", "heating", "electricity",
            "waste", "capital_repair")
METERED = {"cold_water": 8, "hot_water": 8, "electricity": 7}  # in ten accounts
HISTORY = (202603, 202604, 202605, 202606, 202607, 202608, 202609)
SINCE = date(2020, 1, 1)


def _declare(w: BulkWriter) -> None:
    w.declare(BillingPeriod.__table__, ("code", "status"))
    w.declare(Building.__table__, ("id", "company_id", "city", "street", "house", "total_area",
                                   "living_area", "common_area", "heating_type", "heating_mode",
                                   "version"))
    w.declare(Premise.__table__, ("id", "building_id", "number", "kind", "total_area", "version"))
    w.declare(Person.__table__, ("id", "last_name", "first_name", "version"))
    w.declare(Registration.__table__, ("id", "person_id", "premise_id", "kind", "date_from"))
    w.declare(Ownership.__table__, ("id", "premise_id", "person_id", "share_num", "share_den",
                                    "date_from"))
    w.declare(Account.__table__, ("id", "number", "premise_id", "payer_name", "status",
                                  "opened_on", "version"))
    w.declare(AccountService.__table__, ("id", "account_id", "service_id", "supplier_id",
                                         "date_from", "meter_required"))
    w.declare(Meter.__table__, ("id", "kind", "resource", "service_id", "account_id", "serial",
                                "zones", "digits", "installed_on", "next_verification",
                                "status", "version"))
    w.declare(Reading.__table__, ("id", "meter_id", "period", "taken_on", "zone", "value",
                                  "kind", "source", "rollover", "entered_at"))


def generate_town(db: Database, accounts: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    stamp = datetime(2026, 10, 25, 9, 0)
    with db.engine.begin() as conn:
        w = BulkWriter(conn, chunk=50_000)
        orgs = write_organizations(w, rng)
        services = write_services(w)
        write_prices(w, services)
        write_rules(w)
        _declare(w)
        w.add(BillingPeriod.__table__, (202609, "closed"))
        w.add(BillingPeriod.__table__, (OPEN, "open"))
        company = orgs.ids["uk"]
        suppliers = {code: orgs.supplier_for(code, company) for code in SERVICES}
        building = 0
        for n in range(accounts):
            if n % 100 == 0:
                w.maybe_flush()
                building = _building(w, company, n // 100)
            _account(w, rng, n, building, services, suppliers, stamp)
        w.finish()


def _building(w: BulkWriter, company: int, index: int) -> int:
    t = Building.__table__
    building = w.next_id(t)
    w.add(t, (building, company, "г. Бенчмарк", f"ул. Расчётная-{index // 50 + 1}",
              str(index % 50 + 1), quantity_to_db(5600), quantity_to_db(5000),
              quantity_to_db(600), "central_unmetered", "even", 1))
    return building


def _account(w: BulkWriter, rng: random.Random, n: int, building: int,
             services: dict[str, int], suppliers: dict[str, int], stamp: datetime) -> None:
    premise = w.next_id(Premise.__table__)
    area = rng.randint(300, 900)  # tenths of m²
    w.add(Premise.__table__, (premise, building, str(n % 100 + 1), "flat", area * 100_000, 1))
    people = []
    for k in range(n % 3 + 1):
        person = w.next_id(Person.__table__)
        people.append(person)
        w.add(Person.__table__, (person, f"Жилец{n}", f"Имя{k}", 1))
        w.add(Registration.__table__, (w.next_id(Registration.__table__), person, premise,
                                       "permanent", SINCE))
    w.add(Ownership.__table__, (w.next_id(Ownership.__table__), premise, people[0], 1, 1, SINCE))
    account = w.next_id(Account.__table__)
    w.add(Account.__table__, (account, make_account_number(n + 1), premise, f"Жилец{n} Имя0",
                              "open", SINCE, 1))
    for code in SERVICES:
        w.add(AccountService.__table__, (w.next_id(AccountService.__table__), account,
                                         services[code], suppliers[code], SINCE,
                                         code in METERED))
    for code, tenths in METERED.items():
        if rng.randrange(10) < tenths:
            _meter(w, rng, account, code, services[code], stamp)


def _meter(w: BulkWriter, rng: random.Random, account: int, code: str, service: int,
           stamp: datetime) -> None:
    meter = w.next_id(Meter.__table__)
    w.add(Meter.__table__, (meter, "individual", code, service, account, f"B{meter}", 1, 5,
                            date(2024, 1, 10), date(2030, 1, 10), "active", 1))
    monthly = rng.randint(20, 120) if code == "electricity" else rng.randint(2, 9)
    silent = rng.randrange(10) == 0  # no October reading: charged by the average
    periods = HISTORY if silent else (202609, OPEN)
    value = rng.randint(100, 5000)
    for p in periods:
        value += monthly + rng.randint(0, 3)
        w.add(Reading.__table__, (w.next_id(Reading.__table__), meter, p,
                                  date(p // 100, p % 100, 23), 1, quantity_to_db(value),
                                  "regular", "operator", False, stamp))
