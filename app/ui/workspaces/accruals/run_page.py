"""«Расчёт»: choose the period and what to calculate, run it with progress and cancel, see the
results, close the period after a confirmation with its totals.

Ctrl+R calculates. A refused run (problems in the data) lists every problem per account and
offers to skip those accounts and calculate the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.billing.results import account_ids_for_numbers, current_period, periods
from app.billing.run import OnError, RunResult, run_billing
from app.billing.scope import Scope as RunScope
from app.calc.period import Period
from app.changes import Change, changes_of
from app.errors import DomainError, InvalidInput
from app.ledger.periods import ClosingSummary, close_period, period_totals
from app.rights import Right
from app.tariffs.queries import companies, scope_choices
from app.tariffs.views import Scope
from app.ui import keys
from app.ui import labels as L
from app.ui.context import Context
from app.ui.forms import buddy_label
from app.ui.jobs import Job
from app.ui.workspaces.accruals.close_dialog import ClosePeriodDialog
from app.ui.workspaces.accruals.epd_print_dialog import EpdPrintDialog
from app.ui.workspaces.accruals.mass_dialog import account_numbers
from app.ui.workspaces.accruals.problems_dialog import ProblemsDialog
from app.ui.workspaces.accruals.results_panel import ResultsPanel

ALL, LIST, COMPANY = "all", "list", "company"


def billing_steps(ctx: Context, scope: RunScope, on_error: OnError, penalties: bool = False
                  ) -> Iterator[tuple[int, int, str]]:
    """The billing run as a job: its result, or the refusal with its problems, is returned
    (not raised) so the page can list the problems and offer to skip those accounts."""
    job = run_billing(ctx.db, ctx.actor, None, scope, on_error, penalties=penalties)
    try:
        yield from job  # a cancel closes `job` too: its transaction rolls back
    except InvalidInput as refused:
        return refused  # type: ignore[return-value]
    return job.result  # type: ignore[return-value]


class RunPage(QWidget):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: Job | None = None
        self.close_dialog: ClosePeriodDialog | None = None
        self.problems_dialog: ProblemsDialog | None = None
        self.period_box = QComboBox()
        self.scope_box = QComboBox()
        self.scope_box.setSizeAdjustPolicy(  # a long address must not widen the window
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scope_box.setMinimumContentsLength(22)
        self.numbers = QLineEdit()
        self.numbers.setPlaceholderText("номера лицевых счетов через пробел")
        self.calc_button = QPushButton("Рассчитать (Ctrl+R)")
        # the month's penalties go with the charges (one transaction); a specialist may leave
        # them for later, e.g. while a key rate is not entered yet
        self.with_penalties = QCheckBox("и пени за &месяц")
        self.with_penalties.setChecked(True)
        self.with_penalties.setToolTip("Начислить пени за месяц вместе с начислениями; "
                                       "отдельно — командой «kvartal penalties»")
        self.close_button = QPushButton("Закрыть период…")
        self.print_button = QPushButton("Печать ЕПД… (Ctrl+P)")
        self.print_dialog: EpdPrintDialog | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("runStatus")
        self.results = ResultsPanel(ctx)
        self._build()
        self.reload_periods()
        ctx.subscribe(self.on_changes)

    def _build(self) -> None:
        self.scope_box.addItem("все лицевые счета", ALL)
        for company in companies(self.ctx.db):
            self.scope_box.addItem(f"УК {company.title}", (COMPANY, company.id))
        for choice in scope_choices(self.ctx.db):
            if choice.scope == Scope.BUILDING:
                self.scope_box.addItem(choice.title, choice.id)
        self.scope_box.addItem("список лицевых счетов…", LIST)
        top = QHBoxLayout()
        top.addWidget(buddy_label("&Период:", self.period_box))
        top.addWidget(self.period_box)
        top.addSpacing(16)
        top.addWidget(buddy_label("&Рассчитать:", self.scope_box))
        top.addWidget(self.scope_box)
        top.addWidget(self.numbers, 1)
        top.addWidget(self.calc_button)
        top.addWidget(self.with_penalties)
        top.addStretch(1)
        second = QHBoxLayout()  # closing sits apart from calculating, and the row stays narrow
        second.addWidget(self.status, 1)
        second.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)
        second.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.results, 1)
        self.calc_button.setVisible(self.ctx.actor.can(Right.BILLING_RUN))
        self.with_penalties.setVisible(self.ctx.actor.can(Right.BILLING_RUN))
        self.close_button.setVisible(self.ctx.actor.can(Right.PERIOD_CLOSE))
        self.calc_button.clicked.connect(lambda: self.calculate())  # not clicked(bool)
        self.close_button.clicked.connect(self.close_period)
        self.print_button.setVisible(self.ctx.actor.can(Right.ACCOUNT_VIEW))
        self.print_button.clicked.connect(lambda: self.print_epds())
        self.period_box.currentIndexChanged.connect(self._period_changed)
        self.scope_box.currentIndexChanged.connect(self._scope_changed)
        self._scope_changed()
        if self.ctx.actor.can(Right.BILLING_RUN):
            keys.bind(self, "Ctrl+R", "рассчитать выбранные счета за открытый период",
                      self.calculate)
        if self.ctx.actor.can(Right.ACCOUNT_VIEW):
            keys.bind(self, "Ctrl+P", "печать ЕПД за выбранный период по отбору",
                      self.print_epds)

    def on_changes(self, changes: Change) -> None:
        if changes & Change.PERIODS:
            self.reload_periods()  # shows the selected period's results again
        elif changes & (Change.CHARGES | Change.TARIFFS):
            self.results.reload()

    def reload_periods(self) -> None:
        """Every period, the open one chosen."""
        self.period_box.blockSignals(True)
        self.period_box.clear()
        chosen = 0
        for i, info in enumerate(periods(self.ctx.db)):
            self.period_box.addItem(info.title, info)
            if not info.closed:
                chosen = i
        self.period_box.setCurrentIndex(chosen)
        self.period_box.blockSignals(False)
        self._period_changed()

    def selected_period(self) -> Period | None:
        info = self.period_box.currentData()
        return info.period if info is not None else None

    def _open_selected(self) -> bool:
        info = self.period_box.currentData()
        return info is not None and not info.closed

    def _period_changed(self) -> None:
        is_open = self._open_selected()
        self.calc_button.setEnabled(is_open)
        self.close_button.setEnabled(is_open)
        self.results.show_period(self.selected_period())

    def _scope_changed(self) -> None:
        self.numbers.setVisible(self.scope_box.currentData() == LIST)

    def run_scope(self) -> RunScope:
        chosen: Any = self.scope_box.currentData()
        if chosen == ALL:
            return RunScope()
        if chosen == LIST:
            numbers = account_numbers(self.numbers.text())
            if not numbers:
                raise DomainError("Введите номера лицевых счетов для расчёта")
            return RunScope(account_ids=account_ids_for_numbers(self.ctx.db, numbers))
        if isinstance(chosen, tuple):
            return RunScope(company_id=int(chosen[1]))
        return RunScope(building_id=int(chosen))

    def calculate(self, on_error: OnError = "stop") -> None:
        if self.job is not None and self.job.running:
            return
        if not self._open_selected():
            self.status.setText("Рассчитывается только открытый период")
            return
        try:
            scope = self.run_scope()
        except DomainError as exc:
            self.status.setText(exc.message)
            return
        self.status.setText("Идёт расчёт…")
        self.calc_button.setEnabled(False)
        self.job = self.ctx.run_job(
            billing_steps(self.ctx, scope, on_error, self.with_penalties.isChecked()),
            "Расчёт начислений",
            on_done=lambda value: self._finished(value, scope),
            on_failed=self._failed, on_cancelled=self._cancelled)

    def _finished(self, value: object, scope: RunScope) -> None:
        self.calc_button.setEnabled(self._open_selected())
        if isinstance(value, InvalidInput):
            self.status.setText("Расчёт не выполнен, ничего не записано: ошибки в данных")
            self.problems_dialog = ProblemsDialog(value.message.split(":\n")[0], value.problems,
                                                  self)
            if self.problems_dialog.exec() and self.problems_dialog.skip_chosen:
                self.calculate("skip")
            return
        if isinstance(value, RunResult):
            text = "; ".join(value.summary()[1:5 if value.penalties is not None else 4])
            if value.problems:
                skipped = len({p.where for p in value.problems})
                text += f"; пропущено счетов с ошибками: {skipped}"
            self.status.setText(f"Расчёт за {L.period(value.period)} выполнен. {text}")
        self.ctx.changed(changes_of(run_billing))

    def _failed(self, message: str) -> None:
        self.calc_button.setEnabled(self._open_selected())
        self.status.setText(f"Расчёт не выполнен: {message}")

    def _cancelled(self) -> None:
        self.calc_button.setEnabled(self._open_selected())
        self.status.setText("Расчёт отменён, ничего не записано")

    def print_epds(self) -> None:
        """The mass print dialog for the selected period (its job runs off the UI thread)."""
        period = self.selected_period()
        if period is None:
            self.status.setText("Нет расчётных периодов — печатать нечего")
            return
        buildings = [c for c in scope_choices(self.ctx.db) if c.scope == Scope.BUILDING]
        self.print_dialog = EpdPrintDialog(self.ctx, period, companies(self.ctx.db), buildings,
                                           self)
        self.print_dialog.exec()

    def close_period(self) -> None:
        period = self.selected_period()
        if period is None or not self._open_selected():
            return
        try:
            totals = period_totals(self.ctx.db, period)
        except DomainError as exc:
            self.status.setText(exc.message)
            return
        self.close_dialog = ClosePeriodDialog(totals, self)
        if not self.close_dialog.exec():
            return
        try:
            summary: ClosingSummary = self.ctx.perform(close_period, period)
        except DomainError as exc:
            QMessageBox.warning(self, "Период не закрыт", exc.message)
            return
        notes = "".join(f" {w}." for w in summary.warnings)
        self.status.setText(f"Период {L.period(summary.period)} закрыт. Открыт период "
                            f"{L.period(summary.next_period)}.{notes}")

    def current_open(self) -> Period | None:
        try:
            return current_period(self.ctx.db)
        except DomainError:
            return None
