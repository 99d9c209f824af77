"""Shifts: receipts numbered in the shift, X/Z totals equal the payments, cash in and out,
cancellation inside the shift, refund after it, the drawer counted at close, the fiscal queue."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.calc.period import Period
from app.cashdesk.fiscal import FiscalAck, FiscalError, JournalFileDriver, send_queued
from app.cashdesk.posting import PaymentRequest
from app.cashdesk.receipts import receipt_from_payload
from app.cashdesk.shifts import (
    cancel_payment,
    cash_move,
    close_shift,
    current_shift,
    open_shift,
    refund_payment,
    take_payment,
    x_report,
)
from app.db import Database
from app.errors import AccessDenied, DomainError
from app.models import FiscalDocument, Operation
from app.models.enums import CashMoveKind
from app.print.receipt import render_receipt
from app.rights import Actor, Role
from tests.cashdesk.conftest import DeskTown
from tests.factories import make_user

NOV = Period(2026, 11)


def ledger_total(db: Database, account_id: int) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.sum(Operation.amount))
                            .where(Operation.account_id == account_id)) or 0)


def senior(db: Database) -> Actor:
    uid = make_user(db, "starshiy", [Role.ADMIN.value])
    return Actor(uid, "starshiy", "Старший кассир", frozenset({Role.ADMIN.value}))


def test_a_shift_of_payments_reports_what_it_took(db: Database, desk: DeskTown) -> None:
    k = desk.cashier
    shift = open_shift(db, k, "Касса 1", opening_cash=1000_00)
    assert current_shift(db, k) == shift and shift.number == 1
    with pytest.raises(DomainError, match="уже открыта"):
        open_shift(db, k, "Касса 2")
    cash = take_payment(db, k, shift.shift_id, PaymentRequest(
        key="d1", account=desk.number, amount=1234_56, period=NOV, tendered=1500_00))
    card = take_payment(db, k, shift.shift_id, PaymentRequest(
        key="d2", account=desk.other_number, amount=500_00, channel="card"))
    again = take_payment(db, k, shift.shift_id, PaymentRequest(
        key="d1", account=desk.number, amount=1234_56, period=NOV, tendered=1500_00))
    assert again.receipt is None and again.posted.payment_id == cash.posted.payment_id
    assert cash.receipt and card.receipt
    assert (cash.receipt.number, card.receipt.number) == (1, 2)
    assert cash.receipt.change == 265_44 and cash.posted.change == 265_44
    assert sum(line.amount for line in cash.receipt.lines) == 1234_56
    with pytest.raises(DomainError, match="меньше суммы"):
        take_payment(db, k, shift.shift_id, PaymentRequest(
            key="d3", account=desk.number, amount=100_00, tendered=50_00))

    cash_move(db, k, shift.shift_id, CashMoveKind.CASH_IN, 200_00, "Размен")
    cash_move(db, k, shift.shift_id, CashMoveKind.CASH_OUT, 2000_00, "Инкассация")
    with pytest.raises(DomainError, match="нельзя"):
        cash_move(db, k, shift.shift_id, CashMoveKind.CASH_OUT, 1_000_000_00, "Всё")
    x = x_report(db, k, shift.shift_id)
    assert (x.cash, x.card, x.receipts, x.total) == (1234_56, 500_00, 2, 1734_56)
    assert sum(v for _, v in x.by_service) == sum(v for _, v in x.by_supplier) == x.total
    assert sum(v for _, v in x.by_company) == x.total
    assert x.expected_cash == 1000_00 + 1234_56 + 200_00 - 2000_00

    with pytest.raises(DomainError, match="укажите причину"):
        close_shift(db, k, shift.shift_id, {50000: 0, 10000: 4})
    counted = {10000: 4, 1000: 3, 200: 2, 50: 1, 1: 6}  # 434.56 ₽, as expected
    z = close_shift(db, k, shift.shift_id, counted)
    assert z.difference == 0 and z.counted_cash == 434_56 and z.shift.status == "closed"
    assert current_shift(db, k) is None


def test_a_short_drawer_closes_with_its_reason(db: Database, desk: DeskTown) -> None:
    shift = open_shift(db, desk.cashier, "Касса 1")
    take_payment(db, desk.cashier, shift.shift_id, PaymentRequest(
        key="d1", account=desk.number, amount=100_00))
    z = close_shift(db, desk.cashier, shift.shift_id, {5000: 1, 1000: 4},
                    reason="Недостача 10 ₽, ошибка сдачи")
    assert (z.expected_cash, z.counted_cash, z.difference) == (100_00, 90_00, -10_00)
    assert z.difference_reason == "Недостача 10 ₽, ошибка сдачи"
    assert z.counted == {"5000": 1, "1000": 4}


def test_cancel_inside_the_shift_and_refund_after_it(db: Database, desk: DeskTown) -> None:
    k, boss = desk.cashier, senior(db)
    before = ledger_total(db, desk.account_id)
    shift = open_shift(db, k, "Касса 1", opening_cash=5000_00)
    p1 = take_payment(db, k, shift.shift_id, PaymentRequest(key="c1", account=desk.number,
                                                           amount=300_00, period=NOV))
    with pytest.raises(AccessDenied):
        cancel_payment(db, k, p1.posted.payment_id, "Ошибся счётом")
    with pytest.raises(DomainError, match="причину"):
        cancel_payment(db, boss, p1.posted.payment_id, " ")
    with pytest.raises(DomainError, match="другим кассиром"):
        cancel_payment(db, boss, p1.posted.payment_id, "Ошибся счётом")
    p2 = take_payment(db, k, shift.shift_id, PaymentRequest(key="c2", account=desk.number,
                                                           amount=200_00))
    assert ledger_total(db, desk.account_id) == before - 500_00
    close_shift(db, k, shift.shift_id, {500000: 1, 50000: 1})
    # after the shift: a refund from the senior cashier's own shift
    own = open_shift(db, boss, "Касса 2", opening_cash=1000_00)
    receipt = refund_payment(db, boss, p2.posted.payment_id, own.shift_id, "Заявление №5",
                             key="r-c2")
    assert receipt.operation == "Возврат прихода" and receipt.total == 200_00
    assert ledger_total(db, desk.account_id) == before - 300_00
    with pytest.raises(DomainError, match="уже оформлен"):
        refund_payment(db, boss, p2.posted.payment_id, own.shift_id, "Ещё раз", key="r-2")
    x = x_report(db, boss, own.shift_id)
    assert (x.cash, x.refunds, x.expected_cash) == (-200_00, 1, 800_00)
    assert sum(v for _, v in x.by_service) == -200_00


def test_cancel_in_the_open_shift_reverses_the_split(db: Database, desk: DeskTown) -> None:
    boss = senior(db)
    before = ledger_total(db, desk.account_id)
    shift = open_shift(db, boss, "Касса 1")
    p = take_payment(db, boss, shift.shift_id, PaymentRequest(key="c1", account=desk.number,
                                                              amount=300_00, period=NOV))
    receipt = cancel_payment(db, boss, p.posted.payment_id, "Ошибся счётом")
    assert receipt.number == 2 and receipt.operation == "Возврат прихода"
    assert ledger_total(db, desk.account_id) == before
    x = x_report(db, boss, shift.shift_id)
    assert (x.cash, x.cancelled, x.total) == (0, 1, 0)
    with pytest.raises(DomainError, match="уже отменён"):
        cancel_payment(db, boss, p.posted.payment_id, "Ещё раз")


class BrokenRegister:
    title = "Сломанный"

    def register(self, kind: str, number: int, payload: dict[str, Any]) -> FiscalAck:
        raise FiscalError("Регистратор не отвечает")


def test_receipts_wait_in_the_queue_until_the_register_takes_them(
        db: Database, desk: DeskTown, tmp_path: Path) -> None:
    shift = open_shift(db, desk.cashier, "Касса 1")
    for i in range(3):
        take_payment(db, desk.cashier, shift.shift_id, PaymentRequest(
            key=f"q{i}", account=desk.number, amount=(i + 1) * 100_00))
    failed = send_queued(db, desk.cashier, BrokenRegister())
    assert (failed.sent, failed.queued, failed.error) == (0, 3, "Регистратор не отвечает")
    journal = tmp_path / "fiscal.jsonl"
    done = send_queued(db, desk.cashier, JournalFileDriver(journal))
    assert (done.sent, done.queued) == (3, 0)
    lines = [json.loads(line) for line in journal.read_text("utf-8").splitlines()]
    assert [line["number"] for line in lines] == [1, 2, 3]
    assert [line["payload"]["total"] for line in lines] == [100_00, 200_00, 300_00]
    assert send_queued(db, desk.cashier, JournalFileDriver(journal)).sent == 0
    with db.session() as s:
        doc = s.scalars(select(FiscalDocument).order_by(FiscalDocument.id)).first()
        assert doc is not None and doc.attempts == 2 and doc.fiscal_sign
        receipt = receipt_from_payload(doc.payload)
        assert receipt.register["ФП"] == doc.fiscal_sign


def test_the_receipt_pdf_carries_the_54fz_requisites(db: Database, desk: DeskTown,
                                                     tmp_path: Path) -> None:
    shift = open_shift(db, desk.cashier, "Касса 1")
    paid = take_payment(db, desk.cashier, shift.shift_id, PaymentRequest(
        key="r1", account=desk.number, amount=1500_00, period=NOV, tendered=2000_00))
    assert paid.receipt is not None
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_receipt(paid.receipt))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    for needed in ("КАССОВЫЙ ЧЕК № 1", "Смена № 1", "ПРИХОД", "ИНН 7701000001",
                   "Признак агента: Платёжный агент", "Поставщик: АО «Водоканал», ИНН 7701000002",
                   "Наличными", "Сдача", "500,00", "Кассир: Пользователь kassa", "Место расчётов",
                   "Система налогообложения", "ожидает отправки", "1 500,00"):
        assert needed in text.replace("\xa0", " "), needed
    png = tmp_path / "receipt"
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(png)],
                   check=True)
    assert png.with_suffix(".png").stat().st_size > 5000
