"""Meter readings coverage: for each period of the range, the consumers' meters (individual and
common-apartment, bound to an account) in service that month, how many have a reading for it —
by building and resource — and the list of who has not submitted one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, exists, or_, select

from app.accounts.scope import scope_condition
from app.accounts.text import address_line, street_key
from app.calc.account_number import check_account_number
from app.calc.period import Period
from app.db import Database
from app.models import Account, Building, Meter, Premise, Reading, Service
from app.reports.filters import ReportFilter, check_filter, refuse_filters
from app.reports.table import Cell, Column, ReportTable
from app.reports.turnover import natural_key
from app.rights import Actor, Right
from app.titles import RESOURCE, title

COVERAGE = "Сдача показаний приборов учёта"
MISSING = "Не сдали показания"


@dataclass(frozen=True)
class _Meter:
    period: Period
    building: tuple[str, str]  # street, house
    resource: str
    account: str
    payer: str
    address: str
    serial: str
    submitted: bool


def _meters(db: Database, actor: Actor, f: ReportFilter, report: str) -> list[_Meter]:
    actor.require(Right.REPORTS)
    out: list[_Meter] = []
    with db.session() as s:
        check_filter(s, f)
        refuse_filters(f, report, "supplier_id")
        period = f.period_from
        while period <= f.period_to:
            has_reading = exists().where(Reading.meter_id == Meter.id,
                                         Reading.period == period.code)
            q = (select(Building.street, Building.house, Meter.resource, Account.number,
                        Account.payer_name, Premise.number, Premise.kind, Meter.serial,
                        has_reading)
                 .select_from(Meter)
                 .join(Account, Account.id == Meter.account_id)
                 .join(Premise, Premise.id == Account.premise_id)
                 .join(Building, Building.id == Premise.building_id)
                 .where(Meter.installed_on <= period.last_day,
                        or_(Meter.removed_on.is_(None), Meter.removed_on >= period.first_day)))
            if f.company_id is not None:
                q = q.where(Building.company_id == f.company_id)
            if f.building_id is not None:
                q = q.where(Building.id == f.building_id)
            if f.service_code is not None:
                q = q.where(Meter.service_id == select(Service.id).where(
                    Service.code == f.service_code).scalar_subquery())
            if f.account_number is not None:
                q = q.where(Account.number == check_account_number(f.account_number))
            if (in_scope := scope_condition(actor)) is not None:
                q = q.where(and_(in_scope))
            for street, house, resource, number, payer, flat, kind, serial, done in s.execute(q):
                out.append(_Meter(period, (str(street), str(house)), str(resource), str(number),
                                  str(payer or ""), address_line(street, house, flat, kind),
                                  str(serial), bool(done)))
            period = period.next()
    out.sort(key=lambda m: (m.period, street_key(m.building[0]), natural_key(m.building[1]),
                            m.address, m.resource, m.serial))
    return out


def readings_coverage(db: Database, actor: Actor, f: ReportFilter) -> ReportTable:
    meters = _meters(db, actor, f, COVERAGE)
    groups: dict[tuple[Period, tuple[str, str], str], list[int]] = defaultdict(lambda: [0, 0])
    for m in meters:
        g = groups[(m.period, m.building, m.resource)]
        g[0] += 1
        g[1] += m.submitted
    rows: list[Sequence[Cell]] = [
        (p.title(), f"{street}, д. {house}", title(RESOURCE, resource), n, done, n - done,
         _percent(done, n))
        for (p, (street, house), resource), (n, done) in groups.items()]
    n_all, done_all = len(meters), sum(m.submitted for m in meters)
    columns = (Column("period", "Период", width=16), Column("building", "Дом", width=34),
               Column("resource", "Ресурс", width=18), Column("meters", "Приборов", "int", 10),
               Column("submitted", "Сдали", "int", 9), Column("missing", "Не сдали", "int", 10),
               Column("share", "Сдали, %", width=10))
    return ReportTable(title=COVERAGE, subtitle=f.describe(), columns=columns, rows=rows,
                       totals=("Итого", "", "", n_all, done_all, n_all - done_all,
                               _percent(done_all, n_all)),
                       sheet="Показания")


def readings_missing(db: Database, actor: Actor, f: ReportFilter) -> ReportTable:
    meters = [m for m in _meters(db, actor, f, MISSING) if not m.submitted]
    rows = [(m.period.title(), m.account, m.payer, m.address, title(RESOURCE, m.resource),
             m.serial) for m in meters]
    columns = (Column("period", "Период", width=16), Column("account", "Лицевой счёт", width=13),
               Column("payer", "Плательщик", width=30), Column("address", "Адрес", width=36),
               Column("resource", "Ресурс", width=18), Column("serial", "Заводской №", width=16))
    return ReportTable(title=MISSING, subtitle=f.describe(), columns=columns, rows=rows,
                       totals=(f"Итого приборов: {len(rows)}", "", "", "", "", ""),
                       sheet="Не сдали")


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "—"
    share = (Decimal(part * 100) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return str(share).replace(".", ",")
