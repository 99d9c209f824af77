"""Temporary absence (ПП 354 разд. VIII, п. 86–97): the record and its recalculation.

A person registered at the premise is away from `date_from` to `date_to` (full days: the days
of leaving and returning are not recorded). More than 5 full days reduces each norm-based charge
(not heating, not common-house needs; ТКО always, п. 148(44)) of every charged period the days
fall in by the person's share × days away / days in the month, posted as a recalculation in the
open period that names the corrected period. Five days or fewer is recorded and recalculates
nothing, and says why. Posting is the difference to what this absence already posted, so
recalculating it again after a retroactive change posts only the change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.scope import visible_account
from app.calc.absence import MIN_FULL_DAYS, absence_reduction, applies_to
from app.calc.money import format_rub
from app.calc.period import Period
from app.db import Database
from app.errors import InvalidInput, NotFound, Problem
from app.ledger.periods import ensure_open, open_period
from app.models import Absence, Account, Person, Registration
from app.models.enums import OperationKind as K
from app.recalc.ledger import (
    NewOperation,
    num,
    period_charges,
    post,
    posted_by_cause,
    service_kind,
    services_by_id,
)
from app.rights import Actor, Right
from app.usecase import transaction


@dataclass(frozen=True)
class AbsenceInput:
    account_number: str
    person_id: int
    date_from: date  # the first full day away
    date_to: date  # the last full day away
    document: str  # the supporting document (ПП 354 п. 91–93)


@dataclass(frozen=True)
class AbsenceLine:
    period: Period
    service_code: str
    charge: int
    days: int
    amount: int  # kopecks posted now (negative: a reduction)


@dataclass
class AbsenceResult:
    absence_id: int
    full_days: int
    lines: list[AbsenceLine] = field(default_factory=list)
    message: str = ""

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def register_absence(db: Database, actor: Actor, inp: AbsenceInput) -> AbsenceResult:
    """Record an absence and recalculate the charged periods it covers."""
    with transaction(db, actor, Right.ACCOUNT_EDIT) as tx:
        s = tx.session
        acc = visible_account(s, actor, inp.account_number)[0]
        _check(s, acc, inp)
        row = Absence(person_id=inp.person_id, premise_id=acc.premise_id,
                      date_from=inp.date_from, date_to=inp.date_to,
                      document=inp.document.strip())
        s.add(row)
        s.flush()
        result = _recalculate(s, actor, acc, row)
        tx.audit("absence.add", "absence", row.id, after={
            "account": acc.number, "person_id": inp.person_id, "from": inp.date_from,
            "to": inp.date_to, "document": row.document, "recalculated": result.total})
    return result


def recalculate_absence(db: Database, actor: Actor, account_number: str, absence_id: int
                        ) -> AbsenceResult:
    """Recalculate a recorded absence again (e.g. after the periods were recalculated)."""
    with transaction(db, actor, Right.ACCOUNT_EDIT) as tx:
        s = tx.session
        acc = visible_account(s, actor, account_number)[0]
        row = s.get(Absence, absence_id)
        if row is None or row.premise_id != acc.premise_id:
            raise NotFound(f"Нет отсутствия {absence_id} по лицевому счёту {acc.number}")
        result = _recalculate(s, actor, acc, row)
        tx.audit("absence.recalc", "absence", row.id, after={"recalculated": result.total})
    return result


def absence_lines(s: Session, acc: Account, row: Absence) -> tuple[list[NewOperation],
                                                                    list[AbsenceLine], str]:
    """What the absence reduces, per charged period and service (nothing posted)."""
    days = (row.date_to - row.date_from).days + 1
    if days <= MIN_FULL_DAYS:
        return [], [], (f"Отсутствие {days} полн. дн. — не более {MIN_FULL_DAYS}: перерасчёт не "
                        "производится (ПП РФ №354, п. 86)")
    services = services_by_id(s)
    current = open_period(s)
    cause = f"absence:{row.id}"
    posted = posted_by_cause(s, acc.id, cause)
    ops: list[NewOperation] = []
    lines: list[AbsenceLine] = []
    skipped: list[str] = []
    period = Period.of(row.date_from)
    while period <= Period.of(row.date_to):
        if period > current:
            skipped.append(str(period))
            period = period.next()
            continue
        away = (min(row.date_to, period.last_day) - max(row.date_from, period.first_day)).days + 1
        charges = period_charges(s, acc.id, period)
        if not charges:
            skipped.append(str(period))
        for ch in charges:
            code, _name, resource = services[ch.service_id]
            basis = ch.basis
            if basis is None or basis.residents is None or \
                    not applies_to(basis, service_kind(code, resource)):
                continue
            want = -absence_reduction(ch.amount, basis.residents, away, period.days)
            amount = want - posted.get((period.code, ch.service_id, ch.supplier_id), 0)
            if not amount:
                continue
            text = (f"Временное отсутствие с {row.date_from:%d.%m.%Y} по {row.date_to:%d.%m.%Y}"
                    f" ({row.document or 'без документа'}): {format_rub(ch.amount)} × 1 / "
                    f"{num(basis.residents)} чел. × {away} / {period.days} дн. = "
                    f"{format_rub(-want)}")
            ops.append(NewOperation(acc.id, ch.service_id, ch.supplier_id, ch.company_id,
                                    period.code, amount, text, {"absence_id": row.id}))
            lines.append(AbsenceLine(period, code, ch.amount, away, amount))
        period = period.next()
    message = f"Перерасчёт за отсутствие {days} полн. дн.: {format_rub(sum(o.amount for o in ops))}"
    if skipped:
        message += (f"; за {', '.join(skipped)} начислений ещё нет — пересчитайте отсутствие "
                    "после расчёта")
    return ops, lines, message


def _recalculate(s: Session, actor: Actor, acc: Account, row: Absence) -> AbsenceResult:
    ops, lines, message = absence_lines(s, acc, row)
    days = (row.date_to - row.date_from).days + 1
    if ops:
        post(s, actor, K.RECALCULATION, ensure_open(s, open_period(s)), f"absence:{row.id}", ops)
    return AbsenceResult(row.id, days, lines, message)




def _check(s: Session, acc: Account, inp: AbsenceInput) -> None:
    problems = []
    if inp.date_to < inp.date_from:
        problems.append(Problem("По", "дата окончания отсутствия раньше даты начала"))
    if not inp.document.strip():
        problems.append(Problem("Документ", "укажите документ, подтверждающий отсутствие"))
    if s.get(Person, inp.person_id) is None:
        problems.append(Problem("Гражданин", "нет такого гражданина"))
    elif s.scalar(select(Registration.id).where(
            Registration.person_id == inp.person_id,
            Registration.premise_id == acc.premise_id).limit(1)) is None:
        problems.append(Problem("Гражданин", "не зарегистрирован в помещении этого счёта"))
    for a, b in s.execute(select(Absence.date_from, Absence.date_to).where(
            Absence.person_id == inp.person_id, Absence.date_from <= inp.date_to,
            Absence.date_to >= inp.date_from)):
        problems.append(Problem("С", f"пересекается с отсутствием с {a:%d.%m.%Y} по "
                                     f"{b:%d.%m.%Y}"))
    if problems:
        raise InvalidInput(problems, "Отсутствие не записано")
