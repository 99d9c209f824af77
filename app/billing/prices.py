"""Tariffs, norms and rule parameters in force in a period, resolved per account as `Timeline`s.

Loaded once per run with one query each. The most specific scope wins *per day*: a building
tariff from the 15th overrides the town-wide one from that day only. Within one scope level the
rows are passed to the engine as they are, so overlapping rows become the engine's per-account
"periods overlap" error instead of a silent choice. Resolved timelines are cached and shared by
every account with the same situation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.calc.period import Period
from app.calc.timeline import ONE_DAY, DatedValue, Timeline
from app.models import AccountListMember, Norm, RuleParameter, Tariff

# Rule parameters the billing run reads (RuleParameter.code). Values are exact decimals with
# effective dates; a service- or company-specific row wins over a general one.
RAISING_COEFFICIENT = "raising_coefficient"  # повышающий коэффициент, ПП 354 п. 42 (1.5)
AVERAGE_MAX_PERIODS = "average_max_periods"  # periods charged by average, п. 59 (3)
AVERAGE_MIN_MONTHS = "average_min_months"  # fewest months of readings for an average (3)
AVERAGE_WINDOW = "average_window"  # months averaged (6)
HEATING_SEASON = "heating_season"  # value 1 on the days of the heating season (dates = season)

EMPTY = Timeline(())


@dataclass(frozen=True, slots=True)
class _Row:
    id: int
    service_id: int
    rank: int  # 3 account list, 2 building, 1 supplier/company, 0 everywhere
    list_id: int | None
    building_id: int | None
    supplier_id: int | None
    zone: int
    kind: str
    item: DatedValue


def _overlaps(col_from, col_to, first: date, last: date):
    return (col_from <= last) & or_(col_to.is_(None), col_to >= first)


def _item(date_from: date, date_to: date | None, value: Decimal) -> DatedValue:
    return DatedValue(date_from, date_to, value)


def merge_levels(levels: dict[int, list[DatedValue]], first: date, last: date) -> Timeline:
    """One timeline for [first, last]: on each day, the value of the most specific level."""
    ranks = sorted(levels, reverse=True)
    top = Timeline.from_values(levels[ranks[0]])
    if len(ranks) == 1 or top.overlap is not None or top.single(first, last) is not None:
        return top
    timelines = [Timeline.from_values(levels[r]) for r in ranks]
    for tl in timelines:
        if tl.overlap is not None:
            return tl
    cuts: set[date] = {first, last + ONE_DAY}
    for tl in timelines:
        cuts.update(tl.cuts(first, last))
    bounds = sorted(cuts)
    items: list[DatedValue] = []
    for a, b in pairwise(bounds):
        value = next((v for tl in timelines if (v := tl.at(a)) is not None), None)
        if value is None:
            continue
        end = b - ONE_DAY
        if items and items[-1].value == value and items[-1].date_to == a - ONE_DAY:
            items[-1] = DatedValue(items[-1].date_from, end, value)
        else:
            items.append(DatedValue(a, end, value))
    return Timeline(tuple(items))


class Prices:
    """Everything dated that a period needs, indexed for per-account resolution."""

    def __init__(self, session: Session, period: Period) -> None:
        self.period = period
        self.first, self.last = period.first_day, period.last_day
        self._tariffs: dict[int, list[_Row]] = defaultdict(list)
        self._norms: dict[tuple[int, str], list[_Row]] = defaultdict(list)
        self._params: dict[str, list[_Row]] = defaultdict(list)
        self._cache: dict[tuple[object, ...], Timeline] = {}
        self._load(session)
        self.list_ids = {r.list_id for rows in self._tariffs.values() for r in rows if r.list_id}

    def _load(self, s: Session) -> None:
        first, last = self.first, self.last
        t = Tariff
        for r in s.execute(
            select(t.id, t.service_id, t.account_list_id, t.building_id, t.supplier_id, t.zone,
                   t.value, t.date_from, t.date_to)
            .where(_overlaps(t.date_from, t.date_to, first, last))
        ):
            rank = 3 if r[2] else 2 if r[3] else 1 if r[4] else 0
            self._tariffs[r[1]].append(_Row(r[0], r[1], rank, r[2], r[3], r[4], r[5], "",
                                            _item(r[7], r[8], r[6])))
        n = Norm
        for rn in s.execute(
            select(n.id, n.service_id, n.building_id, n.kind, n.value, n.date_from,
                   n.date_to).where(_overlaps(n.date_from, n.date_to, first, last))
        ):
            self._norms[(rn[1], rn[3])].append(_Row(rn[0], rn[1], 2 if rn[2] else 0, None, rn[2],
                                                    None, 0, rn[3], _item(rn[5], rn[6], rn[4])))
        p = RuleParameter
        for rp in s.execute(
            select(p.id, p.code, p.service_id, p.company_id, p.value, p.date_from,
                   p.date_to).where(_overlaps(p.date_from, p.date_to, first, last))
        ):
            # service-specific beats company-specific beats general
            rank = (2 if rp[2] else 0) + (1 if rp[3] else 0)
            self._params[rp[1]].append(_Row(rp[0], rp[2] or 0, rank, None, None, rp[3], 0, "",
                                            _item(rp[5], rp[6], rp[4])))

    def account_lists(self, s: Session, account_ids: Iterable[int]) -> dict[int, frozenset[int]]:
        """The tariff-bearing lists each account belongs to (usually none)."""
        if not self.list_ids:
            return {}
        out: dict[int, set[int]] = defaultdict(set)
        ids = list(account_ids)
        for i in range(0, len(ids), 5000):
            q = select(AccountListMember.account_id, AccountListMember.list_id).where(
                AccountListMember.list_id.in_(self.list_ids),
                AccountListMember.account_id.in_(ids[i:i + 5000]),
            )
            for account_id, list_id in s.execute(q):
                out[account_id].add(list_id)
        return {k: frozenset(v) for k, v in out.items()}

    def _resolve(self, key: tuple[object, ...], rows: Iterable[_Row]) -> Timeline:
        found = self._cache.get(key)
        if found is None:
            levels: dict[int, list[DatedValue]] = defaultdict(list)
            for r in rows:
                levels[r.rank].append(r.item)
            found = merge_levels(levels, self.first, self.last) if levels else EMPTY
            self._cache[key] = found
        return found

    def tariffs(self, service_id: int, supplier_id: int, building_id: int,
                lists: frozenset[int]) -> dict[int, Timeline]:
        """zone → tariff timeline (0 = single-rate) for one account's service."""
        rows = [
            r for r in self._tariffs.get(service_id, ())
            if (r.list_id is None or r.list_id in lists)
            and (r.building_id is None or r.building_id == building_id)
            and (r.supplier_id is None or r.supplier_id == supplier_id)
        ]
        out: dict[int, Timeline] = {}
        for zone in sorted({r.zone for r in rows}):
            key = ("t", zone, tuple(r.id for r in rows if r.zone == zone))
            out[zone] = self._resolve(key, (r for r in rows if r.zone == zone))
        return out

    def norm(self, service_id: int, building_id: int, kind: str = "individual"
             ) -> Timeline | None:
        rows = [r for r in self._norms.get((service_id, kind), ())
                if r.building_id is None or r.building_id == building_id]
        if not rows:
            return None
        return self._resolve(("n", tuple(r.id for r in rows)), rows)

    def parameter(self, code: str, service_id: int | None = None,
                  company_id: int | None = None) -> Timeline | None:
        rows = [r for r in self._params.get(code, ())
                if (not r.service_id or r.service_id == service_id)
                and (r.supplier_id is None or r.supplier_id == company_id)]
        if not rows:
            return None
        return self._resolve(("p", code, tuple(r.id for r in rows)), rows)

    def parameter_int(self, code: str, default: int, service_id: int | None = None,
                      company_id: int | None = None) -> int:
        tl = self.parameter(code, service_id, company_id)
        value = tl.at(self.first) if tl is not None else None
        return int(value) if value is not None else default

    def season(self, service_id: int, company_id: int | None) -> tuple[date, date] | None:
        """The heating-season days of the period: None = no season data (the whole period);
        an empty span (first > last) when the period is entirely out of season."""
        tl = self.parameter(HEATING_SEASON, service_id, company_id)
        if tl is None:
            return None
        bounds = sorted({self.first, *tl.cuts(self.first, self.last)})
        on: list[tuple[date, date]] = []
        for a, b in zip(bounds, [*bounds[1:], self.last + ONE_DAY], strict=True):
            value = tl.at(a)
            if value is not None and value > 0:
                on.append((a, b - ONE_DAY))
        if not on:
            return (self.last, self.first)
        return (on[0][0], on[-1][1])
