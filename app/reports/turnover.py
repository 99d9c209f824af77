"""Оборотно-сальдовая ведомость: opening balance, charged, recalculated, penalties, paid,
corrected and closing for a range of periods, by account, building, service or supplier.

One aggregate query over the ledger; the balance rule is the ledger's own (`closing_of`), and
the totals are checked against a plain sum of the same operations before the report is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import and_, case, func, literal
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.accounts.text import address_line, street_key
from app.db import Database
from app.errors import DomainError
from app.ledger.balances import closing_of
from app.models import Account, Building, Operation, Organization, Premise, Service
from app.models.enums import OperationKind as K
from app.reports.filters import ReportFilter, apply_filter, check_filter, joined_operations
from app.reports.table import Cell, Column, ReportTable
from app.rights import Actor, Right

Grouping = Literal["account", "building", "service", "supplier"]
GROUPINGS: dict[str, str] = {"account": "по лицевым счетам", "building": "по домам",
                             "service": "по услугам", "supplier": "по поставщикам"}

MONEY_COLUMNS = (
    Column("opening", "Сальдо на начало", "money"),
    Column("charged", "Начислено", "money"),
    Column("recalculated", "Перерасчёт", "money"),
    Column("penalty", "Пени", "money"),
    Column("paid", "Оплачено", "money"),
    Column("corrected", "Корректировки", "money"),
    Column("closing", "Сальдо на конец", "money"),
)


@dataclass(frozen=True)
class Turnover:
    opening: int
    charged: int
    recalculated: int
    penalty: int
    paid: int
    corrected: int

    @property
    def closing(self) -> int:
        return closing_of(self)

    def cells(self) -> tuple[int, ...]:
        return (self.opening, self.charged, self.recalculated, self.penalty, self.paid,
                self.corrected, self.closing)


def _sums(f: ReportFilter) -> list[ColumnElement[int]]:
    lo, hi = f.period_from.code, f.period_to.code
    in_range = Operation.period.between(lo, hi)

    def of(*kinds: K) -> ColumnElement[int]:
        cond = and_(in_range, Operation.kind.in_([k.value for k in kinds]))
        return func.coalesce(func.sum(case((cond, Operation.amount), else_=0)), 0)

    opening = func.coalesce(func.sum(case(
        (Operation.period < lo, Operation.amount),
        (and_(in_range, Operation.kind == K.OPENING_BALANCE.value), Operation.amount),
        else_=0)), 0)
    return [opening, of(K.CHARGE), of(K.RECALCULATION), of(K.PENALTY), -of(K.PAYMENT),
            of(K.CORRECTION, K.BALANCE_TRANSFER)]


def _grouped(by: Grouping) -> tuple[list[Any], tuple[Column, ...]]:
    if by == "account":
        return ([Account.number, Account.payer_name, Building.street, Building.house,
                 Premise.number, Premise.kind],
                (Column("account", "Лицевой счёт", width=13),
                 Column("payer", "Плательщик", width=30),
                 Column("address", "Адрес", width=36)))
    if by == "building":
        return ([Building.id, Building.city, Building.street, Building.house],
                (Column("building", "Код дома", "int", width=9),
                 Column("address", "Дом", width=40)))
    if by == "service":
        return ([Service.sort_order, Service.code, Service.name],
                (Column("service", "Услуга", width=34),))
    return ([Organization.id, Organization.short_name],
            (Column("supplier", "Поставщик", width=40),))


def _label(by: Grouping, key: tuple[object, ...]) -> tuple[str | int | None, ...]:
    if by == "account":
        number, payer, street, house, flat, kind = key
        return (str(number), str(payer or ""), address_line(str(street), str(house), str(flat),
                                                             str(kind)))
    if by == "building":
        bid, city, street, house = key
        return (int(str(bid)), f"{city}, {street}, д. {house}")
    if by == "service":
        return (str(key[2]),)
    return (str(key[1]) if key[1] is not None else "Без поставщика",)


def _order(by: Grouping, key: tuple[object, ...]) -> tuple[object, ...]:
    if by == "account":
        number, _payer, street, house, flat, _kind = key
        return (street_key(str(street)), natural_key(str(house)), natural_key(str(flat)), number)
    if by == "building":
        return (street_key(str(key[2])), natural_key(str(key[3])))
    if by == "service":
        return (key[0], key[1])
    return (key[1] is None, str(key[1] or ""))


def natural_key(text: str) -> tuple[int, str]:
    digits = "".join(ch for ch in text if ch.isdigit())[:9]
    return (int(digits) if digits else 0, text)


def turnover(db: Database, actor: Actor, f: ReportFilter, by: Grouping = "account"
             ) -> ReportTable:
    actor.require(Right.REPORTS)
    if by not in GROUPINGS:
        raise DomainError(f"Группировка «{by}» неизвестна: {', '.join(GROUPINGS)}")
    keys, key_columns = _grouped(by)
    with db.session() as s:
        check_filter(s, f)
        q = joined_operations(*keys, *_sums(f))
        if by == "service":
            q = q.join(Service, Service.id == Operation.service_id)
        if by == "supplier":
            q = q.outerjoin(Organization, Organization.id == Operation.supplier_id)
        q = apply_filter(q, f, actor).where(Operation.period <= f.period_to.code).group_by(*keys)
        raw = s.execute(q).all()
        ledger_total = _ledger_total(s, f, actor)
    n = len(keys)
    lines = sorted(((tuple(r[:n]), Turnover(*(int(v) for v in r[n:]))) for r in raw),
                   key=lambda item: _order(by, item[0]))
    rows = [(*_label(by, key), *t.cells()) for key, t in lines]
    total = Turnover(*(sum(t.cells()[i] for _k, t in lines) for i in range(6)))
    if total.closing != ledger_total:  # never expected: the same operations summed two ways
        raise DomainError(f"Ведомость не сходится с журналом операций: {total.closing} ≠ "
                          f"{ledger_total} коп. — сообщите администратору")
    totals: list[Cell] = ["Итого", *([""] * (len(key_columns) - 1)), *total.cells()]
    return ReportTable(
        title=f"Оборотно-сальдовая ведомость {GROUPINGS[by]}",
        subtitle=f.describe(),
        columns=(*key_columns, *MONEY_COLUMNS),
        rows=rows,
        totals=totals,
        sheet="ОСВ",
        notes=[f"Строк: {len(rows)}. Итог сверен с журналом операций до копейки."],
    )


def _ledger_total(s: Session, f: ReportFilter, actor: Actor) -> int:
    q = joined_operations(func.coalesce(func.sum(Operation.amount), literal(0)))
    q = apply_filter(q, f, actor).where(Operation.period <= f.period_to.code)
    return int(s.scalar(q) or 0)
