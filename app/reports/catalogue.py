"""The reports a user can ask for by name (command line, window): one entry each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from app.db import Database
from app.reports.charges import charges_summary
from app.reports.filters import ReportFilter
from app.reports.payments import payments_journal
from app.reports.readings import readings_coverage, readings_missing
from app.reports.suppliers import supplier_money
from app.reports.table import ReportTable
from app.reports.tariffs import tariffs_in_force
from app.reports.turnover import turnover
from app.rights import Actor

ReportFunction = Callable[[Database, Actor, ReportFilter], ReportTable]


@dataclass(frozen=True)
class ReportKind:
    name: str
    title: str
    build: ReportFunction


REPORTS: dict[str, ReportKind] = {r.name: r for r in (
    ReportKind("turnover", "Оборотно-сальдовая ведомость по лицевым счетам",
               partial(turnover, by="account")),
    ReportKind("turnover-buildings", "Оборотно-сальдовая ведомость по домам",
               partial(turnover, by="building")),
    ReportKind("turnover-services", "Оборотно-сальдовая ведомость по услугам",
               partial(turnover, by="service")),
    ReportKind("turnover-suppliers", "Оборотно-сальдовая ведомость по поставщикам",
               partial(turnover, by="supplier")),
    ReportKind("charges", "Сводная ведомость начислений", charges_summary),
    ReportKind("payments", "Журнал платежей", payments_journal),
    ReportKind("suppliers", "Расчёты с поставщиками (собрано, комиссия, к перечислению)",
               supplier_money),
    ReportKind("readings", "Сдача показаний приборов учёта", readings_coverage),
    ReportKind("readings-missing", "Не сдали показания", readings_missing),
    ReportKind("tariffs", "Тарифы и нормативы, действующие в периоде", tariffs_in_force),
)}
