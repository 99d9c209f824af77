"""One account's debt by month with the penalty of each month and its limitation date, the
repayment agreements with their schedules followed by the payments, and the notices sent."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.debtors.agreements import AgreementView, instalment_marks
from app.debtors.notices import record_delivery
from app.debtors.views import AccountDebtView, MonthDebt, NoticeRow, account_debt_view
from app.errors import DomainError
from app.models.enums import AgreementStatus, DeliveryWay
from app.titles import AGREEMENT_STATUS, DELIVERY_WAY
from app.ui import keys
from app.ui.context import Context
from app.ui.forms import DateField, dialog_buttons, error_label, show_error
from app.ui.table_view import TablePanel
from app.ui.tables.rows import RIGHT, Column, RowsModel
from app.ui.workspaces.debtors.shared import day, rub


def _month(m: MonthDebt) -> str:
    return m.period.title() if m.period is not None else "ранее (входящий остаток)"


def month_columns(on: date) -> list[Column]:
    return [Column("Месяц", _month, width=170),
            Column("Долг, ₽", lambda m: rub(m.debt), RIGHT, width=110),
            Column("Срок оплаты", lambda m: day(m.due), width=100),
            Column("Пени, ₽", lambda m: rub(m.penalty), RIGHT, width=100),
            Column("Срок давности до", lambda m: day(m.limitation_ends), width=130),
            Column("", lambda m: m.limitation_state(on), stretch=True)]


def agreement_state(a: AgreementView) -> str:
    """As stored, or «нарушено» as soon as an instalment is missed (the review stores it)."""
    if a.status == AgreementStatus.ACTIVE and a.state.missed is not None:
        return AGREEMENT_STATUS[AgreementStatus.BROKEN]
    return AGREEMENT_STATUS.get(a.status, a.status)


AGREEMENT_COLUMNS = [
    Column("Соглашение", lambda a: f"№ {a.number} от {a.signed_on:%d.%m.%Y}", width=190),
    Column("Сумма, ₽", lambda a: rub(a.debt), RIGHT, width=100),
    Column("Состояние", lambda a: agreement_state(a), width=110),
    Column("К оплате на дату", lambda a: rub(a.state.due_so_far), RIGHT, width=120),
    Column("Оплачено", lambda a: rub(a.state.paid_so_far), RIGHT, width=100),
    Column("Пропущен платёж", lambda a: (f"{a.state.missed.due_on:%d.%m.%Y}, "
                                         f"{rub(a.state.missed.amount)}")
           if a.state.missed else "", stretch=True),
]
SCHEDULE_COLUMNS = [
    Column("Платёж до", lambda r: day(r[0].due_on), width=100),
    Column("Сумма, ₽", lambda r: rub(r[0].amount), RIGHT, width=100),
    Column("Отметка", lambda r: r[1], stretch=True),
]
NOTICE_COLUMNS = [
    Column("№", lambda n: n.number, width=100),
    Column("Документ", lambda n: n.kind, width=330),
    Column("Дата", lambda n: day(n.issued_on), width=90),
    Column("Долг, ₽", lambda n: rub(n.debt), RIGHT, width=100),
    Column("Вручено", lambda n: n.delivered, stretch=True),
]


class AccountDebtDialog(QDialog):
    def __init__(self, ctx: Context, number: str, on: date, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.ctx, self.number, self.on = ctx, number, on
        self.setWindowTitle(f"Долг лицевого счёта {number}")
        self.resize(1000, 640)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.months = RowsModel(month_columns(on))
        self.agreements = RowsModel(AGREEMENT_COLUMNS)
        self.schedule = RowsModel(SCHEDULE_COLUMNS)
        self.notices = RowsModel(NOTICE_COLUMNS)
        months = TablePanel(self.months, "Долга нет")
        agreements = TablePanel(self.agreements, "Соглашений о рассрочке не было")
        self.agreement_table = agreements.table
        schedule = TablePanel(self.schedule, "")
        notices = TablePanel(self.notices, "Уведомлений и предупреждений не было")
        self.notice_table = notices.table
        new = QPushButton("Соглашение о рассрочке… (Ctrl+N)")
        new.clicked.connect(self.new_agreement)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(months, 3)
        layout.addWidget(QLabel("<b>Соглашения о рассрочке</b> и график выбранного"))
        layout.addWidget(agreements, 1)
        layout.addWidget(schedule, 2)
        layout.addWidget(QLabel("<b>Уведомления и предупреждения</b> (Ctrl+D — вручено)"))
        layout.addWidget(notices, 1)
        layout.addWidget(new)
        layout.addWidget(close)
        self.agreement_table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show_schedule(cur.row()))
        keys.bind(self, "Ctrl+N", "соглашение о рассрочке", self.new_agreement)
        keys.bind(self, "Ctrl+D", "отметить вручение выбранного уведомления", self.delivered)
        self.view: AccountDebtView | None = None
        self.reload()

    def reload(self) -> None:
        view = account_debt_view(self.ctx.db, self.ctx.actor, self.number, self.on)
        self.view = view
        self.heading.setText(
            f"<b>{view.number}</b> — {view.payer}, {view.address}<br>"
            f"На {self.on:%d.%m.%Y}: долг <b>{rub(view.debt)} ₽</b>, пени <b>{rub(view.penalty)}"
            f" ₽</b>, всего {rub(view.debt + view.penalty)} ₽; долгу {view.months} мес. "
            f"({view.age or 'нет'})")
        self.months.set_rows(view.by_month)
        self.agreements.set_rows(view.agreements)
        self.notices.set_rows(view.notices)
        if view.agreements:
            self.agreement_table.selectRow(len(view.agreements) - 1)
            self._show_schedule(len(view.agreements) - 1)
        else:
            self.schedule.set_rows([])

    def _show_schedule(self, row: int) -> None:
        if self.view is None or not 0 <= row < len(self.view.agreements):
            return
        agreement: AgreementView = self.view.agreements[row]
        self.schedule.set_rows(list(zip(agreement.schedule, instalment_marks(agreement, self.on),
                                        strict=True)))

    def notice_rows(self) -> list[NoticeRow]:
        return self.notices.rows()

    def new_agreement(self) -> None:
        from app.ui.workspaces.debtors.agreement_dialog import AgreementDialog

        debt = self.view.debt if self.view else 0
        dialog = AgreementDialog(self.ctx, self.number, debt, self.on, self)
        dialog.accepted.connect(self.reload)
        dialog.open()

    def delivered(self) -> DeliveryDialog | None:
        index = self.notice_table.currentIndex()
        if not index.isValid():
            return None
        dialog = DeliveryDialog(self.ctx, self.notices.row_at(index.row()), self)
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog


class DeliveryDialog(QDialog):
    """The delivery of a notice: the day and the way; for a warning the 20 days run from it."""

    def __init__(self, ctx: Context, notice: NoticeRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.notice = ctx, notice
        self.last_day: date | None = None
        self.setWindowTitle(f"Вручение № {notice.number}")
        self.on = DateField(notice.issued_on)
        self.way = QComboBox()
        for way in DeliveryWay:
            self.way.addItem(DELIVERY_WAY[way], way)
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow(QLabel(f"{notice.kind} № {notice.number} от {notice.issued_on:%d.%m.%Y}"))
        form.addRow("&Вручено:", self.on)
        form.addRow("&Способ:", self.way)
        form.addRow(self.error)
        form.addRow(dialog_buttons(self, "Записать", self.save))

    def save(self) -> None:
        try:
            self.last_day = self.ctx.perform(record_delivery, self.notice.id, self.on.day(),
                                             self.way.currentData())
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()
