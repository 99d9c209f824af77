"""Loading meters and their reading history in bulk, as plain data for the checks and sheets.

Everything here reads; nothing writes. A set of meters goes to the database as one value (see
`among`), so a 100 000-row import costs a handful of statements, not one per row or per chunk;
the big results are read as the driver's tuples and turned into plain tuples and small objects.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Connection,
    CursorResult,
    String,
    and_,
    any_,
    bindparam,
    case,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from app.calc.period import Period
from app.meters.rules import (
    AVERAGE_WINDOW,
    DEFAULT_SPIKE_FACTOR,
    KIND_RANK,
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

HISTORY_MONTHS = 7  # the average window (6) plus the reading the first month is measured from
_SCALE = 10 ** 6  # app.models.base.Quantity: a quantity is stored as an integer of millionths
_DEC_SCALE = Decimal(_SCALE)
_AVERAGE_PLACES = Decimal("0.001")  # as rules.average rounds


class MeterInfo(NamedTuple):
    """A meter with where it counts, as sheets and checks show it (a tuple: an import builds one
    per row of a hundred-thousand-line file)."""

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


def among(column: Any, values: Collection[Any], dialect: str) -> Any:
    """`column IN values` with the whole set as one bound value (a JSON array on SQLite, an
    array on PostgreSQL): one statement for a hundred thousand meters, nothing to expand."""
    items = list(values)
    if dialect == "sqlite":
        each = func.json_each(bindparam(None, json.dumps(items, ensure_ascii=False),
                                        type_=String)).table_valued("value")
        return column.in_(select(each.c.value))
    if dialect == "postgresql":
        return column == any_(bindparam(None, items, type_=ARRAY(column.type)))
    return column.in_(items)


def _meter_query() -> Any:
    acc = aliased(Account)
    prem = aliased(Premise)
    bld = aliased(Building)
    q = (
        select(Meter.id, Meter.kind, Meter.resource, Meter.serial, Meter.model, Meter.zones,
               Meter.digits, Meter.status, Meter.installed_on, Meter.next_verification,
               Meter.account_id, acc.number, bld.id, func.coalesce(bld.street, ""),
               func.coalesce(bld.house, ""), func.coalesce(prem.number, ""))
        .select_from(Meter)
        .outerjoin(acc, acc.id == Meter.account_id)
        .outerjoin(prem, prem.id == func.coalesce(Meter.premise_id, acc.premise_id))
        .outerjoin(bld, bld.id == func.coalesce(Meter.building_id, prem.building_id))
    )
    return q, bld


_info = MeterInfo._make  # the query's columns are the tuple's fields, in order


def _scoped(q: Any, bld: Any, actor: Actor) -> Any:
    if actor.building_ids:
        q = q.where(bld.id.in_(actor.building_ids))
    if actor.company_ids:
        q = q.where(bld.company_id.in_(actor.company_ids))
    return q


def meters_by_id(s: Session, actor: Actor, ids: Iterable[int]) -> dict[int, MeterInfo]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    q, bld = _meter_query()
    conn = s.connection()
    rows = _tuples(conn.execute(_scoped(q, bld, actor).where(
        among(Meter.id, wanted, conn.dialect.name))))
    return {row[0]: _info_raw(row) for row in rows}


def meters_by_serial(s: Session, actor: Actor, serials: Iterable[str]
                     ) -> dict[str, list[MeterInfo]]:
    """Active meters by serial (a serial may repeat across makers, hence lists)."""
    wanted = sorted(set(serials))
    out: dict[str, list[MeterInfo]] = defaultdict(list)
    if not wanted:
        return out
    q, bld = _meter_query()
    q = _scoped(q.where(Meter.status == MeterStatus.ACTIVE), bld, actor)
    conn = s.connection()
    for row in _tuples(conn.execute(q.where(among(Meter.serial, wanted, conn.dialect.name)))):
        out[row[3]].append(_info_raw(row))
    return out


def _info_raw(row: Any) -> MeterInfo:
    """A MeterInfo from the driver's tuple (on SQLite the dates come as text)."""
    return MeterInfo(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                     _as_date(row[8]) or date.min, _as_date(row[9]), row[10], row[11], row[12],
                     row[13], row[14], row[15])


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


# a stored reading as loaded: (meter id, zone, period, kind rank, value in millionths,
# rollover, taken_on, id) — plain tuples sort in reading order without a key function
_Loaded = tuple[int, int, int, int, int, Any, Any, int]
_REGULAR_RANK = KIND_RANK[ReadingKind.REGULAR]
_INITIAL_RANK = KIND_RANK[ReadingKind.INITIAL]
_KIND = {rank: str(kind) for kind, rank in KIND_RANK.items()}
_ZONE = itemgetter(0, 1)


