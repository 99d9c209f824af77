"""Bulk loading of everything a period needs, chunk by chunk of whole buildings.

A handful of set-based queries per chunk (accounts, connected services, registrations, owners,
meters, readings) become the engine's `AccountPeriodInput`s. Chunks hold whole buildings so the
common-house needs of a building, which depend on the volumes of all its premises, are computed
within one chunk; memory stays flat whatever the size of the town.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.billing.meter_queries import MeterQueries
from app.billing.meters import MeterRow, ReadingBook, building_volume, usage
from app.billing.occupants import OccupantQueries
from app.billing.prices import (
    AVERAGE_MAX_PERIODS,
    AVERAGE_MIN_MONTHS,
    AVERAGE_WINDOW,
    EMPTY,
    RAISING_COEFFICIENT,
    Prices,
)
from app.billing.scope import Scope
from app.calc.errors import CalcError
from app.calc.inputs import (
    AccountPeriodInput,
    BuildingData,
    MeterUsage,
    Method,
    ServiceInput,
    ServiceKind,
    ServiceRule,
)
from app.calc.methods import Need, applicable_method
from app.calc.methods import needs as needs_of
from app.calc.period import Period
from app.calc.timeline import Timeline
from app.models import (
    Account,
    AccountService,
    Building,
    Premise,
    Service,
)
from app.models.enums import HeatingMode, HeatingType

CHUNK_ACCOUNTS = 20_000

_KIND_BY_CODE = {"waste": ServiceKind.SOLID_WASTE, "maintenance": ServiceKind.MAINTENANCE,
                 "capital_repair": ServiceKind.CAPITAL_REPAIR}
_KIND_BY_RESOURCE = {"cold_water": ServiceKind.COLD_WATER, "hot_water": ServiceKind.HOT_WATER,
                     "sewerage": ServiceKind.SEWERAGE, "electricity": ServiceKind.ELECTRICITY,
                     "gas": ServiceKind.GAS, "heat": ServiceKind.HEATING}


@dataclass(frozen=True, slots=True)
class ServiceRow:
    id: int
    code: str
    unit: str
    method: str
    resource: str | None
    raising_applies: bool
    kind: ServiceKind


@dataclass(frozen=True, slots=True)
class BuildingRow:
    id: int
    company_id: int | None
    heating_type: str
    heating_mode: str
    common_area: Decimal
    premises_area: Decimal


@dataclass(slots=True)
class AccountJob:
    """One account to calculate. `deferred` services need the building's Σ premises volume
    (common-house needs with a building meter) and are priced after the first pass."""

    account_id: int
    building_id: int
    company_id: int | None
    in_scope: bool
    inp: AccountPeriodInput
    deferred: list[ServiceInput] = field(default_factory=list)
    problems: list[CalcError] = field(default_factory=list)


@dataclass
class Chunk:
    jobs: list[AccountJob]
    scope_count: int  # accounts of the scope in this chunk (for progress)
    building_ids: list[int]
    # (building, resource) → services waiting for that building's Σ premises volume
    needs_volume: set[tuple[int, str]] = field(default_factory=set)


class PeriodLoader(MeterQueries, OccupantQueries):
    """Loads a period for a scope; iterate `chunks()` to get the engine inputs."""

    def __init__(self, session: Session, period: Period, scope: Scope,
                 plan: bool = True) -> None:
        self.s = session
        self.c = session.connection()  # Core rows: no ORM loading machinery per row
        self.period = period
        self.scope = scope
        self.first, self.last = period.first_day, period.last_day
        self.prices = Prices(session, period)
        self.services = self._services()
        self._area_cache: dict[Decimal, Timeline] = {}
        self._rule_cache: dict[tuple[object, ...], ServiceRule] = {}
        self._shared_cache: dict[tuple[object, ...], ServiceRule | None] = {}
        self._building_cache: dict[tuple[int, int, Method], BuildingData] = {}
        self.plan = self._plan() if plan else []

    @property
    def total(self) -> int:
        return sum(n for _b, n in self.plan)

    def _services(self) -> dict[int, ServiceRow]:
        out = {}
        for r in self.c.execute(select(Service.id, Service.code, Service.unit, Service.method,
                                       Service.resource, Service.raising_applies)):
            kind = _KIND_BY_CODE.get(r[1]) or _KIND_BY_RESOURCE.get(r[4] or "", ServiceKind.OTHER)
            out[r[0]] = ServiceRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), kind)
        return out

    def _plan(self) -> list[tuple[int, int]]:
        """(building, accounts of the scope in it), in building order."""
        q = (select(Premise.building_id, func.count(Account.id))
             .select_from(Account)
             .join(Premise, Premise.id == Account.premise_id)
             .join(Building, Building.id == Premise.building_id)
             .where(self.scope.condition())
             .group_by(Premise.building_id).order_by(Premise.building_id))
        return [(b, n) for b, n in self.c.execute(q)]

    def tasks(self, size: int) -> list[tuple[list[int], int]]:
        """The chunks to load: (building ids, accounts of the scope in them), of about `size`
        accounts each."""
        out: list[tuple[list[int], int]] = []
        group: list[int] = []
        count = 0
        for building_id, n in self.plan:
            group.append(building_id)
            count += n
            if count >= size:
                out.append((group, count))
                group, count = [], 0
        if group:
            out.append((group, count))
        return out

    # ---- one chunk -------------------------------------------------------------------------

    def chunk(self, building_ids: list[int], scope_count: int) -> Chunk:
        # a building belongs to one chunk: what was built for the previous chunk's buildings
        # (and the lines the engine memoised on those rules) is dropped, so memory stays flat
        self._rule_cache.clear()
        self._shared_cache.clear()
        self._building_cache.clear()
        buildings = self._buildings(building_ids)
        accounts = self._accounts(building_ids)
        ids = [a[0] for a in accounts]
        services = self._account_services(building_ids)
        residents = self._residents(building_ids)
        owners = self._owners(building_ids)
        meters, book = self._meters(building_ids)
        lists = self.prices.account_lists(self.s, ids) if self.prices.list_ids else {}
        bdata, needs = self._building_data(buildings, meters, book)
        chunk = Chunk([], scope_count, building_ids, needs)
        wanted = set(self.scope.account_ids)
        by_account_meters: dict[int, list[MeterRow]] = defaultdict(list)
        for m in meters:
            if m.account_id is not None:
                by_account_meters[m.account_id].append(m)
        for acc_id, premise_id, area, opened, closed, premise_area, building_id in accounts:
            in_scope = not wanted or acc_id in wanted
            b = buildings[building_id]
            if not in_scope and not any((building_id, r) in needs for r in ("cold_water",
                                                                            "electricity")):
                continue
            job = AccountJob(acc_id, building_id, b.company_id, in_scope, None)  # type: ignore[arg-type]
            svc_inputs: list[ServiceInput] = []
            for row in services.get(acc_id, ()):
                try:
                    svc = self._service_input(row, b, lists.get(acc_id, frozenset()),
                                              by_account_meters.get(acc_id, ()), book, bdata)
                except CalcError as err:
                    job.problems.append(err.with_service(self.services[row[0]].code))
                    continue
                if svc is None:
                    continue
                rule = svc.rule
                if rule.building is not None and rule.building.volume is not None \
                        and Need.PREMISES_VOLUME in needs_of(rule.method):
                    job.deferred.append(svc)
                else:
                    svc_inputs.append(svc)
            job.inp = AccountPeriodInput(
                acc_id, self._area(area if area is not None else premise_area),
                tuple(svc_inputs), residents.of(premise_id, acc_id), owners.of(premise_id, acc_id),
                opened, closed)
            chunk.jobs.append(job)
        return chunk

    def _all(self, q):
        """All rows at once: one fetchall instead of a fetchone per row."""
        return self.c.execute(q).all()

    def _area(self, value: Decimal | None) -> Timeline | None:
        if value is None:
            return None
        tl = self._area_cache.get(value)
        if tl is None:
            tl = self._area_cache[value] = Timeline.const(value)
        return tl

    def _in_buildings(self, building_ids: list[int]):
        return Premise.building_id.in_(building_ids)

    def _overlap(self, col_from, col_to):
        return (col_from <= self.last) & or_(col_to.is_(None), col_to >= self.first)

    def _buildings(self, building_ids: list[int]) -> dict[int, BuildingRow]:
        areas = dict(self.c.execute(
            select(Premise.building_id, func.sum(Premise.total_area))
            .where(self._in_buildings(building_ids)).group_by(Premise.building_id)).all())
        out = {}
        for r in self.c.execute(
            select(Building.id, Building.company_id, Building.heating_type,
                   Building.heating_mode, Building.common_area)
            .where(Building.id.in_(building_ids))
        ):
            out[r[0]] = BuildingRow(r[0], r[1], r[2], r[3], r[4] or Decimal(0),
                                    areas.get(r[0]) or Decimal(0))
        return out

    def _accounts(self, building_ids: list[int]) -> list[tuple]:
        q = (select(Account.id, Account.premise_id, Account.area, Account.opened_on,
                    Account.closed_on, Premise.total_area, Premise.building_id)
             .join(Premise, Premise.id == Account.premise_id)
             .where(self._in_buildings(building_ids))
             .order_by(Premise.building_id, Account.id))
        return self._all(q)

    def _account_services(self, building_ids: list[int]) -> dict[int, list[tuple]]:
        a = AccountService
        q = (select(a.service_id, a.supplier_id, a.method, a.date_from, a.date_to,
                    a.fixed_amount, a.meter_required, a.account_id)
             .join(Account, Account.id == a.account_id)
             .join(Premise, Premise.id == Account.premise_id)
             .where(self._in_buildings(building_ids), self._overlap(a.date_from, a.date_to)))
        out: dict[int, list[tuple]] = defaultdict(list)
        for r in self._all(q):
            out[r[7]].append(r)
        for rows in out.values():
            rows.sort(key=lambda r: (r[0], r[3]))
        return out

    def _building_data(self, buildings: dict[int, BuildingRow], meters: list[MeterRow],
                       book: ReadingBook) -> tuple[dict[tuple[int, str], BuildingData],
                                                   set[tuple[int, str]]]:
        volumes: dict[tuple[int, str], Decimal | None] = {}
        for m in meters:
            if m.building_id is not None:
                v = building_volume(m, book, self.period)
                key = (m.building_id, m.resource)
                prev = volumes.get(key, Decimal(0))
                volumes[key] = None if v is None or prev is None else prev + v
        out: dict[tuple[int, str], BuildingData] = {}
        needs: set[tuple[int, str]] = set()
        for key, volume in volumes.items():
            b = buildings[key[0]]
            out[key] = BuildingData(volume, b.premises_area, Decimal(0), b.common_area)
            if volume is not None and key[1] in ("cold_water", "electricity"):
                needs.add(key)
        return out, needs

    def _building_input(self, b: BuildingRow, svc: ServiceRow, method: Method,
                        bdata: dict[tuple[int, str], BuildingData]) -> BuildingData:
        """Kept per (building, service, method) so equal inputs are one shared object."""
        key = (b.id, svc.id, method)
        found = self._building_cache.get(key)
        if found is None:
            meter = bdata.get((b.id, svc.resource or ""))
            volume = meter.volume if meter is not None else None
            norm = (self.prices.norm(svc.id, b.id, "common_needs")
                    if Need.COMMON_NORM in needs_of(method) else None)
            found = BuildingData(volume, b.premises_area, Decimal(0), b.common_area, norm)
            self._building_cache[key] = found
        return found

    def _service_input(self, row: tuple, b: BuildingRow, lists: frozenset[int],
                       meters: list[MeterRow] | tuple[()], book: ReadingBook,
                       bdata: dict[tuple[int, str], BuildingData]) -> ServiceInput | None:
        service_id, supplier_id, method_override, d_from, d_to, fixed, meter_required, _a = row
        start = d_from if d_from > self.first else None
        end = d_to if d_to is not None and d_to < self.last else None
        key = (service_id, supplier_id, method_override, start, end, fixed, b.id, lists)
        if key in self._shared_cache:
            rule = self._shared_cache[key]
        else:
            rule = self._shared_cache[key] = self._shared(
                service_id, supplier_id, method_override, start, end, fixed, b, lists, bdata)
        if rule is None:
            return None
        usages: tuple[MeterUsage, ...] = ()
        wanted = needs_of(rule.method)
        if Need.METER_COUNT in wanted:  # counted, not read: a meter of the resource is one
            resource = self.services[service_id].resource
            usages = tuple(MeterUsage(m.id, None, installed_on=m.installed_on,
                                      removed_on=m.removed_on) for m in meters
                           if resource is None or m.resource == resource)
        elif Need.METERS in wanted:
            # the meters linked to the service, and the unlinked ones of its resource
            resource = self.services[service_id].resource
            usages = tuple(usage(m, book, self.period) for m in meters
                           if m.service_id == service_id
                           or (m.service_id is None and m.resource == resource))
        return ServiceInput(rule, usages, meter_required=bool(meter_required))

    def _shared(self, service_id: int, supplier_id: int, method_override: str | None,
                start: date | None, end: date | None, fixed: int | None, b: BuildingRow,
                lists: frozenset[int], bdata: dict[tuple[int, str], BuildingData]
                ) -> ServiceRule | None:
        """The rule of a connected service in a building; None when nothing is charged."""
        svc = self.services[service_id]
        found = applicable_method(
            Method(method_override or svc.method), svc.kind,
            individually_heated=b.heating_type == HeatingType.INDIVIDUAL,
            building_heat_meter=b.heating_type == HeatingType.CENTRAL_METERED)
        if found is None:
            return None
        method = found
        building: BuildingData | None = None
        if svc.kind == ServiceKind.HEATING and b.heating_mode == HeatingMode.SEASON:
            season = self.prices.season(service_id, b.company_id)
            if season is not None:
                if season[0] > season[1]:
                    return None
                start = max(start or season[0], season[0])
                end = min(end or season[1], season[1])
        if Need.BUILDING in needs_of(method):
            building = self._building_input(b, svc, method, bdata)
        return self._rule(svc, supplier_id, method, start, end, fixed, b, lists, building)

    def _rule(self, svc: ServiceRow, supplier_id: int, method: Method, start: date | None,
              end: date | None, fixed: int | None, b: BuildingRow, lists: frozenset[int],
              building: BuildingData | None) -> ServiceRule:
        """The shared part of a service: one object for all accounts in the same situation."""
        zones = self.prices.tariffs(svc.id, supplier_id, b.id, lists)
        norm = self.prices.norm(svc.id, b.id)
        raising = (self.prices.parameter(RAISING_COEFFICIENT, svc.id, b.company_id)
                   if svc.raising_applies else None)
        # the resolved timelines are shared objects, so their ids say "same prices": buildings
        # with the same prices share one rule (and the engine's memo of computed lines)
        key = (svc.id, supplier_id, method, start, end, fixed, id(norm), id(raising),
               id(building), tuple((z, id(t)) for z, t in zones.items()))
        found = self._rule_cache.get(key)
        if found is not None:
            return found
        tariff = zones.get(0) or zones.get(1) or EMPTY
        if fixed is not None and Need.ACCOUNT_AMOUNT in needs_of(method):
            tariff = Timeline.const(Decimal(fixed) / 100)
        rule = ServiceRule(
            svc.code, method, tariff, supplier_id, svc.kind, svc.unit, norm=norm,
            zone_tariffs={f"T{z}": tl for z, tl in zones.items() if z > 0} or None,
            raising_coefficient=raising,
            building=building, provided_from=start, provided_to=end,
            max_average_periods=self.prices.parameter_int(AVERAGE_MAX_PERIODS, 3, svc.id),
            min_average_months=self.prices.parameter_int(AVERAGE_MIN_MONTHS, 3, svc.id),
            average_window=self.prices.parameter_int(AVERAGE_WINDOW, 6, svc.id),
        )
        self._rule_cache[key] = rule
        return rule

