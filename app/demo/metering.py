"""Meters of the demo town and their readings.

Each physical meter gets a true cumulative series (month-end values, in thousandths of a unit) from
a plausible monthly consumption; readings are what the residents reported of it: whole units,
some months missing (not submitted), never decreasing. The first period of the window is the
value carried over from the previous system (source «import»), so every month of the window has
a consumption. A premise that changed owners keeps its meter: the old account's meter ends with
a final reading on the day of the sale, the new account's starts with the same value as initial.
Building meters (ОДПУ) see the sum of all flats plus the common use and report every month.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.bulk import BulkWriter
from app.calc.period import Period
from app.demo.people import rand_date
from app.models import Meter, Reading
from app.models.enums import MeterKind, MeterStatus, ReadingKind, ReadingSource, Resource

METER_COLUMNS = (
    "id", "kind", "resource", "service_id", "account_id", "premise_id", "building_id", "serial",
    "model", "zones", "digits", "installed_on", "seal_number", "sealed_on", "verified_on",
    "verification_interval_years", "next_verification", "status", "removed_on",
    "replaced_by_id", "version",
)
READING_COLUMNS = ("id", "meter_id", "period", "taken_on", "zone", "value", "kind", "source",
                   "rollover", "entered_by_id", "entered_at", "import_key")


@dataclass(frozen=True)
class MeterModel:
    resource: Resource
    service: str
    interval: int  # years between verifications
    digits: int
    models: tuple[str, ...]
    per_person: int  # thousandths of a unit a month
    base: int = 0


MODELS = {
    Resource.COLD_WATER: MeterModel(Resource.COLD_WATER, "cold_water", 6, 5,
                                    ("ВСХ-15", "СГВ-15 «Бетар»", "Пульсар Ду15", "ВСКМ 90-15"),
                                    3200, 300),
    Resource.HOT_WATER: MeterModel(Resource.HOT_WATER, "hot_water", 4, 5,
                                   ("ВСГ-15", "СГВ-15 «Бетар»", "Пульсар Ду15 ГВ"), 2300, 200),
    Resource.ELECTRICITY: MeterModel(Resource.ELECTRICITY, "electricity", 16, 6,
                                     ("Меркурий 201.8", "Нева 101 1S0", "СЕ 101 R5"),
                                     85_000, 60_000),
    Resource.GAS: MeterModel(Resource.GAS, "gas", 10, 5, ("ВК-G4", "СГМН-1 G6", "Гранд-4"),
                             0, 110_000),
}
TWO_ZONE_MODELS = ("Меркурий 200.02", "Нева МТ 114", "СЕ 102М S7")
BUILDING_MODELS = {
    Resource.HEAT: ("heating", 4, 7, "ВКТ-7"),
    Resource.COLD_WATER: ("common_cold_water", 6, 7, "ВСХН-50"),
    Resource.ELECTRICITY: ("common_electricity", 16, 7, "Меркурий 230 ART"),
}
# heating use by calendar month, × area × the season norm (Oct…Apr, a little in May)
HEAT_MONTH = {10: 0.6, 11: 1.0, 12: 1.3, 1: 1.45, 2: 1.3, 3: 1.05, 4: 0.7, 5: 0.15}
GAS_MONTH = {10: 1.2, 11: 1.8, 12: 2.2, 1: 2.4, 2: 2.1, 3: 1.7, 4: 1.1, 5: 0.5}
HISTORY_START = date(2025, 11, 1)


def add_years(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def submission_habit(rng: random.Random, months: int) -> tuple[bool, ...]:
    """Which periods an account reports (index 0 = the carried-over value, always there)."""
    roll = rng.random()
    if roll < 0.05:  # stopped reporting: the account goes to average, then to norm
        stop = rng.randint(max(1, months - 6), max(1, months - 3))
        return tuple(i == 0 or i < stop for i in range(months + 1))
    miss = 0.04 if roll < 0.8 else 0.25
    last = 0.15 if roll < 0.8 else 0.4  # the open period: readings are still coming in
    return tuple(i == 0 or rng.random() >= (last if i == months else miss)
                 for i in range(months + 1))


class Metering:
    def __init__(self, w: BulkWriter, rng: random.Random, periods: list[Period],
                 services: dict[str, int], operator_id: int) -> None:
        self.w, self.rng, self.periods = w, rng, periods
        self.services, self.operator_id = services, operator_id
        self.use: dict[Resource, list[int]] = {}
        w.declare(Meter.__table__, METER_COLUMNS)
        w.declare(Reading.__table__, READING_COLUMNS)
        self.add_reading = w.appender(Reading.__table__)
        self.reading_ids = w.id_source(Reading.__table__)

    def habit(self) -> tuple[bool, ...]:
        return submission_habit(self.rng, len(self.periods) - 1)

    def start_building(self) -> None:
        self.use = {r: [0] * len(self.periods) for r in (Resource.COLD_WATER, Resource.HOT_WATER,
                                                           Resource.ELECTRICITY)}

    # -- consumption ----------------------------------------------------------------------
    def monthly(self, model: MeterModel, residents: int, i: int) -> int:
        month = self.periods[i].month
        mean = model.base + model.per_person * residents if residents else model.base // 3
        if model.resource == Resource.GAS:
            mean = int(mean * GAS_MONTH.get(month, 0.25))
        elif model.resource == Resource.ELECTRICITY:
            mean = int(mean * (1.2 if month in (11, 12, 1, 2) else 0.85 if month in (6, 7, 8)
                               else 1.0))
        return max(0, int(mean * self.rng.gauss(1.0, 0.18)))

    def add_norm_use(self, resource: Resource, residents: int, per_person: int) -> None:
        """An unmetered account still uses water: the building meter sees it."""
        if resource in self.use:
            for i in range(1, len(self.periods)):
                self.use[resource][i] += per_person * residents

    # -- individual meters ----------------------------------------------------------------
    def individual(self, accounts: list[tuple[int, date | None]], premise_id: int,
                   resource: Resource, zones: int, residents: list[int],
                   habits: list[tuple[bool, ...]], built: date, installed: date | None = None
                   ) -> None:
        """One physical meter of a premise; `accounts` are (account, its last day) in order —
        two when the premise was sold within the window."""
        rng, model = self.rng, MODELS[resource]
        if installed is not None:  # installed after a sale: the seller never had this meter
            kept = [k for k, (_a, last_day) in enumerate(accounts)
                    if last_day is None or last_day >= installed]
            accounts = [accounts[k] for k in kept]
            residents = [residents[k] for k in kept]
            habits = [habits[k] for k in kept]
        n = len(self.periods)
        first = 0 if installed is None else self._index(installed)
        shares = [1.0] if zones == 1 else [s := rng.uniform(0.62, 0.78), 1.0 - s]
        installed_on = installed or rand_date(rng, max(built, date(2010, 1, 1)),
                                              date(2025, 6, 30))
        start_months = max(6, (date(2025, 10, 1) - installed_on).days // 30)
        cum = [[0] * n for _ in shares]
        for z, share in enumerate(shares):
            value = int(model.per_person * max(residents[0], 1) * start_months * share
                        * rng.uniform(0.6, 1.1)) if installed is None else rng.randrange(5000)
            for i in range(n):
                if i > first or (i == first and installed is not None and i > 0):
                    k = 0 if len(accounts) == 1 or i <= self._index(accounts[0][1]) else 1
                    use = int(self.monthly(model, residents[k], i) * share)
                    value += use
                    if resource in self.use:
                        self.use[resource][i] += use
                cum[z][i] = value
        model_name = (TWO_ZONE_MODELS if zones == 2 else model.models)[rng.randrange(3)]
        serial = f"{rng.randrange(10, 26)}{rng.randrange(10**6):06d}"
        self._emit_segments(accounts, premise_id, model, zones, model_name, serial, cum, habits,
                            installed_on, installed, first)

    def _emit_segments(self, accounts: list[tuple[int, date | None]], premise_id: int,
                       model: MeterModel, zones: int, model_name: str, serial: str,
                       cum: list[list[int]], habits: list[tuple[bool, ...]],
                       installed_on: date, installed: date | None, first: int) -> None:
        last = len(self.periods) - 1
        for k, (account_id, last_day) in enumerate(accounts):
            sold = last_day is not None and k == 0 and len(accounts) > 1
            start = installed_on
            if k > 0:
                previous_end = accounts[k - 1][1]
                assert previous_end is not None
                start = previous_end + timedelta(days=1)
            meter_id = self._meter_row(account_id, premise_id, model, zones, model_name, serial,
                                       start, removed=last_day if sold else None)
            lo, hi = first, last
            if k > 0:
                lo = self._index(start)
                self._reading(meter_id, lo, self._cut(cum, lo, start, False),
                              ReadingKind.INITIAL, start)
            elif installed is not None:
                self._reading(meter_id, first, self._cut(cum, first, installed, False),
                              ReadingKind.INITIAL, installed)
            if sold:
                assert last_day is not None
                hi = self._index(last_day) - 1
            for i in range(lo, hi + 1):
                if habits[k][i] and (i > 0 or installed is None):
                    self._reading(meter_id, i, [c[i] for c in cum], ReadingKind.REGULAR, None)
            if sold:
                assert last_day is not None
                j = self._index(last_day)
                self._reading(meter_id, j, self._cut(cum, j, last_day, True),
                              ReadingKind.FINAL, last_day)

    def _cut(self, cum: list[list[int]], i: int, day: date, end_of_day: bool) -> list[int]:
        """The value at the start (or end) of `day` inside period i, between the month ends."""
        if i == 0:
            return [c[0] for c in cum]
        frac = (day.day - (0 if end_of_day else 1)) / self.periods[i].days
        return [c[i - 1] + int((c[i] - c[i - 1]) * frac) for c in cum]

    def _reading(self, meter_id: int, i: int, values: list[int], kind: ReadingKind,
                 day: date | None, building: bool = False) -> None:
        rng, p = self.rng, self.periods[i]
        taken = day or date(p.year, p.month, rng.randint(18, 25))
        user: int | None = None
        if building or (i == 0 and kind == ReadingKind.REGULAR):
            source = ReadingSource.IMPORT
        elif kind != ReadingKind.REGULAR:
            source, user = ReadingSource.OPERATOR, self.operator_id
        else:
            roll = rng.random()
            source = (ReadingSource.CONSUMER if roll < 0.55 else ReadingSource.OPERATOR
                      if roll < 0.85 else ReadingSource.IMPORT)
            user = self.operator_id if source == ReadingSource.OPERATOR else None
        at = datetime(taken.year, taken.month, taken.day, rng.randint(4, 13), rng.randrange(60))
        for z, v in enumerate(values):
            # residents report whole units; a building meter's telemetry keeps three decimals
            stored = v * 1000 if building else (v // 1000) * 1_000_000
            self.add_reading((self.reading_ids(), meter_id, p.code, taken, z + 1, stored,
                           kind.value, source.value, False, user, at, None))

    def _index(self, day: date | None) -> int:
        if day is None:
            return len(self.periods) - 1
        code = day.year * 100 + day.month
        for i, p in enumerate(self.periods):
            if p.code == code:
                return i
        return 0 if code < self.periods[0].code else len(self.periods) - 1

    def _meter_row(self, account_id: int | None, premise_id: int | None, model: MeterModel,
                   zones: int, model_name: str, serial: str, installed: date,
                   removed: date | None = None, building_id: int | None = None,
                   kind: MeterKind = MeterKind.INDIVIDUAL) -> int:
        rng, t = self.rng, Meter.__table__
        verified = installed
        due = add_years(verified, model.interval) - timedelta(days=1)
        while due < date(2026, 10, 1) and (due < HISTORY_START or rng.random() < 0.7):
            verified = due - timedelta(days=rng.randrange(20))
            due = add_years(verified, model.interval) - timedelta(days=1)
        mid = self.w.next_id(t)
        self.w.add(t, (
            mid, kind.value, model.resource.value, self.services[model.service], account_id,
            premise_id, building_id, serial, model_name, zones, model.digits, installed,
            f"{rng.randrange(10**6, 10**7)}", installed, verified, model.interval, due,
            (MeterStatus.REMOVED if removed else MeterStatus.ACTIVE).value, removed, None, 1))
        return mid

    # -- building meters (ОДПУ) -----------------------------------------------------------
    def building(self, building_id: int, resource: Resource, monthly: list[int],
                 built: date) -> None:
        service, interval, digits, name = BUILDING_MODELS[resource]
        model = MeterModel(resource, service, interval, digits, (name,), 0)
        serial = f"{self.rng.randrange(10**7, 10**8)}"
        installed = max(built, date(2012, 1, 1)) + timedelta(days=self.rng.randrange(300))
        mid = self._meter_row(None, None, model, 1, name, serial, installed,
                              building_id=building_id, kind=MeterKind.BUILDING)
        value = self.rng.randrange(10**5, 10**6) * 1000
        series = []
        for use in monthly:
            value += use
            series.append(value)
        for i in range(len(self.periods)):
            self._reading(mid, i, [series[i]], ReadingKind.REGULAR, None, building=True)
