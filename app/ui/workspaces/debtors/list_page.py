"""The debtor list by criteria: how much, how long, which company, building or service, with
or without accounts keeping an agreement. F5 finds (off the UI thread); Enter opens the
account's debt by month with penalties; Ctrl+N signs a repayment agreement; Ctrl+P prints
notices or warnings for the rows chosen (all rows when none are)."""

from __future__ import annotations

from collections.abc import Callable, Generator
from datetime import date

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.calc.period import Period
from app.changes import Change
from app.debtors.lists import Debtor, DebtorCriteria, debtor_list
from app.debtors.notice_print import NoticePrintResult, print_notices
from app.debtors.views import DebtorChoices
from app.errors import DomainError
from app.ui import keys
from app.ui.context import Context
from app.ui.forms import DateField, buddy_label, error_label, show_error
from app.ui.jobs import Job
from app.ui.table_view import TablePanel
from app.ui.tables.rows import RIGHT, Column, RowsModel
from app.ui.workspaces.debtors.debt_dialog import AccountDebtDialog
from app.ui.workspaces.debtors.notices_dialog import NoticesDialog
from app.ui.workspaces.debtors.shared import MoneyField, choice_box, rub

# (account number, debt, first month, last month) → a new court case for them
CaseRequest = Callable[[str, int, Period | None, Period | None], None]

COLUMNS = [
    Column("Лицевой счёт", lambda d: d.debt.number, width=100),
    Column("Плательщик", lambda d: d.debt.payer, width=190,
           tooltip=lambda d: d.debt.payer or None),
    Column("Адрес", lambda d: d.debt.address, stretch=True,
           tooltip=lambda d: d.debt.address),
    Column("Долг, ₽", lambda d: rub(d.debt.debt), RIGHT, width=100),
    Column("Мес.", lambda d: str(d.debt.months), RIGHT, width=44),
    Column("Возраст долга", lambda d: d.debt.age, width=112),
    Column("Срок давности", lambda d: "; ".join(d.notes), width=140,
           tooltip=lambda d: "; ".join(d.notes) or None),
    Column("Стадия дела", lambda d: d.case_stage or "", width=120),
]


