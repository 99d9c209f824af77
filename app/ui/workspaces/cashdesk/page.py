"""«Касса»: a scan (or a typed account) shows what the payer owes; Enter takes the payment,
prints the receipt and is ready for the next scan. Keyboard only; the keys are on screen.

The work is done by `app.cashdesk` (intake, shifts, fiscal queue); this page only shows it.
"""

from __future__ import annotations

import uuid
from collections import deque

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.accounts.lookup import lookup
from app.calc.money import format_rub, parse_rub
from app.cashdesk.fiscal import default_driver, send_queued
from app.cashdesk.intake import DeskDocument, read_scan
from app.cashdesk.posting import PaymentRequest
from app.cashdesk.receipts import save_receipt
from app.cashdesk.shifts import (
    DeskPayment,
    ShiftView,
    cancel_payment,
    cash_move,
    close_shift,
    current_shift,
    open_shift,
    shift_payments,
    take_payment,
    x_report,
)
from app.errors import DomainError
from app.rights import Right
from app.ui.context import Context
from app.ui.lookup_widget import LookupWidget
from app.ui.workspaces.cashdesk.dialogs import (
    CancelDialog,
    CloseShiftDialog,
    MoneyForm,
    TextDialog,
    preview_receipt,
    report_text,
)
from app.ui.workspaces.cashdesk.scan_capture import ScanCapture

KEYS = ("Скан — в любой момент · F2 — номер счёта · F3 — поиск по адресу · F4 — сумма · "
        "F5 — наличные · F6 — карта · F7 — суммы по услугам · Enter — принять · "
        "F8 — чек · Esc — очистить · F9 — смена · F10 — X-отчёт · F11 — внесение/выплата · "
        "F12 — отмена платежа")
