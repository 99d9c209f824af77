"""One building at a time: its premises, households, accounts, services and meters.

Accounts per premise: one as a rule; two or three in a communal flat (each room its own account,
area and owners); two where the flat was sold within the window (the seller's account closed the
day before the sale, the buyer's opened on it); one for a shop, paid by its company.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.bulk import BulkWriter
from app.calc.account_number import make_account_number
from app.demo import prices
from app.demo.housing import (
    BUILDING_COLUMNS,
    PREMISE_COLUMNS,
    BuildingPlan,
    PremisePlan,
    area_db,
    building_row,
    fias_guid,
)
from app.demo.metering import HEAT_MONTH, Metering
from app.demo.organizations import SHOP_NAMES, Orgs, org_row
from app.demo.people import SHAPE_WEIGHTS, SHAPES, SMALL_SHAPES, Household, People, rand_date
from app.models import Account, AccountService, Building, Premise
from app.models.enums import (
    AccountStatus,
    CalcMethod,
    HeatingType,
    OrgKind,
    PremiseKind,
    Resource,
)

ACCOUNT_SERIAL_BASE = 1000  # account id 1 → serial 1001 → number 0000010019
SALES_FROM, SALES_TO = date(2025, 12, 1), date(2026, 8, 31)
# what an unmetered resident uses a month (thousandths), as the building meter sees it
_GAS_BY_METER = "gas_by_meter"  # resolved per flat: metered with a gas meter, else by norm
NORM_USE = {Resource.COLD_WATER: 4745, Resource.HOT_WATER: 3100, Resource.ELECTRICITY: 94_000}


@dataclass
class Occupancy:
    """What one account of a premise is: its household (None for a shop) and its span."""

    household: Household | None
    opened: date
    closed: date | None
    area: int | None = None  # tenths of m², a room of a communal flat
    payer_name: str = ""
    payer_id: int | None = None
    account_id: int | None = None  # given in advance to a room, whose residents name it


class Town:
    def __init__(self, w: BulkWriter, rng: random.Random, orgs: Orgs, services: dict[str, int],
                 people: People, metering: Metering | None) -> None:
        self.w, self.rng, self.orgs, self.services = w, rng, orgs, services
        self.people, self.metering = people, metering
        w.declare(Building.__table__, BUILDING_COLUMNS)
        w.declare(Premise.__table__, PREMISE_COLUMNS)
        w.declare(Account.__table__, ("id", "number", "premise_id", "payer_person_id",
                                      "payer_name", "status", "opened_on", "closed_on", "area",
                                      "version"))
        w.declare(AccountService.__table__, ("id", "account_id", "service_id", "supplier_id",
                                             "method", "date_from", "date_to", "fixed_amount",
                                             "meter_required"))
        self.add_account = w.appender(Account.__table__)
        self.account_ids = w.id_source(Account.__table__)
        self.add_service = w.appender(AccountService.__table__)
        self.service_ids = w.id_source(AccountService.__table__)
        self.company_id = 0  # of the building being written
        self.template: list[tuple[int, int, str | None, Resource | None, bool]] = []

    # -- the building ---------------------------------------------------------------------
    def building(self, b: BuildingPlan, remaining: int) -> int:
        """Write the building with at most `remaining` accounts; return how many were made."""
        modes = self._modes(b, remaining)
        b.premises = b.premises[: len(modes)]
        total = sum(p.area for p in b.premises)
        b.common = round(total * self.rng.randint(*b.kind.common_pct) / 100)
        w = self.w
        b.id = w.next_id(Building.__table__)
        self.company_id = self.orgs.ids[b.company_role]
        w.add(Building.__table__, building_row(b, self.company_id, fias_guid(self.rng)))
        for p in b.premises:
            p.id = w.next_id(Premise.__table__)
            w.add(Premise.__table__, (p.id, b.id, p.number, p.kind.value, area_db(p.area),
                                      None if p.living is None else area_db(p.living), p.rooms,
                                      p.entrance, p.floor, 1))
        self._building_prices(b)
        self.template = self._service_template(b)
        if self.metering:
            self.metering.start_building()
        made = 0
        for p, mode in zip(b.premises, modes, strict=True):
            made += self._premise(b, p, mode)
        if self.metering:
            self._building_meters(b)
        return made

    def _modes(self, b: BuildingPlan, remaining: int) -> list[int]:
        """Accounts per premise: 1, a communal flat's rooms (2–3), or -2 for a sold flat."""
        rng, modes, used = self.rng, [], 0
        for p in b.premises:
            if used >= remaining:
                break
            mode = 1
            if p.kind == PremiseKind.FLAT:
                roll = rng.random()
                if roll < b.kind.communal_share and (p.rooms or 1) >= 2:
                    mode = min(p.rooms or 2, 3)
                elif roll > 0.985:
                    mode = -2
            if used + abs(mode) > remaining:
                mode = 1
            modes.append(mode)
            used += abs(mode)
        return modes

    def _building_prices(self, b: BuildingPlan) -> None:
        w, s, k = self.w, self.services, b.kind
        if b.company_role == "tsj":
            prices.indexed_tariff(w, s["maintenance"], *prices.MAINTENANCE_TSJ, building_id=b.id)
        elif not k.capital_repair:  # the new monolith houses
            prices.indexed_tariff(w, s["maintenance"], *prices.MAINTENANCE_NEW, building_id=b.id)
        if b.heating_type == HeatingType.CENTRAL_UNMETERED:
            season = {"old2": 0.0231, "panel5": 0.0213, "panel9": 0.0187}.get(k.code, 0.0158)
            value = season * 7 / 12 if b.heating_mode == "even" else season
            prices.norm(w, s["heating"], f"{value:.4f}", building_id=b.id)
        if not k.gas_stove:
            prices.norm(w, s["electricity"], prices.ELECTRIC_STOVE_NORM, building_id=b.id)
        if k.gas_boiler:
            prices.norm(w, s["gas"], prices.GAS_HEATER_NORM, building_id=b.id)
        if k.lift:
            prices.norm(w, s["common_electricity"], prices.LIFT_COMMON_ELECTRICITY,
                        building_id=b.id, kind="common_needs")

    # -- premises -------------------------------------------------------------------------
    def _premise(self, b: BuildingPlan, p: PremisePlan, mode: int) -> int:
        if p.kind == PremiseKind.NON_RESIDENTIAL:
            return self._shop(b, p)
        if mode > 1:
            return self._communal(b, p, mode)
        rng, people = self.rng, self.people
        earliest = date(max(b.year + (1 if b.year >= 2000 else 0), 1993), 1, 1)
        occupancies = []
        if mode == -2:
            sale = rand_date(rng, SALES_FROM, SALES_TO)
            seller = people.household(SMALL_SHAPES[rng.randrange(len(SMALL_SHAPES))])
            since = rand_date(rng, earliest, date(2025, 6, 30))
            people.settle(seller, p.id, since, sale - timedelta(days=1), False)
            occupancies.append(Occupancy(seller, since, sale - timedelta(days=1)))
            buyer = people.household(rng.choices(SHAPES, weights=SHAPE_WEIGHTS)[0])
            people.settle(buyer, p.id, sale, None, False)
            occupancies.append(Occupancy(buyer, sale, None))
        else:
            shape = rng.choices(SHAPES, weights=SHAPE_WEIGHTS)[0]
            municipal = shape != "vacant" and rng.random() < 0.05
            since = rand_date(rng, date(b.year, 1, 1) if municipal else earliest,
                              date(2025, 6, 30))
            h = people.household(shape)
            people.settle(h, p.id, since, None, municipal)
            occupancies.append(Occupancy(h, since, None))
            if rng.random() < 0.04:
                people.temporary_guest(p.id)
        for o in occupancies:
            assert o.household is not None
            payer = o.household.payer
            o.payer_id, o.payer_name = payer.person_id, payer.full_name
        self._accounts(b, p, occupancies, communal=False)
        return len(occupancies)

    def _communal(self, b: BuildingPlan, p: PremisePlan, rooms: int) -> int:
        """A communal flat: each room its own account, area and owners (shares by area)."""
        rng = self.rng
        weights = [rng.uniform(0.8, 1.2) for _ in range(rooms)]
        parts = [int(p.area * x / sum(weights)) for x in weights]
        parts[-1] = p.area - sum(parts[:-1])
        occupancies = []
        for part in parts:
            h = self.people.household(SMALL_SHAPES[rng.randrange(len(SMALL_SHAPES))])
            since = rand_date(rng, date(max(b.year, 1993), 1, 1), date(2025, 6, 30))
            room = self.account_ids()  # each room's residents are registered to its account
            self.people.settle(h, p.id, since, None, False, share=(part, p.area),
                               account_id=room)
            payer = h.payer
            occupancies.append(Occupancy(h, since, None, part, payer.full_name, payer.person_id,
                                         room))
        self._accounts(b, p, occupancies, communal=True)
        return rooms

    def _shop(self, b: BuildingPlan, p: PremisePlan) -> int:
        rng = self.rng
        name = SHOP_NAMES[rng.randrange(len(SHOP_NAMES))]
        address = f"{b.street}, д. {b.house}, пом. {p.number}"
        org_id = org_row(self.w, rng, OrgKind.OTHER, name, name, address, None,
                         rng.randint(2010, 2024))
        since = rand_date(rng, date(b.year + 1, 1, 1), date(2025, 6, 30))
        self.people.own(p.id, None, org_id, (1, 1), since, None, "Договор купли-продажи")
        self._accounts(b, p, [Occupancy(None, since, None, None, name, None)], communal=False)
        return 1

    # -- accounts, their services and meters ----------------------------------------------
    def _accounts(self, b: BuildingPlan, p: PremisePlan, occupancies: list[Occupancy],
                  communal: bool) -> None:
        has, installs = self._premise_meters(b, p, communal)
        ids = []
        for o in occupancies:
            aid = o.account_id or self.account_ids()
            ids.append(aid)
            status = AccountStatus.CLOSED if o.closed else AccountStatus.OPEN
            self.add_account((
                aid, make_account_number(ACCOUNT_SERIAL_BASE + aid), p.id, o.payer_id,
                o.payer_name, status.value, o.opened, o.closed,
                None if o.area is None else area_db(o.area), 1))
            self._services(p, aid, o, has, installs, communal)
        m = self.metering
        if m is None:
            return
        residents = [o.household.residents if o.household else 2 for o in occupancies]
        habits = [m.habit() for _ in occupancies]
        built = date(b.year, 9, 1)
        if communal:  # each room has its own electricity meter, the flat no water meters
            for aid, o, r, hab in zip(ids, occupancies, residents, habits, strict=True):
                m.individual([(aid, o.closed)], p.id, Resource.ELECTRICITY, 1, [r], [hab], built)
        else:
            spans = [(aid, o.closed) for aid, o in zip(ids, occupancies, strict=True)]
            for resource, zones in has.items():
                m.individual(spans, p.id, resource, zones, residents, habits, built,
                             installs.get(resource))
        for resource, per_person in NORM_USE.items():
            if resource not in has:
                m.add_norm_use(resource, residents[-1], per_person)

    def _premise_meters(self, b: BuildingPlan, p: PremisePlan, communal: bool
                        ) -> tuple[dict[Resource, int], dict[Resource, date]]:
        """Which meters the premise has (resource → zones) and which were installed lately."""
        has: dict[Resource, int] = {}
        installs: dict[Resource, date] = {}
        if self.metering is None or communal:
            return has, installs
        rng, k = self.rng, b.kind
        shop = p.kind == PremiseKind.NON_RESIDENTIAL
        if shop or rng.random() < (0.7 if k.gas_boiler else 0.9):
            has[Resource.COLD_WATER] = 1
        if not k.gas_boiler and (shop or rng.random() < 0.85):
            has[Resource.HOT_WATER] = 1
        if k.gas_boiler and rng.random() < 0.95:
            has[Resource.GAS] = 1
        has[Resource.ELECTRICITY] = 2 if not shop and rng.random() < k.two_zone_share else 1
        for resource in (Resource.COLD_WATER, Resource.HOT_WATER):
            if resource in has and rng.random() < 0.03:
                installs[resource] = rand_date(rng, date(2026, 2, 1), date(2026, 7, 31))
        return has, installs

    def _service_template(self, b: BuildingPlan) -> list[tuple[int, int, str | None,
                                                                Resource | None, bool]]:
        """The building's services: (service, supplier, method, resource whose missing meter
        makes it «required», flats only). Gas by meter where the flat has a gas meter."""
        k = b.kind
        rows: list[tuple[str, str | None, Resource | None, bool]] = [
            ("maintenance", None, None, False), ("cold_water", None, Resource.COLD_WATER, False)]
        if not k.gas_boiler:
            rows.append(("hot_water", None, Resource.HOT_WATER, False))
        rows.append(("sewerage", None, None, False))
        if b.heating_type == HeatingType.CENTRAL_METERED:
            rows.append(("heating", CalcMethod.HEATING_BUILDING_METER.value, None, False))
        elif b.heating_type == HeatingType.CENTRAL_UNMETERED:
            rows.append(("heating", None, None, False))
        rows.append(("electricity", None, Resource.ELECTRICITY, False))
        if k.gas_boiler:
            rows.append(("gas", _GAS_BY_METER, None, True))
        elif k.gas_stove:
            rows.append(("gas", None, None, True))
        rows.append(("waste", None, None, True))
        rows += [("common_cold_water", None, None, False),
                 ("common_electricity", None, None, False)]
        if k.capital_repair:
            rows.append(("capital_repair", None, None, False))
        if b.intercom:
            rows.append(("intercom", None, None, True))
        return [(self.services[code], self.orgs.supplier_for(code, self.company_id), method,
                 resource, flats_only) for code, method, resource, flats_only in rows]

    def _services(self, p: PremisePlan, account_id: int, o: Occupancy,
                  has: dict[Resource, int], installs: dict[Resource, date],
                  communal: bool) -> None:
        rng, add, ids = self.rng, self.add_service, self.service_ids
        flat = p.kind == PremiseKind.FLAT
        ask = self.metering is not None and not communal
        for service_id, supplier_id, method, resource, flats_only in self.template:
            if flats_only and not flat:
                continue
            if method == _GAS_BY_METER:
                method = CalcMethod.METERED.value if Resource.GAS in has else None
            # a meter is required and possible but absent: norm × the raising coefficient
            required = ask and resource is not None and (
                resource in installs or (resource not in has and rng.random() < 0.8))
            add((ids(), account_id, service_id, supplier_id, method, o.opened, o.closed, None,
                 required))

    def _building_meters(self, b: BuildingPlan) -> None:
        """ОДПУ: heat where heating is by the building meter; water and power for ОДН."""
        m = self.metering
        assert m is not None
        rng, built = self.rng, date(b.year, 9, 1)
        later = range(1, len(m.periods))
        if b.heating_type == HeatingType.CENTRAL_METERED:
            area = (sum(p.area for p in b.premises) + b.common) / 10
            heat = [0] + [int(area * 18.7 * HEAT_MONTH.get(m.periods[i].month, 0)
                              * rng.uniform(0.9, 1.1)) for i in later]
            m.building(b.id, Resource.HEAT, heat, built)
        if not b.building_meters:
            return
        common = b.common / 10
        for resource, norm in ((Resource.COLD_WATER, 26.4),
                               (Resource.ELECTRICITY, 1540 if b.kind.lift else 980)):
            monthly = [0] + [m.use[resource][i] + int(common * norm * rng.uniform(0.5, 1.6))
                             for i in later]
            m.building(b.id, resource, monthly, built)
