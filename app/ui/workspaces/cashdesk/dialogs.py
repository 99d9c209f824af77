"""The desk's dialogs: opening and closing a shift (the drawer counted by denomination), cash in
and out, cancelling a payment in the shift, refunding one after it, a report."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.calc.money import format_rub, parse_rub
from app.cashdesk.shifts import DENOMINATIONS, ShiftPayment, ShiftReport
from app.errors import DomainError


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена (Esc)")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class MoneyForm(QDialog):
    """Amount (and optionally a reason and kind): opening a shift, cash in or out."""

    def __init__(self, title: str, parent: QWidget | None, *, amount: str = "",
                 reason: bool = False, kinds: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.kind = QComboBox()
        self.kind.addItem("Внесение", "in")
        self.kind.addItem("Выплата (инкассация)", "out")
        if kinds:
            form.addRow("Операция", self.kind)
        self.amount = QLineEdit(amount)
        form.addRow("Сумма, ₽", self.amount)
        self.reason = QLineEdit()
        if reason:
            form.addRow("Основание", self.reason)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        form.addRow(self.error)
        form.addRow(_buttons(self, "Готово (Enter)"))

    def accept(self) -> None:
        try:
            parse_rub(self.amount.text() or "0")
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        super().accept()

    def value(self) -> int:
        return parse_rub(self.amount.text() or "0")


class CloseShiftDialog(QDialog):
    """The drawer counted by denomination; expected vs counted live; a reason for a difference."""

    def __init__(self, report: ShiftReport, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(f"Закрытие смены №{report.shift.number}: пересчёт кассы")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Пересчитайте наличные в кассе: число купюр и монет каждого "
                                "номинала. Tab — к следующему номиналу."))
        grid = QGridLayout()
        self.counts: dict[int, QSpinBox] = {}
        for i, d in enumerate(DENOMINATIONS):
            spin = QSpinBox()
            spin.setRange(0, 100000)
            spin.valueChanged.connect(self._update)
            self.counts[d] = spin
            title = format_rub(d).replace(",00", "") if d >= 100 else f"{d} коп."
            grid.addWidget(QLabel(title), i % 8, (i // 8) * 2)
            grid.addWidget(spin, i % 8, (i // 8) * 2 + 1)
        layout.addLayout(grid)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Причина расхождения (обязательна, если суммы не сходятся)")
        layout.addWidget(self.reason)
        layout.addWidget(_buttons(self, "Закрыть смену (Enter)"))
        self._update()

    def counted(self) -> dict[int, int]:
        return {d: s.value() for d, s in self.counts.items() if s.value()}

    def _update(self) -> None:
        total = sum(d * n for d, n in self.counted().items())
        diff = total - self.report.expected_cash
        self.summary.setText(
            f"Должно быть: {format_rub(self.report.expected_cash)}   "
            f"Насчитано: {format_rub(total)}   Разница: {format_rub(diff, sign=True)}")


def _fill(listing: QListWidget, payments: list[ShiftPayment], *, day: bool) -> None:
    listing.clear()
    for p in payments:
        if p.status != "posted" or p.kind != "payment":
            continue
        when = f"{p.at.astimezone():%d.%m.%Y %H:%M}" if day else f"{p.at.astimezone():%H:%M}"
        receipt = f"чек №{p.receipt_number}" if p.receipt_number else "без чека"
        item = QListWidgetItem(f"Платёж {p.payment_id}  {receipt}  {p.account}  "
                               f"{format_rub(p.amount)}  {when}")
        item.setData(Qt.ItemDataRole.UserRole, p.payment_id)
        listing.addItem(item)
    listing.setCurrentRow(0)


class CancelDialog(QDialog):
    """A payment of the shift and the reason to cancel it."""

    def __init__(self, payments: list[ShiftPayment], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Отмена платежа в смене")
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        _fill(self.list, payments, day=False)
        layout.addWidget(self.list)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Причина отмены (обязательна)")
        layout.addWidget(self.reason)
        layout.addWidget(_buttons(self, "Отменить платёж (Enter)"))

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


class RefundDialog(QDialog):
    """A payment taken earlier (its shift closed, or a bank's), found by the account number,
    and the reason to refund it from this shift."""

    def __init__(self, find: Callable[[str], list[ShiftPayment]], parent: QWidget | None
                 ) -> None:
        super().__init__(parent)
        self.finder = find
        self.setWindowTitle("Возврат платежа после закрытия смены")
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.account = QLineEdit()
        self.account.setObjectName("refundAccount")
        self.account.setPlaceholderText("номер лицевого счёта и Enter")
        form.addRow("Лицевой счёт", self.account)
        layout.addLayout(form)
        self.list = QListWidget()
        layout.addWidget(self.list, 1)
        self.reason = QLineEdit()
        self.reason.setObjectName("refundReason")
        self.reason.setPlaceholderText("Причина возврата (обязательна): заявление плательщика…")
        layout.addWidget(self.reason)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "Оформить возврат (Enter)"))
        self.account.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the account field finds its payments; anywhere else it refunds."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.focusWidget() is self.account:
            self.search()
            return
        super().keyPressEvent(event)

    def search(self) -> None:
        try:
            found = self.finder(self.account.text())
        except DomainError as exc:
            self.error.setText(exc.message)
            self.list.clear()
            return
        _fill(self.list, found, day=True)
        self.error.setText("" if found else "Платежей, которые можно вернуть, нет: платёж "
                                            "открытой смены отменяется (F12)")
        if found:
            self.reason.setFocus()

    def accept(self) -> None:
        if self.chosen() is None:
            self.error.setText("Выберите платёж: введите номер счёта и нажмите Enter")
            return
        if not self.reason.text().strip():
            self.error.setText("Укажите причину возврата")
            return
        super().accept()

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


def report_text(r: ShiftReport, title: str) -> str:
    lines = [f"{title}: смена №{r.shift.number}, {r.shift.desk}",
             f"Наличными: {format_rub(r.cash)}", f"Картой: {format_rub(r.card)}",
             f"Итого: {format_rub(r.total)}  (чеков {r.receipts}, отмен {r.cancelled}, "
             f"возвратов {r.refunds})",
             f"Размен: {format_rub(r.shift.opening_cash)}  Внесено: {format_rub(r.cash_in)}  "
             f"Выплачено: {format_rub(r.cash_out)}",
             f"Должно быть в кассе: {format_rub(r.expected_cash)}"]
    if r.counted_cash is not None:
        lines.append(f"Насчитано: {format_rub(r.counted_cash)}  Разница: "
                     f"{format_rub(r.difference or 0, sign=True)}"
                     + (f"  Причина: {r.difference_reason}" if r.difference_reason else ""))
    for caption, rows in (("По услугам", r.by_service), ("По поставщикам", r.by_supplier),
                          ("По управляющим компаниям", r.by_company)):
        lines.append("")
        lines.append(caption + ":")
        lines += [f"  {name}: {format_rub(amount)}" for name, amount in rows]
    return "\n".join(lines)


class TextDialog(QDialog):
    def __init__(self, title: str, text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        view = QPlainTextEdit(text)
        view.setReadOnly(True)
        layout.addWidget(view)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть (Esc)")
        box.rejected.connect(self.reject)
        layout.addWidget(box)
