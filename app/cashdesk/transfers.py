"""Money sent on to suppliers: each payment order of the settlement centre recorded once (by
supplier and document number), so the supplier report shows what was collected for each
supplier, what was transferred, and what is still to transfer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.calc.bounds import MAX_AMOUNT
from app.calc.money import format_rub
from app.changes import Change, reports
from app.db import Database
from app.errors import Conflict, InvalidInput, Problem
from app.models import Organization, SupplierTransfer
from app.models.enums import OrgKind
from app.rights import Actor, Right
from app.usecase import transaction

# who money is collected for: the organisations a payment operation names as its supplier
_RECEIVERS = (OrgKind.SUPPLIER, OrgKind.MANAGEMENT_COMPANY, OrgKind.SETTLEMENT_CENTRE,
              OrgKind.OTHER)


@dataclass(frozen=True)
class TransferInput:
    supplier_inn: str
    transferred_on: date
    amount: int  # kopecks
    document: str
    note: str = ""


@reports(Change.CHARGES)  # the supplier report reads them
def record_transfer(db: Database, actor: Actor, inp: TransferInput, *, today: date) -> int:
    """One payment order to a supplier; the same supplier and document twice is refused."""
    actor.require(Right.TRANSFERS)
    document, note = inp.document.strip(), inp.note.strip()
    problems = []
    if not 0 < inp.amount <= MAX_AMOUNT:
        problems.append(Problem("Сумма", f"от 0,01 до {format_rub(MAX_AMOUNT)}"))
    if inp.transferred_on > today:
        problems.append(Problem("Дата", f"{inp.transferred_on:%d.%m.%Y} ещё не наступила"))
    if not document or len(document) > 60:
        problems.append(Problem("Документ", "номер платёжного поручения: от 1 до 60 знаков"))
    if len(note) > 200:
        problems.append(Problem("Примечание", "не длиннее 200 знаков"))
    with transaction(db, actor, Right.TRANSFERS) as tx:
        s = tx.session
        supplier = s.scalars(select(Organization).where(
            Organization.inn == inp.supplier_inn.strip(),
            Organization.kind.in_([k.value for k in _RECEIVERS]))).first()
        if supplier is None:
            problems.append(Problem("Поставщик", f"нет поставщика с ИНН «{inp.supplier_inn}»"))
        if problems:
            raise InvalidInput(problems, "Перечисление не записано")
        assert supplier is not None
        if s.scalar(select(SupplierTransfer.id).where(
                SupplierTransfer.supplier_id == supplier.id,
                SupplierTransfer.document == document)) is not None:
            raise Conflict(f"Перечисление по документу № {document} поставщику "
                           f"«{supplier.short_name}» уже записано")
        row = SupplierTransfer(supplier_id=supplier.id, transferred_on=inp.transferred_on,
                               amount=inp.amount, document=document, note=note,
                               created_at=tx.now, created_by_id=actor.user_id)
        s.add(row)
        s.flush()
        tx.audit("supplier_transfer.create", "supplier_transfer", row.id, after={
            "supplier": supplier.inn, "transferred_on": inp.transferred_on,
            "amount": inp.amount, "document": document, "note": note})
        return int(row.id)


def transferred(session: Session, date_from: date, date_to: date
                ) -> dict[tuple[date, str], int]:
    """(day, supplier's ИНН) → kopecks transferred that day."""
    q = (select(SupplierTransfer.transferred_on, Organization.inn,
                func.sum(SupplierTransfer.amount))
         .join(Organization, Organization.id == SupplierTransfer.supplier_id)
         .where(SupplierTransfer.transferred_on.between(date_from, date_to))
         .group_by(SupplierTransfer.transferred_on, Organization.inn))
    return {(day, inn): int(amount) for day, inn, amount in session.execute(q)}
