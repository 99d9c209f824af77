"""The recalculation of closed periods: range and filter, «Предпросмотр» shows every difference
with the old and the new amount, «Записать» posts them in the open period (a job with progress
and cancel)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.billing.results import account_ids_for_numbers
from app.billing.scope import Scope
from app.calc.money import format_rub
from app.calc.period import Period
from app.errors import DomainError
from app.passport import billing_effect
from app.recalc.retro import Difference, RecalcResult, recalculation_steps
from app.tariffs.queries import list_services
from app.ui.context import Context
from app.ui.table_view import TablePanel
from app.ui.tables.rows import RIGHT, Column, RowsModel


def columns(names: dict[str, str]) -> tuple[Column, ...]:
    """The differences table; `names`: service code → the name the operator reads."""
    return (
        Column("Лицевой счёт", lambda d: d.account_number),
        Column("Период", lambda d: d.period.title()),
        Column("Услуга", lambda d: names.get(d.service_code, d.service_code)),
        Column("Было", lambda d: format_rub(d.old), RIGHT),
        Column("Стало", lambda d: format_rub(d.new), RIGHT),
        Column("Разница", lambda d: format_rub(d.amount, sign=True), RIGHT),
        Column("Почему", lambda d: d.explanation(), stretch=True),
    )


class RecalcPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.first = QLineEdit()
        self.first.setPlaceholderText("ГГГГ-ММ")
        self.last = QLineEdit()
        self.last.setPlaceholderText("ГГГГ-ММ (как «с», если пусто)")
        self.building = QLineEdit()
        self.building.setPlaceholderText("код дома (все дома, если пусто)")
        self.accounts = QLineEdit()
        self.accounts.setPlaceholderText("номера через запятую (все счета, если пусто)")
        form = QFormLayout()
        form.addRow("Периоды &с:", self.first)
        form.addRow("&по:", self.last)
        form.addRow("&Дом:", self.building)
        form.addRow("&Лицевые счета:", self.accounts)
        self.preview_button = QPushButton("&Предпросмотр")
        self.post_button = QPushButton("&Записать перерасчёт")
        self.preview_button.clicked.connect(lambda: self.run(preview=True))
        self.post_button.clicked.connect(lambda: self.run(preview=False))
        # changes of closed periods' inputs whose own recalculation did not run (app.recalc.trigger)
        self.requests_button = QPushButton("Вып&олнить запросы на перерасчёт")
        self.requests_button.clicked.connect(self.run_requests)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.post_button)
        buttons.addWidget(self.requests_button)
        buttons.addStretch(1)
        self.status = QLabel("Пересчитываются закрытые периоды; разница записывается в открытый.")
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        names = {sv.code: sv.name for sv in list_services(ctx.db)}
        self.model = RowsModel(columns(names))
        self.table = TablePanel(self.model, "Разницы появятся после предпросмотра")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.first)

    def scope(self) -> tuple[Period, Period, Scope]:
        try:
            first = Period.parse(self.first.text())
            last = Period.parse(self.last.text()) if self.last.text().strip() else first
        except ValueError as exc:
            raise DomainError(str(exc)) from None
        text = self.building.text().strip()
        if text and not text.isdigit():
            raise DomainError("Код дома — число")
        numbers = [n for n in self.accounts.text().split(",") if n.strip()]
        ids = account_ids_for_numbers(self.ctx.db, numbers) if numbers else ()
        return first, last, Scope(building_id=int(text) if text else None, account_ids=ids)

    def run(self, preview: bool) -> None:
        try:
            first, last, scope = self.scope()
        except DomainError as exc:
            self.status.setText(exc.message)
            return
        self.status.setText("Идёт перерасчёт…")
        self.preview_button.setEnabled(False)
        self.post_button.setEnabled(False)
        self.ctx.run_job(
            recalculation_steps(self.ctx.db, self.ctx.actor, first, last, scope,
                                preview=preview),
            "Перерасчёт", on_done=self.show_result, on_failed=self._failed,
            on_cancelled=lambda: self._failed("Отменено, ничего не записано"))

    def run_requests(self) -> None:
        """Run the open recalculation requests of the user's scope; say what was posted."""
        try:
            done = billing_effect.run_open_requests(self.ctx.db, self.ctx.actor)
        except DomainError as exc:
            self.status.setText(exc.message)
            return
        told = done.summary()
        self.status.setText(" · ".join(told[:1] + told[1:4]) if told
                            else "Открытых запросов на перерасчёт нет")

    def show_result(self, value: object) -> None:
        self._enable()
        assert isinstance(value, RecalcResult)
        rows: list[Difference] = value.differences
        self.model.set_rows(rows)
        self.status.setText(" · ".join(value.summary()[:4]))

    def _failed(self, message: str) -> None:
        self._enable()
        self.status.setText(message)

    def _enable(self) -> None:
        self.preview_button.setEnabled(True)
        self.post_button.setEnabled(True)
