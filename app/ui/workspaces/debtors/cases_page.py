"""Court cases by stage (претензия, судебный приказ, иск, исполнительное производство) with
their dates, amounts claimed and recovered, the state duty and the documents of each event.
Insert opens a case, F2 records the next stage or an event, Ctrl+R a sum recovered."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.calc.period import Period
from app.changes import Change
from app.debtors.views import CaseView, court_cases
from app.models.enums import CaseStage
from app.titles import CASE_STAGE
from app.ui import keys
from app.ui.context import Context
from app.ui.forms import DateField, buddy_label, error_label, show_error
from app.ui.table_view import TablePanel
from app.ui.tables.rows import RIGHT, Column, RowsModel
from app.ui.workspaces.debtors.case_dialogs import AdvanceDialog, NewCaseDialog, RecoveryDialog
from app.ui.workspaces.debtors.shared import choice_box, day, rub

OPEN = "open"
COLUMNS = [
    Column("№", lambda c: str(c.id), RIGHT, width=44),
    Column("Лицевой счёт", lambda c: c.account, width=105),
    Column("Адрес", lambda c: c.address, stretch=True),
    Column("Стадия", lambda c: c.stage_title, width=150),
    Column("Открыто", lambda c: day(c.opened_on), width=88),
    Column("Долг, ₽", lambda c: rub(c.debt_claimed), RIGHT, width=96),
    Column("Пени, ₽", lambda c: rub(c.penalty_claimed), RIGHT, width=84),
    Column("Госпошлина, ₽", lambda c: rub(c.state_duty), RIGHT, width=104),
    Column("Взыскано, ₽", lambda c: rub(c.recovered), RIGHT, width=96),
    Column("Действие до", lambda c: day(c.next_action_on), width=90),
    Column("Что сделать", lambda c: c.next_action, width=170,
           tooltip=lambda c: c.next_action or None),
]
EVENT_COLUMNS = [
    Column("Дата", lambda e: day(e.happened_on), width=90),
    Column("Стадия", lambda e: e.stage, width=170),
    Column("Событие", lambda e: e.text, stretch=True),
    Column("Документ", lambda e: e.document, width=260),
]


class CasesPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.stage = choice_box([(OPEN, "все открытые"),
                                 *[(s, CASE_STAGE[s]) for s in CaseStage]], chars=22)
        self.stage.setCurrentIndex(1)
        self.on = DateField(date.today())
        self.model = RowsModel(COLUMNS)
        self.events = RowsModel(EVENT_COLUMNS)
        self.panel = TablePanel(self.model, "Дел нет")
        self.table = self.panel.table
        self.error = error_label()
        self.status = QLabel("")
        buttons = QHBoxLayout()
        for text, slot in (("Новое дело (Insert)", self.new_case),
                           ("Стадия, событие (F2)", self.advance),
                           ("Взыскано (Ctrl+R)", self.recovered)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(buddy_label("&Стадия", self.stage))
        top.addWidget(self.stage)
        top.addWidget(buddy_label("&Дата событий", self.on))
        top.addWidget(self.on)
        top.addStretch(1)
        top.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.panel)
        events = QWidget()
        box = QVBoxLayout(events)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("<b>События и документы дела</b>"))
        box.addWidget(TablePanel(self.events, "Выберите дело"), 1)
        split.addWidget(events)
        split.setSizes([340, 160])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.stage.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show_events(cur.row()))
        keys.bind(self, "Insert", "новое дело", self.new_case)
        keys.bind(self, "F2", "следующая стадия или событие выбранного дела", self.advance)
        keys.bind(self, "Ctrl+R", "взысканная сумма по выбранному делу", self.recovered)
        keys.bind(self, "F5", "перечитать дела", self.reload)
        ctx.subscribe(self.on_changes)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        chosen = self.stage.currentData()
        current = self.current()
        keep = select_id if select_id is not None else (current.id if current else None)
        stage = CaseStage(chosen) if chosen not in (None, OPEN) else None
        rows = court_cases(self.ctx.db, self.ctx.actor, stage, open_only=chosen == OPEN)
        self.model.set_rows(rows)
        at = next((i for i, c in enumerate(rows) if c.id == keep), 0)
        if rows:
            self.table.selectRow(at)
            self._show_events(at)
        else:
            self.events.set_rows([])
        self.status.setText(
            f"Дел: {len(rows)}; предъявлено {rub(sum(c.claimed for c in rows))} ₽, "
            f"взыскано {rub(sum(c.recovered for c in rows))} ₽")

    def show_case(self, case_id: int) -> None:
        """Show the case whatever the filter (the week's list opens cases here)."""
        if not any(c.id == case_id for c in self.model.rows()):
            self.stage.blockSignals(True)
            self.stage.setCurrentIndex(0)
            self.stage.blockSignals(False)
        self.reload(case_id)
        self.table.setFocus()

    def current(self) -> CaseView | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def _show_events(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.events.set_rows(self.model.row_at(row).events)

    def on_changes(self, changes: Change) -> None:
        if changes & Change.DEBTORS:
            self.reload()

    def new_case(self, account: str = "", debt: int = 0, first: Period | None = None,
                 last: Period | None = None) -> NewCaseDialog:
        dialog = NewCaseDialog(self.ctx, self.on.day(), account, debt, first, last, parent=self)
        dialog.open()
        return dialog

    def open_case_now(self) -> CaseView | None:
        """The case chosen, if it is open; otherwise the reason is shown."""
        case = self.current()
        reason = ("Выберите дело" if case is None
                  else "Дело закрыто" if case.stage == CaseStage.CLOSED else "")
        show_error(self.error, reason)
        return None if reason else case

    def advance(self) -> AdvanceDialog | None:
        case = self.open_case_now()
        if case is None:
            return None
        dialog = AdvanceDialog(self.ctx, case, self.on.day(), self)
        dialog.open()
        return dialog

    def recovered(self) -> RecoveryDialog | None:
        case = self.open_case_now()
        if case is None:
            return None
        dialog = RecoveryDialog(self.ctx, case, self.on.day(), self)
        dialog.open()
        return dialog
