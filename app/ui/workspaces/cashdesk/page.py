"""«Касса»: a scan (or a typed account) shows what the payer owes; Enter takes the payment,
prints the receipt and is ready for the next scan. Keyboard only; the keys are on screen.

The work is done by `app.cashdesk` (intake, shifts, fiscal queue); this page only shows it.
Its parts: the document (`document_panel`), the payment (`pay_panel`), the shift and its keys
(`shift_actions`), the receipt printed from its saved PDF (`receipt_print`), scans caught in
any focus state (`scan_capture`).
"""

from __future__ import annotations

import uuid
from collections import deque
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.accounts.lookup import lookup
from app.calc.money import format_rub
from app.cashdesk.fiscal import default_driver, send_queued
from app.cashdesk.intake import DeskDocument, read_scan
from app.cashdesk.posting import PaymentRequest
from app.cashdesk.receipts import save_receipt
from app.cashdesk.shifts import DeskPayment, ShiftView, current_shift, take_payment
from app.errors import DomainError
from app.ui import keys
from app.ui.context import Context
from app.ui.lookup_widget import LookupWidget
from app.ui.workspaces.cashdesk.dialogs import TextDialog
from app.ui.workspaces.cashdesk.document_panel import DocumentPanel
from app.ui.workspaces.cashdesk.pay_panel import PayPanel
from app.ui.workspaces.cashdesk.receipt_print import preview_receipt, print_receipt, printed_note
from app.ui.workspaces.cashdesk.scan_capture import ScanCapture
from app.ui.workspaces.cashdesk.shift_actions import ShiftActions, ShiftBar

KEYS = ("Скан — в любой момент · F2 — номер счёта · F3 — поиск по адресу · F4 — сумма · "
        "F5 — наличные · F6 — карта · F7 — суммы по услугам · Enter — принять и напечатать "
        "чек · F8 — чек · Esc — очистить · F9 — смена · F10 — X-отчёт · F11 — внесение/выплата "
        "· F12 — отмена платежа · Shift+F12 — возврат · Ctrl+B — реестр банка")
DESK = "Касса 1"


