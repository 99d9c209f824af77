"""Scenario files: an input in the exchange format plus a `scenario` section saying what to
calculate and what to expect, so a rule is checked from data alone:

    kvartal import scenario.json --db sqlite:///x.db
    kvartal calc --period 2026-11 --db sqlite:///x.db
    kvartal account 0000000013 --json --db sqlite:///x.db     # compare with scenario.expect

`expect`: account number → service code → kopecks charged in the period (or an object of
balance columns: {"charged": …, "recalculated": …}).

`engine`: checks of rules whose use cases (cash desk, penalties, recalculations) are not wired
to the database yet. The runner reads the imported rows back from the database and feeds them
to the pure functions of `app.calc`:
  {"rule": "payment_split", "payment": KEY, "expect": {service: kopecks}}
  {"rule": "penalty", "account": N, "calc_date": D, "expect": {"YYYY-MM/service": kopecks}}
  {"rule": "interruption", "account": N, "service": S, "period": P, "hours": "20",
   "expect": kopecks}
  {"rule": "absence", "account": N, "service": S, "period": P, "expect": kopecks}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import models as M
from app.calc.payment_split import DocumentLine, split_document_payment
from app.calc.period import Period
from app.calc.quality import InterruptionRule, interruption_reduction
from app.db import Database
from app.models.enums import OperationKind as K


@dataclass(frozen=True)
class Outcome:
    rule: str
    expected: Any
    got: Any

    @property
    def ok(self) -> bool:
        return bool(self.expected == self.got)


def load_scenario(path: Path) -> dict[str, Any]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    section: dict[str, Any] = doc.get("scenario") or {}
    return section


def run_engine_checks(db: Database, scenario: dict[str, Any]) -> list[Outcome]:
    out = []
    with db.session() as s:
        for check in scenario.get("engine", []):
            rule = check["rule"]
            got = _RULES[rule](s, check)
            out.append(Outcome(rule, check["expect"], got))
    return out


def _account(s: Session, number: str) -> int:
    acc = s.scalar(select(M.Account.id).where(M.Account.number == number))
    if acc is None:
        raise LookupError(f"нет лицевого счёта {number}")
    return acc


def _service_codes(s: Session) -> dict[int, str]:
    return {i: c for i, c in s.execute(select(M.Service.id, M.Service.code))}


def _charges(s: Session, account: int, period: int, service: int | None = None
             ) -> list[tuple[int, int | None, int]]:
    """(service, supplier, Σ charge + recalculation) of an account's period."""
    q = (select(M.Operation.service_id, M.Operation.supplier_id, func.sum(M.Operation.amount))
         .where(M.Operation.account_id == account, M.Operation.period == period,
                M.Operation.kind.in_((K.CHARGE.value, K.RECALCULATION.value)))
         .group_by(M.Operation.service_id, M.Operation.supplier_id)
         .order_by(M.Operation.service_id))
    if service is not None:
        q = q.where(M.Operation.service_id == service)
    return [(a, b, int(c)) for a, b, c in s.execute(q)]


def _split(s: Session, check: dict[str, Any]) -> dict[str, int]:
    pay = s.execute(select(M.Payment).where(M.Payment.idempotency_key == check["payment"])
                    ).scalar_one()
    codes = _service_codes(s)
    if pay.period is None:
        raise ValueError(f"платёж {pay.idempotency_key} не называет период квитанции")
    period = Period.from_code(pay.period)
    # the document: the services in their fixed order (sort_order), as printed
    order = {i: o for i, o in s.execute(select(M.Service.id, M.Service.sort_order))}
    lines = [DocumentLine(codes[svc], sup, amount)
             for svc, sup, amount in sorted(_charges(s, pay.account_id, period.code),
                                            key=lambda r: (order[r[0]], r[0]))]
    allocs = split_document_payment(pay.amount, period, lines)
    return {a.service_code or "аванс": a.amount for a in allocs}


def _penalty(s: Session, check: dict[str, Any]) -> dict[str, int]:
    """The penalty as `kvartal penalty` calculates it: ledger and rules from the database."""
    from app.penalties.calculate import penalty_lines, services
    from app.penalties.rules import load_rules

    account = _account(s, check["account"])
    svc = services(s)
    lines = penalty_lines(s, load_rules(s), [account], date.fromisoformat(check["calc_date"]),
                          svc).get(account, [])
    return {f"{line.period}/{svc[line.service_id].code}": line.amount for line in lines}


def _one_charge(s: Session, check: dict[str, Any]) -> tuple[int, int, Period]:
    account = _account(s, check["account"])
    service = s.scalar(select(M.Service.id).where(M.Service.code == check["service"]))
    period = Period.parse(check["period"])
    charge = sum(a for _, _, a in _charges(s, account, period.code, service))
    assert service is not None
    return account, charge, period


def _interruption(s: Session, check: dict[str, Any]) -> int:
    _, charge, _ = _one_charge(s, check)
    permitted = s.scalar(select(M.Service.permitted_hours_month)
                         .where(M.Service.code == check["service"]))
    rule = InterruptionRule(Decimal(permitted or 0))
    return interruption_reduction(charge, Decimal(check["hours"]), rule)


def _absence(s: Session, check: dict[str, Any]) -> int:
    """The reduction `kvartal` posts for the absences recorded at the account's premise, for
    one service and period (as a positive amount)."""
    from app.recalc.absence import absence_lines

    account = s.get(M.Account, _account(s, check["account"]))
    assert account is not None
    period = Period.parse(check["period"])
    total = 0
    for row in s.scalars(select(M.Absence).where(M.Absence.premise_id == account.premise_id)):
        _ops, lines, _message = absence_lines(s, account, row)
        total -= sum(line.amount for line in lines
                     if line.period == period and line.service_code == check["service"])
    return total


_RULES = {"payment_split": _split, "penalty": _penalty, "interruption": _interruption,
          "absence": _absence}
