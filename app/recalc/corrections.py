"""Manual corrections and balance transfer acts: operations with a reason, a right of their own
(Right.CORRECTION) and an audit entry; they never edit earlier rows (DOMAIN.md).

A correction changes one account's debt for a service (positive: more owed). A transfer moves an
amount between services, suppliers or accounts of one payer: two operations that sum to zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.scope import visible_account_or_none
from app.calc.money import format_rub
from app.calc.period import Period
from app.db import Database
from app.errors import InvalidInput, Problem
from app.ledger.periods import ensure_open, open_period
from app.models import Account, Organization, Service
from app.models.enums import OperationKind as K
from app.recalc.ledger import NewOperation, post
from app.rights import Actor, Right
from app.usecase import transaction


@dataclass(frozen=True)
class Side:
    account_number: str
    service_code: str
    supplier_id: int | None = None


def post_correction(db: Database, actor: Actor, side: Side, amount: int, reason: str,
                    ref_period: Period | None = None) -> None:
    """Change a debt by `amount` kopecks, posted in the open period."""
    with transaction(db, actor, Right.CORRECTION) as tx:
        s = tx.session
        target = ensure_open(s, open_period(s))
        problems = _reason(reason)
        if amount == 0:
            problems.append(Problem("Сумма", "сумма корректировки равна нулю"))
        acc, svc, company = _resolve(s, actor, side, "", problems)
        if problems:
            raise InvalidInput(problems, "Корректировка не записана")
        ref = (ref_period or target).code
        post(s, actor, K.CORRECTION, target, "correction", [NewOperation(
            acc, svc, side.supplier_id, company, ref, amount,
            f"Корректировка {format_rub(amount, sign=True)}: {reason.strip()}")])
        tx.audit("ledger.correction", "account", acc, after={
            "service": side.service_code, "supplier_id": side.supplier_id, "amount": amount,
            "period": target.code, "ref_period": ref, "reason": reason.strip()})


def transfer_balance(db: Database, actor: Actor, source: Side, target_side: Side, amount: int,
                     reason: str) -> None:
    """Move `amount` kopecks of debt (negative: of advance) from one side to the other."""
    with transaction(db, actor, Right.CORRECTION) as tx:
        s = tx.session
        target = ensure_open(s, open_period(s))
        problems = _reason(reason)
        if amount == 0:
            problems.append(Problem("Сумма", "сумма переноса равна нулю"))
        if source == target_side:
            problems.append(Problem("Куда", "перенос на то же сальдо"))
        a, sa, ca = _resolve(s, actor, source, "Откуда: ", problems)
        b, sb, cb = _resolve(s, actor, target_side, "Куда: ", problems)
        if not problems and a != b and _payer(s, a) != _payer(s, b):
            problems.append(Problem("Куда", "лицевые счета разных плательщиков: перенос только "
                                            "между счетами одного плательщика"))
        if problems:
            raise InvalidInput(problems, "Перенос сальдо не записан")
        text = (f"Перенос сальдо {format_rub(amount)} с {source.account_number} "
                f"«{source.service_code}» на {target_side.account_number} "
                f"«{target_side.service_code}»: {reason.strip()}")
        post(s, actor, K.BALANCE_TRANSFER, target, "transfer", [
            NewOperation(a, sa, source.supplier_id, ca, target.code, -amount, text),
            NewOperation(b, sb, target_side.supplier_id, cb, target.code, amount, text)])
        tx.audit("ledger.transfer", "account", a, after={
            "from": source, "to": target_side, "amount": amount, "period": target.code,
            "reason": reason.strip()})


def _reason(reason: str) -> list[Problem]:
    return [] if reason.strip() else [Problem("Основание", "укажите основание (причину)")]


def _resolve(s: Session, actor: Actor, side: Side, where: str, problems: list[Problem]
             ) -> tuple[int, int, int | None]:
    found = visible_account_or_none(s, actor, side.account_number)
    row = (found[0].id, found[2].company_id) if found else None
    svc = s.scalar(select(Service.id).where(Service.code == side.service_code))
    if row is None:
        problems.append(Problem(f"{where}лицевой счёт", f"нет счёта {side.account_number}"))
    if svc is None:
        problems.append(Problem(f"{where}услуга", f"нет услуги {side.service_code}"))
    if side.supplier_id is not None and s.get(Organization, side.supplier_id) is None:
        problems.append(Problem(f"{where}поставщик", f"нет организации {side.supplier_id}"))
    if row is None or svc is None:
        return 0, 0, None
    return row[0], svc, row[1]


def _payer(s: Session, account_id: int) -> tuple[int | None, str]:
    row = s.execute(select(Account.payer_person_id, Account.payer_name)
                    .where(Account.id == account_id)).one()
    return (row[0], "") if row[0] is not None else (None, row[1])
