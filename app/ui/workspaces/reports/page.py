"""The reports page: pick a report, a range of periods and a filter; F5 builds it off the UI
thread, Ctrl+E saves it to Excel, Enter on an account's row opens the account card."""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.calc.period import Period
from app.changes import Change
from app.errors import DomainError
from app.reports.catalogue import REPORTS
from app.reports.choices import ReportChoices, report_choices
from app.reports.filters import ReportFilter
from app.reports.pdf import write_pdf
from app.reports.table import Cell, ColumnKind, ReportTable, cell_text
from app.reports.xlsx import write_xlsx
from app.ui import keys
from app.ui.context import Context
from app.ui.forms import buddy_label, error_label, show_error
from app.ui.table_view import make_table
from app.ui.tables.rows import LEFT, RIGHT, Column, Index, RowsModel

ANY = "— все —"


@dataclass(frozen=True)
class _Line:
    cells: Sequence[Cell]
    total: bool = False  # the totals line, in bold


def _columns(table: ReportTable) -> list[Column]:
    return [Column(_header(col.title), _cell_of(i, col.kind),
                   align=RIGHT if col.kind in ("money", "int", "number") else LEFT)
            for i, col in enumerate(table.columns)]


def _header(title: str) -> str:
    """Long titles on two lines («Сальдо на / начало»): the money columns stay narrow."""
    head, _, tail = title.rpartition(" ")
    return f"{head}\n{tail}" if head and len(title) > 10 else title


def _cell_of(i: int, kind: ColumnKind) -> Callable[[_Line], str]:
    return lambda line: cell_text(line.cells[i], kind)


class ReportModel(RowsModel):
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.FontRole and index.isValid()
                and self.row_at(index.row()).total):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)

    def show(self, table: ReportTable) -> None:
        """The report's columns and rows, the totals line last."""
        rows = [_Line(r) for r in table.rows]
        if table.totals is not None:
            rows.append(_Line(table.totals, total=True))
        self.beginResetModel()
        self.columns = _columns(table)
        self.endResetModel()
        self.set_rows(rows)


def _combo(items: Sequence[tuple[object, str]], with_any: bool = True) -> QComboBox:
    box = QComboBox()
    if with_any:
        box.addItem(ANY, None)
    for value, text in items:
        box.addItem(text, value)
    return box


class ReportsPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.table: ReportTable | None = None
        self.choices: ReportChoices = report_choices(ctx.db, ctx.actor)

        self.kinds = QComboBox()
        self.kinds.setObjectName("report_kinds")
        for kind in REPORTS.values():
            self.kinds.addItem(kind.title, kind.name)

        periods = [(p, p.title()) for p in self.choices.periods]
        self.period_from = _combo(periods, with_any=False)
        self.period_to = _combo(periods, with_any=False)
        if len(periods) > 1:
            self.period_from.setCurrentIndex(1)  # the last closed month by default
            self.period_to.setCurrentIndex(1)
        self.company = _combo([(i, n) for i, n in self.choices.companies])
        self.supplier = _combo([(i, n) for i, n in self.choices.suppliers])
        self.service = _combo([(c, n) for c, n in self.choices.services])
        self.building = _combo([(i, a) for i, a in self.choices.buildings])
        # long names (a company, an address) must not widen the window past a 1280 px screen
        for box, chars in ((self.kinds, 26), (self.company, 12), (self.supplier, 12),
                           (self.service, 12), (self.building, 12)):
            box.setMinimumContentsLength(chars)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.build_button = QPushButton("Сформировать (F5)")
        self.build_button.clicked.connect(self.build)
        self.excel_button = QPushButton("Excel… (Ctrl+E)")
        self.excel_button.clicked.connect(self.save_excel)
        self.excel_button.setEnabled(False)
        self.pdf_button = QPushButton("PDF… (Ctrl+P)")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.pdf_button.setEnabled(False)

        what = QHBoxLayout()
        for text, box in (("&Отчёт", self.kinds), ("&с", self.period_from),
                          ("&по", self.period_to)):
            what.addWidget(buddy_label(text, box))
            what.addWidget(box)
        what.addStretch(1)
        what.addWidget(self.build_button)
        what.addWidget(self.excel_button)
        what.addWidget(self.pdf_button)
        which = QHBoxLayout()
        for text, box in (("&Компания", self.company), ("Пос&тавщик", self.supplier),
                          ("&Услуга", self.service), ("&Дом", self.building)):
            which.addWidget(buddy_label(text, box))
            which.addWidget(box, 1)

        self.heading = QLabel("Выберите отчёт и период и нажмите F5")
        self.heading.setObjectName("report_heading")
        self.heading.setWordWrap(True)
        self.error = error_label()
        self.model = ReportModel([])
        self.view: QTableView = make_table(self.model, stretch_last=False)
        self.view.setObjectName("report_table")
        self.view.activated.connect(self._open_row)
        self.note = QLabel("")

        page = QVBoxLayout(self)
        page.addLayout(what)
        page.addLayout(which)
        page.addWidget(self.heading)
        page.addWidget(self.error)
        page.addWidget(self.view, 1)
        page.addWidget(self.note)

        keys.bind(self, "F5", "сформировать отчёт", self.build, context=keys.WINDOW)
        keys.bind(self, "Ctrl+E", "сохранить отчёт в Excel", self.save_excel,
                  context=keys.WINDOW)
        keys.bind(self, "Ctrl+P", "сохранить отчёт в PDF", self.save_pdf, context=keys.WINDOW)
        ctx.subscribe(self.on_changes)

    # ------------------------------------------------------------------ building

    def current_filter(self) -> ReportFilter:
        first, last = self.period_from.currentData(), self.period_to.currentData()
        if not isinstance(first, Period) or not isinstance(last, Period):
            raise DomainError("В базе ещё нет расчётных периодов")
        return ReportFilter(first, last, company_id=self.company.currentData(),
                            supplier_id=self.supplier.currentData(),
                            service_code=self.service.currentData(),
                            building_id=self.building.currentData())

    def build(self) -> None:
        kind = REPORTS[str(self.kinds.currentData())]
        try:
            f = self.current_filter()
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")
        db, actor = self.ctx.db, self.ctx.actor

        def steps() -> Generator[tuple[int, int, str], None, ReportTable]:
            yield 0, 1, f"{kind.title}: выборка из журнала операций…"
            return kind.build(db, actor, f)

        self.build_button.setEnabled(False)
        self.ctx.run_job(steps(), kind.title, on_done=self.show_table,
                         on_failed=self._failed, on_cancelled=self._cancelled)

    def _failed(self, message: str) -> None:
        self.build_button.setEnabled(True)
        show_error(self.error, message)

    def _cancelled(self) -> None:
        self.build_button.setEnabled(True)

    def show_table(self, table: ReportTable) -> None:
        self.build_button.setEnabled(True)
        self.table = table
        self.heading.setText(f"<b>{table.title}</b><br>{table.subtitle}")
        self.model.show(table)
        self.note.setText(" ".join(table.notes))
        self.excel_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self.view.setFocus()

    def on_changes(self, changes: Change) -> None:
        if changes & (Change.CHARGES | Change.PERIODS) and self.table is not None:
            self.note.setText("Данные изменились — нажмите F5, чтобы обновить отчёт")

    # ------------------------------------------------------------------ actions

    def save_excel(self, path: str | None = None) -> Path | None:
        return self._save(path, "Сохранить отчёт в Excel", "xlsx", "Книга Excel (*.xlsx)",
                          write_xlsx)

    def save_pdf(self, path: str | None = None) -> Path | None:
        return self._save(path, "Сохранить отчёт в PDF", "pdf", "Документ PDF (*.pdf)",
                          write_pdf)

    def _save(self, path: str | None, caption: str, suffix: str, kinds: str,
              write: Callable[[ReportTable, Path], Path]) -> Path | None:
        if self.table is None:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, caption, f"{self.table.sheet}.{suffix}",
                                                  kinds)
            if not path:
                return None
        try:
            saved = write(self.table, Path(path))
        except DomainError as exc:
            show_error(self.error, exc.message)
            return None
        show_error(self.error, "")
        self.note.setText(f"Сохранено: {saved}")
        return saved

    def _open_row(self, index: QModelIndex) -> None:
        keys = [c.key for c in self.table.columns] if self.table is not None else []
        if "account" not in keys:
            return
        line = self.model.row_at(index.row())
        if not line.total:
            self.ctx.open_account(str(line.cells[keys.index("account")]))
