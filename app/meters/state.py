"""Loading meters and their reading history in bulk, as plain data for the checks and sheets.

Everything here reads; nothing writes. Queries go by chunks of ids so that a 100 000-row import
costs a handful of round trips, not one per row.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import String, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from app.calc.period import Period
from app.meters.rules import (
    DEFAULT_SPIKE_FACTOR,
    RESOURCE_ORDER,
    SPIKE_FACTOR_CODE,
    SeriesReading,
    average,
    monthly_history,
)
from app.models import (
    Account,
    AccountListMember,
    BillingPeriod,
    Building,
    Meter,
    Premise,
    Reading,
    RuleParameter,
)
from app.models.enums import MeterKind, MeterStatus, PeriodStatus, ReadingKind
from app.rights import Actor

CHUNK = 2000
HISTORY_MONTHS = 7  # the average window (6) plus the reading the first month is measured from


@dataclass(frozen=True, slots=True)
class MeterInfo:
    """A meter with where it counts, as sheets and checks show it."""

    meter_id: int
    kind: str
    resource: str
    serial: str
    model: str | None
    zones: int
    digits: int
    status: str
    installed_on: date
    next_verification: date | None
    account_id: int | None
    account_number: str | None
    building_id: int | None
    street: str
    house: str
    flat: str  # "" for a building meter

    @property
    def address(self) -> str:
        flat = f", кв. {self.flat}" if self.flat else ""
        return f"{self.street}, д. {self.house}{flat}"

    def sort_key(self) -> tuple[Any, ...]:
        return (self.street, _natural(self.house), _natural(self.flat),
                RESOURCE_ORDER.get(self.resource, 99), self.serial, self.meter_id)


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """'12а' after '9', before '100': numbers compare as numbers."""
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in re.findall(r"\d+|\D+", text))


@dataclass(slots=True)
class ZoneState:
    """One meter zone around a period: the reading before it, the one in it, the one after."""

    previous: SeriesReading | None = None
    previous_taken_on: date | None = None
    current: SeriesReading | None = None  # the regular reading already stored for the period
    current_id: int | None = None
    following: Decimal | None = None
    average: Decimal | None = None
    history: list[tuple[int, Decimal]] = field(default_factory=list)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _meter_query() -> Any:
    acc = aliased(Account)
    prem = aliased(Premise)
    bld = aliased(Building)
    q = (
        select(Meter.id, Meter.kind, Meter.resource, Meter.serial, Meter.model, Meter.zones,
               Meter.digits, Meter.status, Meter.installed_on, Meter.next_verification,
               Meter.account_id, acc.number, bld.id, bld.street, bld.house, prem.number)
        .select_from(Meter)
        .outerjoin(acc, acc.id == Meter.account_id)
        .outerjoin(prem, prem.id == func.coalesce(Meter.premise_id, acc.premise_id))
        .outerjoin(bld, bld.id == func.coalesce(Meter.building_id, prem.building_id))
    )
    return q, bld


def _info(row: Any) -> MeterInfo:
    return MeterInfo(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                     row[9], row[10], row[11], row[12], row[13] or "", row[14] or "",
                     row[15] or "")


def _scoped(q: Any, bld: Any, actor: Actor) -> Any:
    if actor.building_ids:
        q = q.where(bld.id.in_(actor.building_ids))
    if actor.company_ids:
        q = q.where(bld.company_id.in_(actor.company_ids))
    return q


def meters_by_id(s: Session, actor: Actor, ids: Iterable[int]) -> dict[int, MeterInfo]:
    q, bld = _meter_query()
    q = _scoped(q, bld, actor)
    out: dict[int, MeterInfo] = {}
    for part in chunks(sorted(set(ids))):
        for row in s.connection().execute(q.where(Meter.id.in_(part))):
            out[row[0]] = _info(row)
    return out


def meters_by_serial(s: Session, actor: Actor, serials: Iterable[str]
                     ) -> dict[str, list[MeterInfo]]:
    """Active meters by serial (a serial may repeat across makers, hence lists)."""
    q, bld = _meter_query()
    q = _scoped(q.where(Meter.status == MeterStatus.ACTIVE), bld, actor)
    out: dict[str, list[MeterInfo]] = defaultdict(list)
    for part in chunks(sorted(set(serials))):
        for row in s.connection().execute(q.where(Meter.serial.in_(part))):
            out[row[3]].append(_info(row))
    return out


def select_meters(s: Session, actor: Actor, period: Period, *, building_id: int | None = None,
                  street: str | None = None, list_id: int | None = None,
                  account_id: int | None = None) -> list[MeterInfo]:
    """Active meters installed by the end of the period, filtered, in walking order."""
    if building_id is None and street is None and list_id is None and account_id is None:
        raise ValueError("Укажите дом, улицу, маршрут или лицевой счёт")
    q, bld = _meter_query()
    q = _scoped(q, bld, actor).where(Meter.status == MeterStatus.ACTIVE,
                                     Meter.installed_on <= period.last_day)
    if building_id is not None:
        q = q.where(bld.id == building_id)
    if street is not None:
        q = q.where(bld.street == street)
    if list_id is not None:
        members = select(AccountListMember.account_id).where(AccountListMember.list_id == list_id)
        q = q.where(Meter.account_id.in_(members))
    if account_id is not None:
        premise = select(Account.premise_id).where(Account.id == account_id).scalar_subquery()
        q = q.where(or_(Meter.account_id == account_id,
                        and_(Meter.kind == MeterKind.COMMON_APARTMENT,
                             Meter.premise_id == premise)))
    return sorted((_info(r) for r in s.execute(q)), key=MeterInfo.sort_key)


def load_states(s: Session, meters: Iterable[MeterInfo], period: Period
                ) -> dict[tuple[int, int], ZoneState]:
    """Every zone of the meters: previous, current and following readings and the average."""
    by_id = {m.meter_id: m for m in meters}
    series: dict[tuple[int, int], list[tuple[SeriesReading, Any, int]]] = defaultdict(list)
    start = period.shift(-HISTORY_MONTHS).code
    ids = sorted(by_id)
    for part in chunks(ids):
        for mid, zone, p, kind, value, roll, taken, rid in s.connection().execute(
                _series_query().where(Reading.meter_id.in_(part), Reading.period >= start)):
            series[(mid, zone)].append((SeriesReading(p, kind, value, roll), taken, rid))
    _load_older(s, ids, start, series)
    states: dict[tuple[int, int], ZoneState] = {}
    for mid, info in by_id.items():
        for zone in range(1, info.zones + 1):
            states[(mid, zone)] = _zone_state(series.get((mid, zone), []), period, info.digits)
    return states


def _series_query() -> Any:
    # the date as the driver gives it (SQLite: text): only the previous reading's is parsed
    return select(Reading.meter_id, Reading.zone, Reading.period, Reading.kind, Reading.value,
                  Reading.rollover, type_coerce(Reading.taken_on, String), Reading.id)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _load_older(s: Session, ids: Sequence[int], start: int,
                series: dict[tuple[int, int], list[tuple[SeriesReading, Any, int]]]) -> None:
    """For zones with no reading in the window, the latest reading before it (long-unread
    meters still have a previous reading to measure from)."""
    missing = sorted({mid for mid in ids} - {mid for mid, _ in series})
    for part in chunks(missing):
        latest = (select(Reading.meter_id, Reading.zone, func.max(Reading.period).label("p"))
                  .where(Reading.meter_id.in_(part), Reading.period < start)
                  .group_by(Reading.meter_id, Reading.zone).subquery())
        rows = s.connection().execute(
            _series_query().join(latest, and_(latest.c.meter_id == Reading.meter_id,
                               latest.c.zone == Reading.zone, latest.c.p == Reading.period)))
        for mid, zone, p, kind, value, roll, taken, rid in rows:
            series[(mid, zone)].append((SeriesReading(p, kind, value, roll), taken, rid))


def _zone_state(items: list[tuple[SeriesReading, Any, int]], period: Period,
                digits: int) -> ZoneState:
    st = ZoneState()
    code = period.code
    key = (code, 1)  # where the period's regular reading sits in the order
    items.sort(key=lambda x: x[0].order)
    taken_before = None
    for r, taken, rid in items:
        order = r.order
        if order < key:
            st.previous, taken_before = r, taken
        elif order == key:
            st.current, st.current_id = r, rid
        elif st.following is None and r.kind != ReadingKind.INITIAL:
            st.following = r.value
    st.previous_taken_on = _as_date(taken_before)
    st.history = monthly_history([i[0] for i in items], code, digits)
    st.average = average(st.history)
    return st


def period_closed(s: Session, period: Period) -> bool:
    """A period is closed when it, or any later period, has been closed."""
    found = s.scalar(select(func.count()).select_from(BillingPeriod).where(
        BillingPeriod.code >= period.code, BillingPeriod.status == PeriodStatus.CLOSED))
    return bool(found)


def spike_factor(s: Session, on: date) -> Decimal:
    """The multiple of the average above which a consumption is questioned (data, dated)."""
    value = s.scalar(
        select(RuleParameter.value)
        .where(RuleParameter.code == SPIKE_FACTOR_CODE, RuleParameter.date_from <= on,
               or_(RuleParameter.date_to.is_(None), RuleParameter.date_to >= on),
               RuleParameter.company_id.is_(None))
        .order_by(RuleParameter.date_from.desc()).limit(1))
    return value if value is not None else DEFAULT_SPIKE_FACTOR

