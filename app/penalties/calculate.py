"""The penalty of accounts on a date, from the ledger and the rules in the database.

    report = account_penalty(db, actor, "0000000013", date(2026, 6, 30))
    report.total, report.lines[0].pieces          # kopecks; days, debt, rate, 1/300 or 1/130

The same function the monthly posting uses (`penalty_lines`), so the calculation printed for an
account and what the ledger holds agree to the kopeck.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.scope import visible_account
from app.calc.money import format_rub, round_kopecks
from app.calc.penalty import PenaltyPiece, penalty_for_debt
from app.calc.period import Period
from app.db import Database
from app.errors import DomainError
from app.models import Account, Building, Premise, Service
from app.models.enums import PenaltyKind
from app.penalties.ledger import DebtKey, debt_order, period_of, read_ledgers, repayments
from app.penalties.rules import RuleBook, load_rules, rate_text
from app.rights import Actor, Right


@dataclass(frozen=True)
class PenaltyDebtLine:
    period: Period
    service_id: int
    supplier_id: int | None
    debt: int  # kopecks owed for the period and service
    due: date
    amount: int  # kopecks, rounded once
    exact: Decimal
    pieces: tuple[PenaltyPiece, ...]


@dataclass(frozen=True)
class ServiceInfo:
    code: str
    name: str
    capital_repair: bool


def services(s: Session) -> dict[int, ServiceInfo]:
    return {i: ServiceInfo(c, n, k == PenaltyKind.CAPITAL_REPAIR.value)
            for i, c, n, k in s.execute(select(Service.id, Service.code, Service.name,
                                               Service.penalty_kind))}


def companies_of(s: Session, account_ids: list[int]) -> dict[int, int | None]:
    out: dict[int, int | None] = {}
    q = (select(Account.id, Building.company_id)
         .join(Premise, Premise.id == Account.premise_id)
         .join(Building, Building.id == Premise.building_id))
    for i in range(0, len(account_ids), 2000):
        batch = q.where(Account.id.in_(account_ids[i:i + 2000]))
        out.update((a, c) for a, c in s.execute(batch))
    return out


def penalty_lines(s: Session, book: RuleBook, account_ids: list[int], on: date,
                  svc: dict[int, ServiceInfo], settled_before: date | None = None,
                  skipped: dict[int, set[DebtKey]] | None = None,
                  ) -> dict[int, list[PenaltyDebtLine]]:
    """Penalty per account, period and service, accrued up to `on` inclusive.

    `settled_before`: debts repaid in full before that day are left out (and listed in
    `skipped`): their penalty stopped growing then, and the monthly posting keeps what it
    posted for them."""
    ledgers = read_ledgers(s, account_ids, Period.of(on))
    company = companies_of(s, list(ledgers))
    clocks = _Clocks(book, on)
    out: dict[int, list[PenaltyDebtLine]] = {}
    for acc, led in ledgers.items():
        comp = company.get(acc)
        keys: list[DebtKey] = sorted((k for k, v in led.debts.items() if v > 0), key=debt_order)
        paid = repayments(led, keys)
        lines = []
        for key, parts in zip(keys, paid, strict=True):
            debt = led.debts[key]
            if settled_before is not None and parts and all(
                    d < settled_before for d, _a in parts) and sum(a for _d, a in parts) >= debt:
                if skipped is not None:
                    skipped.setdefault(acc, set()).add(key)
                continue
            line = clocks.line(key, debt, parts, comp, svc[key[1]].capital_repair)
            if line is not None:
                lines.append(line)
        if lines:
            out[acc] = lines
    return out


class _Clocks:
    """The calculation of one date over many debts. A debt with no repayment accrues
    debt × (a factor of its due date alone), so the pieces are computed once per due date and
    kind and scaled; others go through the engine one by one."""

    def __init__(self, book: RuleBook, on: date) -> None:
        self.book, self.on = book, on
        self._due: dict[tuple[int, int | None], date] = {}
        self._unit: dict[tuple[date, bool, int | None], tuple[Decimal, list[PenaltyPiece]]] = {}

    def line(self, key: DebtKey, debt: int, parts: list[tuple[date, int]],
             company: int | None, capital: bool) -> PenaltyDebtLine | None:
        due = self._due.get((key[0], company))
        if due is None:
            due = self._due[(key[0], company)] = self.book.due(period_of(key[0]), company)
        if due >= self.on:
            return None
        if parts:
            exact, pieces = self._engine(debt, due, parts, company, capital)
        else:
            unit = self._unit.get((due, capital, company))
            if unit is None:
                unit = self._unit[(due, capital, company)] = self._engine(
                    1, due, [], company, capital)
            factor, template = unit
            exact = factor * debt
            pieces = [PenaltyPiece(p.date_from, p.date_to, p.days, debt, p.rate, p.divisor,
                                   p.exact * debt) for p in template]
        if not pieces:
            return None
        return PenaltyDebtLine(period_of(key[0]), key[1], key[2], debt, due,
                               round_kopecks(exact), exact, tuple(pieces))

    def _engine(self, debt: int, due: date, parts: list[tuple[date, int]],
                company: int | None, capital: bool) -> tuple[Decimal, list[PenaltyPiece]]:
        try:
            return penalty_for_debt(debt, due, parts, self.on, self.book.for_company(company),
                                    capital)
        except ValueError as exc:  # a key rate missing for a date
            raise DomainError(f"{exc}: внесите ставку в таблицу ключевых ставок") from None


@dataclass(frozen=True)
class PenaltyReport:
    account_number: str
    on: date
    lines: list[PenaltyDebtLine]
    services: dict[int, ServiceInfo]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "account": self.account_number, "date": self.on.isoformat(), "total": self.total,
            "lines": [{
                "period": str(line.period), "service": self.services[line.service_id].code,
                "service_name": self.services[line.service_id].name,
                "supplier_id": line.supplier_id, "debt": line.debt,
                "due": line.due.isoformat(), "amount": line.amount, "exact": f"{line.exact:.4f}",
                "pieces": [{"from": p.date_from.isoformat(), "to": p.date_to.isoformat(),
                            "days": p.days, "debt": p.debt, "rate": str(p.rate),
                            "fraction": f"1/{p.divisor}", "exact": f"{p.exact:.4f}"}
                           for p in line.pieces]} for line in self.lines]}

    def text(self) -> list[str]:
        out = [f"Пени по лицевому счёту {self.account_number} на {self.on:%d.%m.%Y}"]
        for line in self.lines:
            name = self.services[line.service_id].name
            out.append(f"{line.period} {name}: долг {format_rub(line.debt)}, срок оплаты "
                       f"{line.due:%d.%m.%Y}, пени {format_rub(line.amount)}")
            out.extend(f"  {p.date_from:%d.%m.%Y}–{p.date_to:%d.%m.%Y}: {p.days} дн. × "
                       f"{format_rub(p.debt)} × {rate_text(p.rate)} % × 1/{p.divisor}"
                       for p in line.pieces)
        out.append(f"Итого пени: {format_rub(self.total)}")
        return out


def account_penalty(db: Database, actor: Actor, account_number: str, on: date
                    ) -> PenaltyReport:
    """The penalty calculation of one account on a date (nothing is posted)."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        acc = visible_account(s, actor, account_number)[0].id
        svc = services(s)
        lines = penalty_lines(s, load_rules(s), [acc], on, svc).get(acc, [])
    return PenaltyReport(account_number.strip(), on, lines, svc)