def load_states(s: Session, meters: Iterable[MeterInfo], period: Period
                ) -> dict[tuple[int, int], ZoneState]:
    """Every zone of the meters: previous, current and following readings and the average."""
    by_id = {m.meter_id: m for m in meters}
    rows = _load_series(s.connection(), sorted(by_id), period) if by_id else []
    code = period.code
    states: dict[tuple[int, int], ZoneState] = {}
    for key, group in groupby(rows, _ZONE):
        info = by_id[key[0]]
        if 1 <= key[1] <= info.zones:
            states[key] = _zone_state(list(group), code, info.digits)
    for mid, info in by_id.items():
        for zone in range(1, info.zones + 1):
            if (mid, zone) not in states:
                states[(mid, zone)] = ZoneState()
    return states


def _load_series(conn: Connection, ids: list[int], period: Period) -> list[_Loaded]:
    """The meters' readings of the average's window; for meters with none in it, the latest
    reading before it (long-unread meters still have a previous reading to measure from).
    Sorted by meter, zone and reading order."""
    start = period.shift(-HISTORY_MONTHS).code
    dialect = conn.dialect.name
    rows = _tuples(conn.execute(_series_query().where(
        among(Reading.meter_id, ids, dialect), Reading.period >= start)))
    seen = {r[0] for r in rows}
    missing = [mid for mid in ids if mid not in seen]
    if missing:
        latest = (select(Reading.meter_id, Reading.zone, func.max(Reading.period).label("p"))
                  .where(among(Reading.meter_id, missing, dialect), Reading.period < start)
                  .group_by(Reading.meter_id, Reading.zone).subquery())
        rows += _tuples(conn.execute(_series_query().join(latest, and_(
            latest.c.meter_id == Reading.meter_id, latest.c.zone == Reading.zone,
            latest.c.p == Reading.period))))
    rows.sort()  # (meter, zone, period, kind rank) is unique: tuples never compare further
    return rows


def _series_query() -> Any:
    # the value as the stored integer, the date as the driver gives it (SQLite: text): only
    # what a check uses is converted
    return select(Reading.meter_id, Reading.zone, Reading.period,
                  case(KIND_RANK, value=Reading.kind), type_coerce(Reading.value, BigInteger),
                  Reading.rollover,
                  type_coerce(Reading.taken_on, String), Reading.id)


def _tuples(result: CursorResult[Any]) -> list[Any]:
    """The driver's own tuples (no row objects, no conversions: on SQLite a rollover comes as
    0/1 and a date as text), for the hundreds of thousands of readings an import loads."""
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return _date_text(str(value))


@lru_cache(maxsize=4096)  # installation, verification and reading dates repeat across meters
def _date_text(text: str) -> date:
    return date.fromisoformat(text[:10])


def _qty(stored: int) -> Decimal:
    """`app.models.base.quantity_from_db`, with whole numbers (most readings) the short way."""
    whole, frac = divmod(stored, _SCALE)
    if not frac:
        return Decimal(whole)
    return (Decimal(stored) / _DEC_SCALE).normalize()


def _zone_state(items: list[_Loaded], code: int, digits: int) -> ZoneState:
    """One zone's readings, in order, around the period `code`."""
    st = ZoneState()
    before = 0  # readings before the period: a prefix of the sorted list
    plain = True  # regular readings only, no rollover: each month's consumption is a difference
    for i, (_, _, p, rank, value, roll, _, rid) in enumerate(items):
        if p < code or (p == code and rank < _REGULAR_RANK):
            before = i + 1
        elif p == code and rank == _REGULAR_RANK:
            st.current = SeriesReading(p, ReadingKind.REGULAR.value, _qty(value), bool(roll))
            st.current_id = rid
        elif st.following is None and rank != _INITIAL_RANK:
            st.following = _qty(value)
        plain = plain and rank == _REGULAR_RANK and not roll
    if before:
        _, _, p, rank, value, roll, taken, _ = items[before - 1]
        st.previous = SeriesReading(p, _KIND[rank], _qty(value), bool(roll))
        st.previous_taken_on = _as_date(taken)
    st.average = _plain_average(items, before) if plain else average(monthly_history(
        [SeriesReading(r[2], _KIND[r[3]], _qty(r[4]), bool(r[5])) for r in items], code, digits))
    return st


def _plain_average(items: list[_Loaded], before: int) -> Decimal | None:
    """`rules.average(rules.monthly_history(...))` for a zone of regular readings without
    rollover, one a month: the last n months' consumptions add up to the difference of the
    readings n months apart, so the average is one subtraction and one division."""
    steps = min(before - 1, AVERAGE_WINDOW)
    if steps <= 0:
        return None
    used = items[before - 1][4] - items[before - 1 - steps][4]
    return (Decimal(used) / (steps * _DEC_SCALE)).quantize(_AVERAGE_PLACES)


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