class DebtorListPage(QWidget):
    def __init__(self, ctx: Context, choices: DebtorChoices,
                 case_requested: CaseRequest = lambda *_a: None) -> None:
        super().__init__()
        self.ctx = ctx
        self.case_requested = case_requested  # the workspace opens the case on its cases tab
        self.job: Job | None = None
        self.last: NoticePrintResult | None = None
        self.min_debt = MoneyField()
        self.min_debt.setMaximumWidth(110)
        self.months = QSpinBox()
        self.months.setRange(0, 600)
        self.company = choice_box(choices.companies)
        self.building = choice_box(choices.buildings)
        self.service = choice_box(choices.services)
        self.with_agreements = QCheckBox("&включая соблюдающих рассрочку")
        self.on = DateField(date.today())
        self.find_button = QPushButton("Найти (F5)")
        self.find_button.clicked.connect(self.search)
        self.print_button = QPushButton("Уведомления… (Ctrl+P)")
        self.print_button.clicked.connect(self.print_notices)
        self.agreement_button = QPushButton("Рассрочка… (Ctrl+N)")
        self.agreement_button.clicked.connect(self.new_agreement)

        top = QHBoxLayout()
        for text, field in (("Долг &от, ₽", self.min_debt), ("&Месяцев от", self.months),
                            ("На &дату", self.on)):
            top.addWidget(buddy_label(text, field))
            top.addWidget(field)
        top.addWidget(self.with_agreements)
        top.addStretch(1)
        top.addWidget(self.find_button)
        where = QHBoxLayout()
        for text, box in (("&Компания", self.company), ("Д&ом", self.building),
                          ("&Услуга", self.service)):
            where.addWidget(buddy_label(text, box))
            where.addWidget(box, 1)

        self.model = RowsModel(COLUMNS)
        self.panel = TablePanel(self.model, "Задайте условия и нажмите F5 — должники появятся "
                                            "здесь")
        self.table = self.panel.table
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.doubleClicked.connect(lambda _i: self.open_debt())
        self.error = error_label()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.agreement_button)
        actions.addWidget(self.print_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(where)
        layout.addWidget(self.error)
        layout.addWidget(self.panel, 1)
        layout.addLayout(actions)

        keys.bind(self, "F5", "найти должников по условиям", self.search)
        keys.bind(self.table, "Return", "долг по месяцам и пени выбранного счёта",
                  self.open_debt)
        keys.bind(self, "Ctrl+N", "соглашение о рассрочке для выбранного счёта",
                  self.new_agreement)
        keys.bind(self, "Ctrl+P", "уведомления или предупреждения выбранным (всем в списке)",
                  self.print_notices)
        keys.bind(self, "Ctrl+O", "карточка выбранного лицевого счёта", self.open_card)
        keys.bind(self, "Insert", "новое дело о взыскании по выбранному должнику",
                  self.new_case)
        ctx.subscribe(self.on_changes)
        self.setFocusProxy(self.min_debt)

    # ------------------------------------------------------------------ the list

    def criteria(self) -> DebtorCriteria:
        return DebtorCriteria(min_debt=self.min_debt.kopecks("Долг от", empty=0),
                              min_months=self.months.value(),
                              company_id=self.company.currentData(),
                              building_id=self.building.currentData(),
                              service_code=self.service.currentData(),
                              with_agreements=self.with_agreements.isChecked())

    def search(self) -> None:
        if self.job is not None and self.job.running:
            return
        try:
            criteria = self.criteria()
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")
        db, actor, on = self.ctx.db, self.ctx.actor, self.on.day()

        def steps() -> Generator[tuple[int, int, str], None, list[Debtor]]:
            yield 0, 1, "Долги по журналу операций…"
            return debtor_list(db, actor, criteria, on)

        self.find_button.setEnabled(False)
        self.job = self.ctx.run_job(steps(), "Поиск должников", on_done=self.show_rows,
                                    on_failed=self._failed, on_cancelled=self._idle)

    def show_rows(self, rows: list[Debtor]) -> None:
        self._idle()
        self.model.set_rows(rows)
        total = sum(d.debt.debt for d in rows)
        self.status.setText(f"Должников: {len(rows)}, долг {rub(total)} ₽ на "
                            f"{self.on.day():%d.%m.%Y}")
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()

    def _failed(self, message: str) -> None:
        self._idle()
        show_error(self.error, message)

    def _idle(self) -> None:
        self.find_button.setEnabled(True)

    def on_changes(self, changes: Change) -> None:
        if changes & (Change.CHARGES | Change.DEBTORS) and self.model.rowCount():
            self.status.setText("Данные изменились — нажмите F5, чтобы обновить список")

    # ------------------------------------------------------------------ the rows chosen

    def current(self) -> Debtor | None:
        index: QModelIndex = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def chosen(self) -> list[Debtor]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if len(rows) <= 1:  # one row is where the cursor stands: the whole list is meant
            return self.model.rows()
        return [self.model.row_at(r) for r in rows]

    def open_debt(self) -> AccountDebtDialog | None:
        debtor = self.current()
        if debtor is None:
            return None
        try:
            dialog = AccountDebtDialog(self.ctx, debtor.debt.number, self.on.day(), self)
        except DomainError as exc:
            show_error(self.error, exc.message)
            return None
        dialog.open()
        return dialog

    def new_agreement(self) -> None:
        debtor = self.current()
        if debtor is None:
            show_error(self.error, "Выберите должника в списке")
            return
        from app.ui.workspaces.debtors.agreement_dialog import AgreementDialog

        dialog = AgreementDialog(self.ctx, debtor.debt.number, debtor.debt.debt, self.on.day(),
                                 self)
        dialog.open()

    def new_case(self) -> None:
        """A court case for the debtor chosen: the account, the debt and its months filled."""
        debtor = self.current()
        if debtor is None:
            show_error(self.error, "Выберите должника в списке")
            return
        months = [p.period for p in debtor.debt.by_period if p.period is not None]
        self.case_requested(debtor.debt.number, debtor.debt.debt,
                            months[0] if months else None, months[-1] if months else None)

    def open_card(self) -> None:
        debtor = self.current()
        if debtor is not None:
            self.ctx.open_account(debtor.debt.number)

    # ------------------------------------------------------------------ printing

    def print_notices(self) -> None:
        rows = self.chosen()
        if not rows:
            show_error(self.error, "Список пуст: найдите должников (F5)")
            return
        dialog = NoticesDialog(self.ctx, len(rows), self.on.day(), self)
        if not dialog.exec():
            return
        self.start_print(rows, dialog)

    def start_print(self, rows: list[Debtor], dialog: NoticesDialog) -> Job:
        show_error(self.error, "")
        steps = print_notices(self.ctx.db, self.ctx.actor, [d.debt.account_id for d in rows],
                              dialog.kind(), self.on.day(), dialog.path(), dialog.services(),
                              skip_refused=dialog.skip_refused.isChecked())
        self.print_button.setEnabled(False)
        self.job = self.ctx.run_job(steps, "Печать уведомлений", on_done=self._printed,
                                    on_failed=self._print_failed,
                                    on_cancelled=self._print_cancelled)
        return self.job

    def _printed(self, result: NoticePrintResult) -> None:
        self.print_button.setEnabled(True)
        self.last = result
        self.ctx.changed(Change.DEBTORS)  # the journal grew (other screens reload)
        skipped = "".join(f"\n• {a}: {why}" for a, why in result.skipped[:5])
        self.status.setText(result.summary() + skipped)

    def _print_failed(self, message: str) -> None:
        self.print_button.setEnabled(True)
        show_error(self.error, message)

    def _print_cancelled(self) -> None:
        self.print_button.setEnabled(True)
        self.status.setText("Печать отменена: ничего не записано, файл не создан")
