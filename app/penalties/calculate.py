"""The penalty of accounts on a date, from the ledger and the rules in the database.

    report = account_penalty(db, actor, "0000000013", date(2026, 6, 30))
    report.total, report.lines[0].pieces          # kopecks; days, debt, rate, 1/300 or 1/130

The same function the monthly posting uses (`penalty_lines`), so the calculation printed for an
account and what the ledger holds agree to the kopeck.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.scope import visible_account
from app.calc.money import format_rub
from app.calc.penalty import PenaltyPiece, penalty_for_debt
from app.calc.penalty_book import DebtKey, debt_order
from app.calc.period import Period
from app.db import Database
from app.errors import DomainError
from app.models import Account, Building, Premise, Service
from app.models.enums import PenaltyKind
from app.penalties.ledger import AccountLedger, period_of, read_ledgers, repayments
from app.penalties.rules import RuleBook, load_rules, rate_text
from app.rights import Actor, Right


@dataclass(frozen=True)
class PenaltyDebtLine:
    period: Period
    service_id: int
    supplier_id: int | None
    debt: int  # kopecks owed for the period and service
    left: int  # what payments have not settled of it
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
    wanted = set(account_ids)
    for i in range(0, len(account_ids), 2000):
        chunk = account_ids[i:i + 2000]
        # a range of ids lets SQLite walk the accounts by their key; an IN list of thousands
        # made it scan the buildings and test each account against the list (0.2 s a chunk)
        batch = q.where(Account.id.between(min(chunk), max(chunk)))
        out.update((a, c) for a, c in s.connection().execute(batch) if a in wanted)
    return out


def penalty_lines(s: Session, book: RuleBook, account_ids: list[int], on: date,
                  svc: dict[int, ServiceInfo]) -> dict[int, list[PenaltyDebtLine]]:
    """Penalty per account, period and service, accrued up to `on` inclusive, from the whole
    ledger of each account."""
    ledgers = read_ledgers(s, account_ids, Period.of(on))
    company = companies_of(s, list(ledgers))
    clocks = Clocks(book, on)
    out: dict[int, list[PenaltyDebtLine]] = {}
    capital = {i: info.capital_repair for i, info in svc.items()}
    for acc, led in ledgers.items():
        lines = ledger_lines(led, company.get(acc), clocks, capital)
        if lines:
            out[acc] = lines
    return out


def ledger_lines(led: AccountLedger, company: int | None, clocks: Clocks,
                 capital: dict[int, bool]) -> list[PenaltyDebtLine]:
    """One account's penalty per period and service from its whole ledger."""
    keys: list[DebtKey] = sorted((k for k, v in led.debts.items() if v > 0), key=debt_order)
    lines = []
    for key, parts in zip(keys, repayments(led, keys), strict=True):
        line = clocks.line(key, led.debts[key], parts, company, capital[key[1]])
        if line is not None:
            lines.append(line)
    return lines


def amount_of(paid: Fraction, left: int, ratio: tuple[int, int]) -> int:
    """A debt's penalty, half-up to the kopeck and exact: what its repaid parts earned
    (`paid`, kopecks) plus `left` unpaid kopecks × `ratio` (numerator, denominator)."""
    num, den = ratio
    if not paid:
        return (2 * left * num + den) // (2 * den)
    return math.floor(paid + Fraction(left * num, den) + Fraction(1, 2))


class Clocks:
    """The calculation of one date over many debts. Unpaid kopecks accrue a factor of their
    due date alone (an exact fraction, computed once per due date and kind); a repaid part
    earns its own penalty up to the day it was paid, fixed from then on."""

    def __init__(self, book: RuleBook, on: date) -> None:
        self.book, self.on = book, on
        self._due: dict[tuple[int, int | None], date] = {}
        self._unit: dict[tuple[date, bool, int | None], tuple[Decimal, list[PenaltyPiece]]] = {}
        self._ratio: dict[tuple[date, bool, int | None], tuple[int, int]] = {}
        self._repaid: dict[tuple[date, date, bool, int | None], Fraction] = {}

    def due(self, code: int, company: int | None) -> date:
        due = self._due.get((code, company))
        if due is None:
            due = self._due[(code, company)] = self.book.due(period_of(code), company)
        return due

    def unit(self, due: date, capital: bool, company: int | None
             ) -> tuple[Decimal, list[PenaltyPiece]]:
        """The penalty of one kopeck unpaid since `due` (linear in the debt), with its pieces."""
        unit = self._unit.get((due, capital, company))
        if unit is None:
            unit = self._unit[(due, capital, company)] = self._engine(1, due, [], company, capital)
        return unit

    def ratio(self, due: date, capital: bool, company: int | None) -> tuple[int, int]:
        """`unit` as an exact fraction (numerator, denominator): Σ rate × days / (100 × 300
        or 130) over its pieces."""
        ratio = self._ratio.get((due, capital, company))
        if ratio is None:
            exact = sum((Fraction(p.rate) * p.days / (100 * p.divisor)
                         for p in self.unit(due, capital, company)[1]), Fraction(0))
            ratio = self._ratio[(due, capital, company)] = (exact.numerator, exact.denominator)
        return ratio

    def repaid_part(self, part: int, due: date, paid_on: date, company: int | None,
                    capital: bool) -> Fraction:
        """The penalty of `part` kopecks of a debt repaid on `paid_on` (fixed once paid), as
        an exact fraction: linear in the part, so computed once per due date and day."""
        if paid_on <= due:
            return Fraction(0)
        per = self._repaid.get((due, paid_on, capital, company))
        if per is None:
            try:
                pieces = penalty_for_debt(1, due, [], paid_on, self.book.for_company(company),
                                          capital)[1]
            except ValueError as exc:
                raise DomainError(f"{exc}: внесите ставку в таблицу ключевых ставок") from None
            per = self._repaid[(due, paid_on, capital, company)] = sum(
                (Fraction(p.rate) * p.days / (100 * p.divisor) for p in pieces), Fraction(0))
        return per * part

    def line(self, key: DebtKey, debt: int, parts: list[tuple[date, int]],
             company: int | None, capital: bool) -> PenaltyDebtLine | None:
        due = self.due(key[0], company)
        if due >= self.on:
            return None
        if parts:
            exact, pieces = self._engine(debt, due, parts, company, capital)
        else:
            factor, template = self.unit(due, capital, company)
            exact = factor * debt
            pieces = [PenaltyPiece(p.date_from, p.date_to, p.days, debt, p.rate, p.divisor,
                                   p.exact * debt) for p in template]
        if not pieces:
            return None
        # the amount as the monthly posting's kept state computes it (app/penalties/kept.py):
        # each repaid part's penalty, added in the order paid, and the rest at the exact ratio
        paid = Fraction(0)
        unpaid = debt
        for day, part in parts:
            if day <= self.on:  # a payment dated after the date does not count yet
                paid += self.repaid_part(part, due, day, company, capital)
                unpaid -= part
        amount = amount_of(paid, unpaid, self.ratio(due, capital, company))
        left = debt - sum(a for _d, a in parts)
        return PenaltyDebtLine(period_of(key[0]), key[1], key[2], debt, left, due,
                               amount, exact, tuple(pieces))

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