class DeskPage(QWidget):
    def __init__(self, ctx: Context, desk: str = DESK) -> None:
        super().__init__()
        self.ctx, self.desk = ctx, desk
        self.driver = default_driver()
        self.shift: ShiftView | None = None
        self.doc: DeskDocument | None = None
        self.key: str | None = None
        self.waiting: deque[str] = deque()
        self.last: DeskPayment | None = None
        self.last_receipt: tuple[Path, int] | None = None  # the saved PDF and its number
        self.posted: list[DeskPayment] = []  # this session's, for tests and the status line
        self.bar, self.document, self.pay = ShiftBar(), DocumentPanel(), PayPanel()
        self.shift_actions = ShiftActions(self)
        self._build()
        self.capture = ScanCapture(self)
        self.capture.scanned.connect(self.on_scan)
        self.capture.enter.connect(self.on_enter)
        self._bind_keys()
        self.refresh_shift()
        self.clear()

    # the widgets tests and the keys reach
    @property
    def account_edit(self) -> QLineEdit:
        return self.document.account_edit

    @property
    def amount_edit(self) -> QLineEdit:
        return self.pay.amount_edit

    @property
    def tendered_edit(self) -> QLineEdit:
        return self.pay.tendered_edit

    @property
    def table(self) -> QWidget:
        return self.document.table

    @property
    def message(self) -> QLabel:
        return self.pay.message

    @property
    def period_label(self) -> QLabel:
        return self.document.period_label

    def _build(self) -> None:
        body = QHBoxLayout()
        body.addWidget(self.document, 3)
        body.addWidget(self.pay, 1)
        hint = QLabel(KEYS)
        hint.setObjectName("deskKeys")
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(self.bar)
        layout.addLayout(body, 1)
        layout.addWidget(hint)

    def _bind_keys(self) -> None:
        a = self.shift_actions
        for key, what, slot in (
                ("F2", "номер лицевого счёта", lambda: self._focus(self.account_edit)),
                ("F3", "поиск лицевого счёта по адресу или фамилии", self.search),
                ("F4", "сумма платежа", lambda: self._focus(self.amount_edit)),
                ("F5", "оплата наличными", lambda: self.pay.cash_radio.setChecked(True)),
                ("F6", "оплата картой", lambda: self.pay.card_radio.setChecked(True)),
                ("F7", "суммы по услугам", self.document.focus_amounts),
                ("F8", "последний чек: просмотр и печать", self.show_receipt),
                ("Esc", "очистить", self.clear),
                ("F9", "открыть или закрыть смену (пересчёт кассы)", a.toggle),
                ("F10", "X-отчёт смены", a.x_report),
                ("F11", "внесение или выплата наличных", a.move_cash),
                ("F12", "отмена платежа в смене", a.cancel),
                ("Shift+F12", "возврат платежа после закрытия смены", a.refund),
                ("Ctrl+B", "реестр платежей банка: проверка и проведение", a.registry)):
            keys.bind(self, key, what, slot)

    def _focus(self, widget: QLineEdit) -> None:
        widget.setFocus()
        widget.selectAll()

    def showEvent(self, event: object) -> None:
        self.capture.start()
        self.account_edit.setFocus()

    def hideEvent(self, event: object) -> None:
        self.capture.stop()

    # --- scans and entry ------------------------------------------------------------------
    def on_scan(self, text: str) -> None:
        if self.doc is not None and text.strip() == self.doc.scan.payload:
            return  # the same document scanned twice: it is on screen already
        if self.doc is not None:
            self.waiting.append(text)  # the next payer's document waits its turn
            self.pay.show_queue(len(self.waiting))
            return
        self.load(text)

    def on_enter(self) -> None:
        typed = self.account_edit.text().strip()
        if self.account_edit.hasFocus() and typed and (self.doc is None
                                                       or typed != self.doc.account):
            self.load(typed)
            return
        self.post()

    def load(self, text: str) -> bool:
        try:
            doc = read_scan(self.ctx.db, self.ctx.actor, text)
        except DomainError as exc:
            self.say(exc.message, error=True)
            return False
        self.doc, self.key = doc, f"desk:{uuid.uuid4().hex}"
        self.document.show_document(doc)
        self.pay.offer(doc.amount_due)
        self.say("Проверьте сумму и нажмите Enter" if doc.amount_due else
                 "Долга нет: введите сумму платежа (она зачтётся авансом) и нажмите Enter")
        self._focus(self.amount_edit)
        return True

    def post(self) -> None:
        if self.doc is None or self.key is None:
            self.say("Отсканируйте код платёжного документа или введите номер счёта (F2)",
                     error=True)
            return
        if self.shift is None:
            self.say("Смена не открыта: откройте смену (F9)", error=True)
            return
        try:
            amount, tendered = self.pay.amounts()
            named = self.document.named_amounts()
        except ValueError as exc:
            self.say(str(exc), error=True)
            return
        card = self.pay.card
        req = PaymentRequest(key=self.key, account=self.doc.account, amount=amount,
                             channel="card" if card else "cash", period=self.doc.period,
                             named=named, penalty=self.doc.scan.penalty or 0, tendered=tendered)
        try:
            paid = self.ctx.perform(take_payment, self.shift.shift_id, req)
        except DomainError as exc:
            self.say(exc.message, error=True)  # the input stays: fix it and press Enter again
            return
        self.last = paid
        self.posted.append(paid)
        self._after_payment(paid)

    def _after_payment(self, paid: DeskPayment) -> None:
        note = ""
        if paid.receipt is not None:
            try:
                pdf = save_receipt(paid.receipt)
            except OSError as exc:
                note = f" Чек не сохранён в файл: {exc.strerror}."
            else:
                note = " " + self.receipt_issued(pdf, paid.receipt.number, "")
        change = f", сдача {format_rub(paid.posted.change)}" if paid.posted.change else ""
        self.clear()
        self.say(f"Принято {format_rub(paid.posted.amount)} от {paid.posted.payer_name}, "
                 f"чек №{paid.posted.receipt_number}{change}.{note} F8 — показать чек.")
        self.refresh_shift()
        if self.waiting:
            self.load(self.waiting.popleft())
            self.pay.show_queue(len(self.waiting))

    def receipt_issued(self, pdf: Path, number: int, message: str) -> str:
        """A receipt saved: sent to the register, printed from its PDF; says what happened."""
        self.last_receipt = (pdf, number)
        note = ""
        sent = send_queued(self.ctx.db, self.ctx.actor, self.driver)
        if sent.error:
            note += f" Регистратор: {sent.error}; документы в очереди: {sent.queued}."
        try:
            note = f"{printed_note(print_receipt(pdf))}{note}"
        except DomainError as exc:
            note = f"Чек не напечатан: {exc.message} (F8 — печать из просмотра).{note}"
        if message:
            self.say(f"{message} {note}")
        return note

    def clear(self) -> None:
        self.doc = self.key = None
        self.document.clear()
        self.pay.clear()
        self.say("")
        self.pay.show_queue(len(self.waiting))
        self.account_edit.setFocus()

    def search(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Поиск лицевого счёта")
        dialog.resize(760, 420)
        widget = LookupWidget(lambda text: lookup(self.ctx.db, self.ctx.actor, text))
        chosen: list[str] = []

        def choose(number: str) -> None:
            chosen.append(number)
            dialog.accept()

        widget.account_chosen.connect(choose)
        QVBoxLayout(dialog).addWidget(widget)
        widget.focus()
        if self.ask(dialog) and chosen:
            self.clear()
            self.load(chosen[0])

    def refresh_shift(self) -> None:
        self.shift = current_shift(self.ctx.db, self.ctx.actor)
        self.bar.show_shift(self.shift, self.driver.title)

    def show_receipt(self) -> None:
        if self.last_receipt is None:
            self.say("В этом сеансе ещё не было чеков", error=True)
            return
        try:
            preview_receipt(*self.last_receipt, self)
        except DomainError as exc:
            self.show_error(exc.message)

    # --- messages and dialogs (tests replace these) ----------------------------------------
    def say(self, text: str, *, error: bool = False) -> None:
        self.pay.say(text, error=error)

    def ask(self, dialog: QDialog) -> bool:
        return bool(dialog.exec())

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, "Касса", text)

    def show_text(self, title: str, text: str) -> None:
        TextDialog(title, text, self).exec()
