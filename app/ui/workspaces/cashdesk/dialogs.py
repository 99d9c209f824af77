"""The desk's dialogs: opening and closing a shift (the drawer counted by denomination), cash in
and out, cancelling a payment, a report, the receipt's preview and printing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
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
from app.print.receipt import Receipt, receipt_lines


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


class CancelDialog(QDialog):
    """A payment of the shift and the reason to cancel it."""

    def __init__(self, payments: list[ShiftPayment], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Отмена платежа в смене")
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        for p in payments:
            if p.status != "posted" or p.kind != "payment":
                continue
            item = QListWidgetItem(f"Чек №{p.receipt_number}  {p.account}  "
                                   f"{format_rub(p.amount)}  {p.at.astimezone():%H:%M}")
            item.setData(Qt.ItemDataRole.UserRole, p.payment_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Причина отмены (обязательна)")
        layout.addWidget(self.reason)
        layout.addWidget(_buttons(self, "Отменить платёж (Enter)"))

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


def paint_receipt(receipt: Receipt, printer: QPrinter) -> None:
    """The receipt's lines (the same as the PDF's) on a printer, 80 mm roll or any page."""
    painter = QPainter(printer)
    try:
        font = QFont("DejaVu Sans", 8)
        painter.setFont(font)
        width = printer.pageRect(QPrinter.Unit.DevicePixel).width()
        height = painter.fontMetrics().lineSpacing()
        y = height
        for left, right, bold in receipt_lines(receipt):
            font.setBold(bold)
            painter.setFont(font)
            painter.drawText(0, int(y), left)
            if right:
                w = painter.fontMetrics().horizontalAdvance(right)
                painter.drawText(int(width - w), int(y), right)
            y += height
    finally:
        painter.end()


def preview_receipt(receipt: Receipt, parent: QWidget | None,
                    paint: Callable[[Receipt, QPrinter], None] = paint_receipt) -> None:
    """Qt's print preview of the receipt; printing goes from there."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Чек №{receipt.number}")
    dialog.paintRequested.connect(lambda p: paint(receipt, p))
    dialog.exec()
