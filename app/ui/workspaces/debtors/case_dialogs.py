"""A new court case, the next stage or event of a case, and a sum recovered. Enter saves, Esc
cancels; a refusal (the court order's limit, a stage back, more than claimed) is shown under
the fields and the input stays."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.calc.period import Period
from app.debtors.cases import ORDER, advance_case, open_case, record_recovery
from app.debtors.views import CaseView
from app.errors import DomainError
from app.models.enums import CaseStage
from app.titles import CASE_STAGE
from app.ui.context import Context
from app.ui.forms import DateField, dialog_buttons, error_label, show_error
from app.ui.workspaces.debtors.shared import MoneyField, rub

FIRST_STAGES = (CaseStage.CLAIM_LETTER, CaseStage.COURT_ORDER, CaseStage.LAWSUIT)


def _period(text: str, what: str) -> Period:
    try:
        month, year = (int(p) for p in text.strip().split("."))
        return Period(year, month)
    except (ValueError, TypeError):
        raise DomainError(f"{what}: месяц в виде ММ.ГГГГ, например 11.2026") from None


class NextAction(QWidget):
    """The next action of a case: a date and what to do, or none."""

    def __init__(self, on: date, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox("")
        self.day = DateField(on + timedelta(days=7))
        self.what = QLineEdit(text)
        self.what.setPlaceholderText("что сделать")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.day)
        layout.addWidget(self.what, 1)
        self.enabled.setChecked(True)
        self.enabled.toggled.connect(self._sync)
        self.setFocusProxy(self.enabled)

    def _sync(self, on: bool) -> None:
        self.day.setEnabled(on)
        self.what.setEnabled(on)

    def value(self) -> tuple[date | None, str]:
        if not self.enabled.isChecked():
            return None, ""
        return self.day.day(), self.what.text()


class _Form(QDialog):
    def __init__(self, title: str, ok: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, ok, self._save))

    def _save(self) -> None:
        try:
            self.save()
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()

    def save(self) -> None:
        raise NotImplementedError


class NewCaseDialog(_Form):
    def __init__(self, ctx: Context, on: date, account: str = "", debt: int = 0,
                 first: Period | None = None, last: Period | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Новое дело о взыскании долга", "Открыть дело", parent)
        self.ctx = ctx
        self.case_id: int | None = None
        self.account = QLineEdit(account)
        self.stage = QComboBox()
        for stage in FIRST_STAGES:
            self.stage.addItem(CASE_STAGE[stage], stage)
        self.opened = DateField(on)
        self.first = QLineEdit(f"{first.month:02d}.{first.year}" if first else "")
        self.last = QLineEdit(f"{last.month:02d}.{last.year}" if last else "")
        for edit in (self.first, self.last):
            edit.setPlaceholderText("ММ.ГГГГ")
        self.debt = MoneyField(debt)
        self.penalty = MoneyField()
        self.court = QLineEdit()
        self.next = NextAction(on, "Проверить ответ на претензию")
        months = QHBoxLayout()
        months.addWidget(self.first)
        months.addWidget(QLabel("—"))
        months.addWidget(self.last)
        self.form.addRow("&Лицевой счёт:", self.account)
        self.form.addRow("&Стадия:", self.stage)
        self.form.addRow("&Дата:", self.opened)
        self.form.addRow("&Месяцы долга:", months)
        self.form.addRow("Сумма &долга, ₽:", self.debt)
        self.form.addRow("&Пени, ₽:", self.penalty)
        self.form.addRow("Су&д:", self.court)
        self.form.addRow("Следующее &действие:", self.next)
        self.resize(560, 0)

    def save(self) -> None:
        when, what = self.next.value()
        self.case_id = self.ctx.perform(
            open_case, self.account.text().strip(), self.stage.currentData(),
            self.opened.day(), _period(self.first.text(), "Начало периода долга"),
            _period(self.last.text(), "Конец периода долга"), self.debt.kopecks("Сумма долга"),
            self.penalty.kopecks("Пени", empty=0), court=self.court.text(),
            next_action_on=when, next_action=what)


class AdvanceDialog(_Form):
    def __init__(self, ctx: Context, case: CaseView, on: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Дело № {case.id}: стадия и событие", "Записать", parent)
        self.ctx, self.case = ctx, case
        self.stage = QComboBox()
        for stage in ORDER[ORDER.index(case.stage):]:
            self.stage.addItem(CASE_STAGE[stage], stage)
        if len(ORDER) > ORDER.index(case.stage) + 1:
            self.stage.setCurrentIndex(1)
        self.on = DateField(on)
        self.text = QLineEdit()
        self.text.setPlaceholderText("что произошло: подано заявление, выдан приказ…")
        self.document = QLineEdit()
        self.document.setPlaceholderText("документ: заявление, приказ, исполнительный лист…")
        self.case_number = QLineEdit(case.case_number)
        self.next = NextAction(on, case.next_action)
        self.form.addRow(QLabel(f"{case.account}, {case.address}; сейчас: {case.stage_title}; "
                                f"предъявлено {rub(case.claimed)} ₽"))
        self.form.addRow("&Стадия:", self.stage)
        self.form.addRow("&Дата:", self.on)
        self.form.addRow("&Что произошло:", self.text)
        self.form.addRow("Д&окумент:", self.document)
        self.form.addRow("&Номер дела в суде:", self.case_number)
        self.form.addRow("Следующее &действие:", self.next)
        self.resize(620, 0)
        self.text.setFocus()

    def save(self) -> None:
        when, what = self.next.value()
        self.ctx.perform(advance_case, self.case.id, self.stage.currentData(), self.on.day(),
                         self.text.text(), document=self.document.text(),
                         case_number=self.case_number.text(), next_action_on=when,
                         next_action=what)


class RecoveryDialog(_Form):
    def __init__(self, ctx: Context, case: CaseView, on: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Дело № {case.id}: взыскано", "Записать", parent)
        self.ctx, self.case = ctx, case
        self.amount = MoneyField()
        self.on = DateField(on)
        self.form.addRow(QLabel(f"Предъявлено {rub(case.claimed)} ₽, взыскано "
                                f"{rub(case.recovered)} ₽"))
        self.form.addRow("&Сумма, ₽:", self.amount)
        self.form.addRow("&Дата:", self.on)

    def save(self) -> None:
        self.ctx.perform(record_recovery, self.case.id, self.amount.kopecks("Сумма"),
                         self.on.day())
