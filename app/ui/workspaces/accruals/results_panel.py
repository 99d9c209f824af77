"""The results of a period by account and service, and «Почему столько» for the chosen line.

The filter takes what the account lookup takes (number or its beginning, surname, address);
rows come a page at a time. Enter or a double click opens the account's card.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.billing.results import ChargeRow, charges_for_period
from app.calc.money import format_rub
from app.calc.period import Period
from app.errors import DomainError
from app.ui import labels as L
from app.ui.context import Context
from app.ui.table_view import TablePanel
from app.ui.tables.rows import RIGHT, Column, RowsModel
from app.ui.workspaces.accruals.record_dialog import rub_value

PAGE = 500
_PLACES = Decimal("0.0001")  # volumes of a split month are long fractions


def kind_text(row: ChargeRow) -> str:
    if row.kind == "recalculation" and row.ref_period:
        return f"Перерасчёт за {L.period(row.ref_period)}"
    return L.title(L.OPERATION_KIND, row.kind)


def _volume(row: ChargeRow) -> str:
    return L.quantity(row.volume.quantize(_PLACES) if row.volume is not None else None, row.unit)



RESULT_COLUMNS = (
    Column("Лицевой счёт", lambda r: r.account_number),
    Column("Адрес", lambda r: r.address, width=230),
    Column("Услуга", lambda r: r.service_name),
    Column("Вид", kind_text),
    Column("Объём", _volume, RIGHT),
    Column("Тариф, ₽", lambda r: rub_value(r.tariff) if r.tariff is not None else "", RIGHT),
    Column("Сумма", lambda r: format_rub(r.amount), RIGHT),
)


def explanation_text(row: ChargeRow) -> str:
    head = f"ЛС {row.account_number} — {row.address}, {row.payer_name}"
    verb = "начислено" if row.kind == "charge" else kind_text(row).lower()
    what = f"{row.service_name}: {verb} {format_rub(row.amount)}"
    return f"{head}\n{what}\n\nПочему столько:\n{row.explanation}"


class ResultsPanel(QWidget):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.period: Period | None = None
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Фильтр: номер счёта, фамилия или адрес (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.model = RowsModel(RESULT_COLUMNS)
        self.panel = TablePanel(self.model, "Начислений за период нет — запустите расчёт",
                                stretch_last=False)
        self.table = self.panel.table
        # the service name takes the spare width, the amount stays beside the figures (after
        # each reset, when the columns have been fitted to the new contents)
        self.model.modelReset.connect(self._stretch_service)
        self._stretch_service()
        self.totals = QLabel()
        self.more = QPushButton("Показать ещё")
        self.more.hide()
        self.explanation = QPlainTextEdit()
        self.explanation.setReadOnly(True)
        self.explanation.setObjectName("explanation")
        self.explanation.setPlaceholderText("Выберите строку — здесь будет объяснение расчёта")
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._build()

    def _build(self) -> None:
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.filter)
        box.addWidget(self.panel, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.more)
        box.addLayout(bottom)
        why = QGroupBox("Почему столько")
        why_box = QVBoxLayout(why)
        why_box.addWidget(self.explanation)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(left)
        split.addWidget(why)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.filter.textChanged.connect(lambda _t: self._debounce.start())
        self.filter.returnPressed.connect(self.reload)
        self._debounce.timeout.connect(self.reload)
        self.more.clicked.connect(self._more)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.activated.connect(self._open_account)
        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.filter.setFocus)

    def _stretch_service(self) -> None:
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def show_period(self, period: Period | None) -> None:
        self.period = period
        self.reload()

    def reload(self) -> None:
        self._debounce.stop()
        self.explanation.clear()
        self.model.set_rows([])
        self._load(0)

    def _more(self) -> None:
        self._load(self.model.rowCount())

    def _load(self, offset: int) -> None:
        if self.period is None:
            self.totals.setText("")
            return
        try:
            page = charges_for_period(self.ctx.db, self.ctx.actor, self.period,
                                      self.filter.text(), limit=PAGE, offset=offset)
        except DomainError as exc:
            self.totals.setText(exc.message)
            return
        if offset == 0:
            self.model.set_rows(page.rows)
        else:
            for row in page.rows:
                self.model.append(row)
        shown = self.model.rowCount()
        self.totals.setText(
            f"Счетов: {page.accounts}, строк: {page.total_rows}, сумма: "
            f"{format_rub(page.total_amount)}"
            + (f" (показаны первые {shown})" if shown < page.total_rows else ""))
        self.more.setVisible(shown < page.total_rows)

    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        if rows:
            index = rows[0]
        if not index.isValid():
            self.explanation.clear()
            return
        self.explanation.setPlainText(explanation_text(self.model.row_at(index.row())))

    def _open_account(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.ctx.open_account(self.model.row_at(index.row()).account_number)
