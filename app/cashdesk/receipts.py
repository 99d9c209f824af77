"""The cashier's receipt (54-ФЗ, DOMAIN.md «Cashier receipt»): numbered in its shift, composed
from the posted split, queued as a fiscal document for the register's driver.

A receipt is plain data (`Receipt`); the same payload goes to the fiscal register and to the
printed roll (`app.print.receipt`), so what is printed is what was registered.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calc.period import Period
from app.errors import DomainError, NotFound
from app.models import (
    Account,
    Building,
    CashShift,
    FiscalDocument,
    Operation,
    Organization,
    Payment,
    Premise,
    Service,
    User,
)
from app.models.enums import FiscalKind, FiscalStatus, OrgKind, ShiftStatus
from app.print.receipt import Receipt, ReceiptLine
from app.titles import FISCAL_KIND
from app.usecase import Tx, jsonable

TAXATION = "ОСН"  # the settlement centre's taxation system as printed on its receipts

OPERATION_TITLES = FISCAL_KIND


def lock_open_shift(s: Session, tx: Tx, shift_id: int) -> CashShift:
    """The actor's open shift, locked: receipt numbers and totals change one at a time."""
    shift = s.scalar(select(CashShift).where(CashShift.id == shift_id).with_for_update())
    if shift is None:
        raise NotFound(f"Кассовая смена {shift_id} не найдена")
    if shift.status != ShiftStatus.OPEN:
        raise DomainError(f"Смена №{shift.number} закрыта: откройте новую смену")
    if shift.cashier_id != tx.actor.user_id:
        raise DomainError(f"Смена №{shift.number} открыта другим кассиром")
    return shift


def issue(tx: Tx, shift: CashShift, pay: Payment, kind: FiscalKind) -> Receipt:
    """Number the receipt in the shift and queue the fiscal document; returns the receipt as
    printed. (The shift's totals are its payments': nothing to move here.)"""
    s = tx.session
    shift.last_receipt += 1
    pay.receipt_number = shift.last_receipt
    receipt = compose(s, shift, pay, kind, shift.last_receipt, tx.now)
    s.add(FiscalDocument(shift_id=shift.id, payment_id=pay.id, kind=kind.value,
                         number=shift.last_receipt, payload=jsonable(receipt),
                         status=FiscalStatus.QUEUED.value, attempts=0, created_at=tx.now))
    return receipt


def compose(s: Session, shift: CashShift, pay: Payment, kind: FiscalKind, number: int,
            at: datetime) -> Receipt:
    account = s.get_one(Account, pay.account_id)
    company_id = s.scalar(select(Building.company_id)
                          .join(Premise, Premise.building_id == Building.id)
                          .where(Premise.id == account.premise_id))
    agent = s.scalar(select(Organization).where(Organization.kind == OrgKind.SETTLEMENT_CENTRE)
                     .order_by(Organization.id).limit(1))
    if agent is None and company_id is not None:
        agent = s.get(Organization, company_id)
    source = pay.refund_of_id or pay.id
    rows = s.execute(
        select(Operation.ref_period, Service.name, Organization.short_name, Organization.inn,
               Organization.phone, Operation.amount)
        .join(Service, Service.id == Operation.service_id)
        .outerjoin(Organization, Organization.id == Operation.supplier_id)
        .where(Operation.payment_id == source, Operation.amount < 0)
        .order_by(Operation.ref_period, Service.sort_order)
    ).all()
    lines: dict[tuple[str, str], list[Any]] = {}
    for ref, service, sup, inn, phone, amount in rows:
        name = (f"Оплата: {service} за {Period.from_code(ref).title()}" if ref
                else f"Аванс: {service}")
        line = lines.setdefault((name, sup or ""), [name, 0, sup or "", inn or "", phone or ""])
        line[1] += -amount
    cashier = s.scalar(select(User.full_name).where(User.id == shift.cashier_id)) or ""
    return Receipt(
        number=number, shift_number=shift.number, issued_at=at,
        operation=OPERATION_TITLES[kind],
        organisation=agent.name if agent else "", inn=agent.inn if agent else "",
        taxation=TAXATION, place=(agent.address or "") if agent else "", desk=shift.desk,
        account=account.number, payer=account.payer_name,
        lines=[ReceiptLine(*line) for line in lines.values()], total=pay.amount,
        form=pay.channel, tendered=pay.tendered, cashier=cashier,
    )


def receipt_from_payload(payload: dict[str, Any]) -> Receipt:
    """The stored payload back as a Receipt (for a reprint, a preview, the driver)."""
    data = dict(payload)
    data["issued_at"] = datetime.fromisoformat(data["issued_at"])
    data["lines"] = [ReceiptLine(**line) for line in data["lines"]]
    return Receipt(**data)


def save_receipt(receipt: Receipt, folder: Path | None = None) -> Path:
    """The receipt's PDF, kept: receipts/<shift>-<number>.pdf beside the local data."""
    from app.db import user_data_dir
    from app.print.receipt import render_receipt

    folder = folder or Path(os.environ.get("KVARTAL_RECEIPTS") or user_data_dir() / "receipts")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = receipt.issued_at.strftime("%Y%m%d")
    path = folder / f"{stamp}-{receipt.desk}-{receipt.shift_number}-{receipt.number}.pdf"
    path.write_bytes(render_receipt(receipt))
    return path
