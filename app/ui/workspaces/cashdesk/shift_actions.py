"""The desk's shift: the line at the top (shift, totals, the fiscal register's driver) and the
keys that act on it — open or close with the drawer counted (F9), X-report (F10), cash in or
out (F11), cancel a payment of the shift (F12), refund one after its shift (Shift+F12), a
bank's registry (Ctrl+B)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.calc.money import format_rub
from app.cashdesk.receipts import save_receipt
from app.cashdesk.registries import import_registry
from app.cashdesk.shifts import (
    ShiftView,
    cancel_payment,
    cash_move,
    close_shift,
    open_shift,
    refund_payment,
    refundable_payments,
    shift_payments,
    x_report,
)
from app.changes import changes_of
from app.errors import DomainError
from app.rights import Right
from app.ui.context import Context
from app.ui.workspaces.cashdesk.dialogs import (
    CancelDialog,
    CloseShiftDialog,
    MoneyForm,
    RefundDialog,
    report_text,
)
from app.ui.workspaces.cashdesk.registry_dialog import RegistryDialog

if TYPE_CHECKING:
    from app.ui.workspaces.cashdesk.page import DeskPage


class ShiftBar(QWidget):
    def __init__(self) -> None:
        super().__init__()
        heading = QLabel("Касса")
        heading.setProperty("role", "title")
        self.shift_label = QLabel()
        self.shift_label.setObjectName("shiftLabel")
        self.register_label = QLabel()
        self.register_label.setProperty("role", "muted")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addSpacing(16)
        layout.addWidget(self.shift_label, 1)
        layout.addWidget(self.register_label)

    def show_shift(self, shift: ShiftView | None, register: str) -> None:
        if shift is None:
            self.shift_label.setText("Смена не открыта — F9, чтобы открыть")
            self.shift_label.setProperty("role", "error")
        else:
            self.shift_label.setText(
                f"Смена №{shift.number} · {shift.desk} · открыта "
                f"{shift.opened_at.astimezone():%H:%M} · платежей {shift.payments} · "
                f"наличными {format_rub(shift.cash_total)} · "
                f"картой {format_rub(shift.card_total)}")
            self.shift_label.setProperty("role", "")
        self.shift_label.style().polish(self.shift_label)
        self.register_label.setText(f"Регистратор: {register}")


class ShiftActions:
    """What the shift keys do; `page` shows the messages and owns the shift."""

    def __init__(self, page: DeskPage) -> None:
        self.page = page

    @property
    def ctx(self) -> Context:
        return self.page.ctx

    def toggle(self) -> None:
        page = self.page
        try:
            if page.shift is None:
                form = MoneyForm("Открытие смены: размен в кассе", page, amount="0")
                if page.ask(form):
                    open_shift(self.ctx.db, self.ctx.actor, page.desk, form.value())
            else:
                report = x_report(self.ctx.db, self.ctx.actor, page.shift.shift_id)
                dialog = CloseShiftDialog(report, page)
                if page.ask(dialog):
                    z = close_shift(self.ctx.db, self.ctx.actor, page.shift.shift_id,
                                    dialog.counted(), dialog.reason.text())
                    page.show_text("Z-отчёт", report_text(z, "Z-отчёт"))
        except DomainError as exc:
            page.show_error(exc.message)
        page.refresh_shift()

    def x_report(self) -> None:
        page = self.page
        if page.shift is None:
            page.say("Смена не открыта", error=True)
            return
        report = x_report(self.ctx.db, self.ctx.actor, page.shift.shift_id)
        page.show_text("X-отчёт", report_text(report, "X-отчёт"))

    def move_cash(self) -> None:
        page = self.page
        if page.shift is None:
            page.say("Смена не открыта", error=True)
            return
        form = MoneyForm("Внесение или выплата наличных", page, reason=True, kinds=True)
        if page.ask(form):
            try:
                cash_move(self.ctx.db, self.ctx.actor, page.shift.shift_id,
                          str(form.kind.currentData()), form.value(), form.reason.text())
            except DomainError as exc:
                page.show_error(exc.message)
        page.refresh_shift()

    def _may_undo(self, what: str) -> bool:
        page = self.page
        if page.shift is None:
            page.say("Смена не открыта", error=True)
            return False
        if not self.ctx.actor.can(Right.CASH_CANCEL):
            page.say(f"{what} — право старшего кассира («отмена и возврат платежей»)",
                     error=True)
            return False
        return True

    def cancel(self) -> None:
        page = self.page
        if not self._may_undo("Отмена платежа") or page.shift is None:
            return
        dialog = CancelDialog(shift_payments(self.ctx.db, self.ctx.actor,
                                             page.shift.shift_id), page)
        if page.ask(dialog) and dialog.chosen() is not None:
            try:
                receipt = self.ctx.perform(cancel_payment, int(dialog.chosen() or 0),
                                           dialog.reason.text())
                page.receipt_issued(save_receipt(receipt), receipt.number,
                                    f"Платёж отменён, чек возврата №{receipt.number}.")
            except DomainError as exc:
                page.show_error(exc.message)
        page.refresh_shift()

    def refund(self) -> None:
        """A payment of a closed shift (or a bank's) returned from this shift's drawer."""
        page = self.page
        if not self._may_undo("Возврат платежа") or page.shift is None:
            return
        dialog = RefundDialog(lambda number: refundable_payments(self.ctx.db, self.ctx.actor,
                                                                 number), page)
        if page.ask(dialog) and dialog.chosen() is not None:
            paid = int(dialog.chosen() or 0)
            try:
                receipt = self.ctx.perform(refund_payment, paid, page.shift.shift_id,
                                           dialog.reason.text(), f"refund:{paid}")
                page.receipt_issued(save_receipt(receipt), receipt.number,
                                    f"Возврат платежа {paid}: {format_rub(receipt.total)}, "
                                    f"чек возврата №{receipt.number}.")
            except DomainError as exc:
                page.show_error(exc.message)
        page.refresh_shift()

    def registry(self) -> None:
        page = self.page
        dialog = RegistryDialog(self.ctx, page)
        page.ask(dialog)
        if dialog.outcome is not None:
            self.ctx.changed(changes_of(import_registry))