COLUMNS = ("Услуга", "Поставщик", "Долг", "в т. ч. пени", "По документу", "Оплата (F7)")
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
        self.posted: list[DeskPayment] = []  # this session's, for tests and the status line
        self._build()
        self.capture = ScanCapture(self)
        self.capture.scanned.connect(self.on_scan)
        self.capture.enter.connect(self.on_enter)
        self._shortcuts()
        self.refresh_shift()
        self.clear()

    # --- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel("Касса")
        heading.setProperty("role", "title")
        self.shift_label = QLabel()
        self.shift_label.setObjectName("shiftLabel")
        self.register_label = QLabel()
        self.register_label.setProperty("role", "muted")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.shift_label, 1)
        top.addWidget(self.register_label)

        self.account_edit = QLineEdit()
        self.account_edit.setObjectName("accountEdit")
        self.account_edit.setPlaceholderText("Номер лицевого счёта (F2) и Enter — или "
                                             "отсканируйте код платёжного документа")
        self.payer_label = QLabel()
        self.payer_label.setObjectName("payerLabel")
        self.payer_label.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.address_label = QLabel()
        self.period_label = QLabel()
        self.period_label.setProperty("role", "muted")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("debtTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totalsLabel")
        left = QVBoxLayout()
        left.addWidget(self.account_edit)
        left.addWidget(self.payer_label)
        left.addWidget(self.address_label)
        left.addWidget(self.period_label)
        left.addWidget(self.table, 1)
        left.addWidget(self.totals_label)

        pay = QFrame()
        pay.setFrameShape(QFrame.Shape.StyledPanel)
        pay.setMinimumWidth(330)
        pay.setMaximumWidth(340)
        grid = QGridLayout(pay)
        big = "font-size: 16pt; font-weight: 600;"
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("amountEdit")
        self.amount_edit.setStyleSheet(big)
        self.cash_radio = QRadioButton("Наличные (F5)")
        self.card_radio = QRadioButton("Карта (F6)")
        self.cash_radio.setChecked(True)
        self.tendered_edit = QLineEdit()
        self.tendered_edit.setObjectName("tenderedEdit")
        self.tendered_edit.setPlaceholderText("без сдачи")
        self.change_label = QLabel()
        self.change_label.setObjectName("changeLabel")
        self.change_label.setStyleSheet(big)
        self.message = QLabel()
        self.message.setObjectName("deskMessage")
        self.message.setWordWrap(True)
        self.queue_label = QLabel()
        self.queue_label.setProperty("role", "muted")
        grid.addWidget(QLabel("К оплате, ₽ (F4)"), 0, 0, 1, 2)
        grid.addWidget(self.amount_edit, 1, 0, 1, 2)
        grid.addWidget(self.cash_radio, 2, 0)
        grid.addWidget(self.card_radio, 2, 1)
        grid.addWidget(QLabel("Получено наличными, ₽"), 3, 0, 1, 2)
        grid.addWidget(self.tendered_edit, 4, 0, 1, 2)
        grid.addWidget(self.change_label, 5, 0, 1, 2)
        enter = QLabel("Enter — принять платёж и напечатать чек")
        enter.setStyleSheet("font-weight: 600;")
        enter.setWordWrap(True)
        grid.addWidget(enter, 6, 0, 1, 2)
        grid.addWidget(self.message, 7, 0, 1, 2)
        grid.addWidget(self.queue_label, 8, 0, 1, 2)
        grid.setRowStretch(9, 1)
        self.amount_edit.textChanged.connect(self._update_change)
        self.tendered_edit.textChanged.connect(self._update_change)
        self.card_radio.toggled.connect(self._update_change)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(pay, 1)
        keys = QLabel(KEYS)
        keys.setObjectName("deskKeys")
        keys.setWordWrap(True)
        keys.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(keys)

    def _shortcuts(self) -> None:
        actions = {
            "F2": lambda: self._focus(self.account_edit), "F3": self.search,
            "F4": lambda: self._focus(self.amount_edit),
            "F5": lambda: self.cash_radio.setChecked(True),
            "F6": lambda: self.card_radio.setChecked(True), "F7": self._focus_table,
            "F8": self.show_receipt, "Esc": self.clear, "F9": self.toggle_shift,
            "F10": self.show_x_report, "F11": self.move_cash, "F12": self.cancel_payment,
        }
        for key, slot in actions.items():
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    def _focus(self, widget: QWidget) -> None:
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def _focus_table(self) -> None:
        if self.table.rowCount():
            self.table.setFocus()
            self.table.setCurrentCell(0, len(COLUMNS) - 1)

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
            self._show_queue()
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
        self.account_edit.setText(doc.account)
        self.payer_label.setText(f"{doc.payer} — л/с {doc.account}")
        self.address_label.setText(f"{doc.address}" + (f" · {doc.company}" if doc.company
                                                        else ""))
        what = {"qr": "QR-код платёжного документа", "desk": "штрихкод кассы",
                "account": "номер лицевого счёта"}[doc.scan.kind]
        period = f" за {doc.period.title()}" if doc.period else ""
        self.period_label.setText(f"Прочитан {what}{period}")
        self.table.setRowCount(len(doc.lines))
        for row, line in enumerate(doc.lines):
            cells = (line.service_name, line.supplier, format_rub(line.debt),
                     format_rub(line.penalty) if line.penalty else "",
                     format_rub(line.document) if line.document else "", "")
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if col < len(COLUMNS) - 1:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                item.setData(Qt.ItemDataRole.UserRole, line.service_code)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.totals_label.setText(
            f"Долг: {format_rub(doc.debt)}   в т. ч. пени: {format_rub(doc.penalty)}   "
            f"К оплате: {format_rub(doc.amount_due)}")
        due = format_rub(doc.amount_due, currency=False).replace("\xa0", "")
        self.amount_edit.setText(due if doc.amount_due else "")
        self.tendered_edit.clear()
        self.say("Проверьте сумму и нажмите Enter" if doc.amount_due else
                 "Долга нет: введите сумму платежа (она зачтётся авансом) и нажмите Enter")
        self._focus(self.amount_edit)
        return True

    def named_amounts(self) -> dict[str, int] | None:
        named: dict[str, int] = {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, len(COLUMNS) - 1)
            if item is not None and item.text().strip():
                named[str(item.data(Qt.ItemDataRole.UserRole))] = parse_rub(item.text())
        return named or None

    def post(self) -> None:
        if self.doc is None or self.key is None:
            self.say("Отсканируйте код платёжного документа или введите номер счёта (F2)",
                     error=True)
            return
        if self.shift is None:
            self.say("Смена не открыта: откройте смену (F9)", error=True)
            return
        card = self.card_radio.isChecked()
        try:
            amount = parse_rub(self.amount_edit.text())
            tendered = None
            if not card and self.tendered_edit.text().strip():
                tendered = parse_rub(self.tendered_edit.text())
            named = self.named_amounts()
        except ValueError as exc:
            self.say(str(exc), error=True)
            return
        req = PaymentRequest(key=self.key, account=self.doc.account, amount=amount,
                             channel="card" if card else "cash", period=self.doc.period,
                             named=named, penalty=self.doc.scan.penalty or 0, tendered=tendered)
        try:
            paid = take_payment(self.ctx.db, self.ctx.actor, self.shift.shift_id, req)
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
                save_receipt(paid.receipt)
            except OSError as exc:
                note = f" Чек не сохранён в файл: {exc.strerror}."
            sent = send_queued(self.ctx.db, self.ctx.actor, self.driver)
            if sent.error:
                note += f" Регистратор: {sent.error}; документы в очереди: {sent.queued}."
        change = f", сдача {format_rub(paid.posted.change)}" if paid.posted.change else ""
        number = paid.posted.receipt_number
        self.clear()
        self.say(f"Принято {format_rub(paid.posted.amount)} от {paid.posted.payer_name}, "
                 f"чек №{number}{change}.{note} F8 — показать чек.")
        self.refresh_shift()
        if self.waiting:
            self.load(self.waiting.popleft())
            self._show_queue()

    def clear(self) -> None:
        self.doc = self.key = None
        self.account_edit.clear()
        self.payer_label.setText("Отсканируйте код платёжного документа")
        self.address_label.clear()
        self.period_label.clear()
        self.table.setRowCount(0)
        self.totals_label.clear()
        self.amount_edit.clear()
        self.tendered_edit.clear()
        self.cash_radio.setChecked(True)
        self.say("")
        self._show_queue()
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
        if dialog.exec() and chosen:
            self.clear()
            self.load(chosen[0])

    # --- shift ----------------------------------------------------------------------------
    def refresh_shift(self) -> None:
        self.shift = current_shift(self.ctx.db, self.ctx.actor)
        if self.shift is None:
            self.shift_label.setText("Смена не открыта — F9, чтобы открыть")
            self.shift_label.setProperty("role", "error")
        else:
            sh = self.shift
            self.shift_label.setText(
                f"Смена №{sh.number} · {sh.desk} · открыта {sh.opened_at.astimezone():%H:%M} · "
                f"чеков {sh.payments} · наличными {format_rub(sh.cash_total)} · "
                f"картой {format_rub(sh.card_total)}")
            self.shift_label.setProperty("role", "")
        self.shift_label.style().polish(self.shift_label)
        self.register_label.setText(f"Регистратор: {self.driver.title}")

    def toggle_shift(self) -> None:
        try:
            if self.shift is None:
                form = MoneyForm("Открытие смены: размен в кассе", self, amount="0")
                if self.ask(form):
                    open_shift(self.ctx.db, self.ctx.actor, self.desk, form.value())
            else:
                report = x_report(self.ctx.db, self.ctx.actor, self.shift.shift_id)
                dialog = CloseShiftDialog(report, self)
                if self.ask(dialog):
                    z = close_shift(self.ctx.db, self.ctx.actor, self.shift.shift_id,
                                    dialog.counted(), dialog.reason.text())
                    self.show_text("Z-отчёт", report_text(z, "Z-отчёт"))
        except DomainError as exc:
            self.show_error(exc.message)
        self.refresh_shift()

    def show_x_report(self) -> None:
        if self.shift is None:
            self.say("Смена не открыта", error=True)
            return
        report = x_report(self.ctx.db, self.ctx.actor, self.shift.shift_id)
        self.show_text("X-отчёт", report_text(report, "X-отчёт"))

    def move_cash(self) -> None:
        if self.shift is None:
            self.say("Смена не открыта", error=True)
            return
        form = MoneyForm("Внесение или выплата наличных", self, reason=True, kinds=True)
        if self.ask(form):
            try:
                cash_move(self.ctx.db, self.ctx.actor, self.shift.shift_id,
                          str(form.kind.currentData()), form.value(), form.reason.text())
            except DomainError as exc:
                self.show_error(exc.message)
        self.refresh_shift()

    def cancel_payment(self) -> None:
        if self.shift is None:
            self.say("Смена не открыта", error=True)
            return
        if not self.ctx.actor.can(Right.CASH_CANCEL):
            self.say("Отмена платежа — право старшего кассира («отмена и возврат платежей»)",
                     error=True)
            return
        dialog = CancelDialog(shift_payments(self.ctx.db, self.ctx.actor,
                                             self.shift.shift_id), self)
        if self.ask(dialog) and dialog.chosen() is not None:
            try:
                receipt = cancel_payment(self.ctx.db, self.ctx.actor, int(dialog.chosen() or 0),
                                         dialog.reason.text())
                save_receipt(receipt)
                send_queued(self.ctx.db, self.ctx.actor, self.driver)
                self.say(f"Платёж отменён, чек возврата №{receipt.number}")
            except DomainError as exc:
                self.show_error(exc.message)
        self.refresh_shift()

    def show_receipt(self) -> None:
        if self.last is None or self.last.receipt is None:
            self.say("В этом сеансе ещё не было чеков", error=True)
            return
        preview_receipt(self.last.receipt, self)

    # --- messages and dialogs (tests replace these) ----------------------------------------
    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "")
        self.message.style().polish(self.message)

    def _show_queue(self) -> None:
        n = len(self.waiting)
        self.queue_label.setText(f"Ждут очереди отсканированных документов: {n}" if n else "")

    def _update_change(self) -> None:
        self.tendered_edit.setEnabled(not self.card_radio.isChecked())
        try:
            amount = parse_rub(self.amount_edit.text())
            tendered = parse_rub(self.tendered_edit.text())
        except ValueError:
            self.change_label.setText("")
            return
        self.change_label.setText(f"Сдача: {format_rub(tendered - amount)}"
                                  if tendered >= amount
                                  else f"Не хватает: {format_rub(amount - tendered)}")

    def ask(self, dialog: QDialog) -> bool:
        return bool(dialog.exec())

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, "Касса", text)

    def show_text(self, title: str, text: str) -> None:
        TextDialog(title, text, self).exec()
