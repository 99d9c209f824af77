"""A read-only table over a `RowsModel` that says so when it has no rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QWidget,
)

from app.ui.tables.rows import RowsModel


def make_table(model: RowsModel, *, stretch_last: bool | None = None) -> QTableView:
    """`stretch_last=None`: the last column takes the spare width unless a column stretches."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setHighlightSections(False)
    if stretch_last is None:
        stretch_last = not any(c.stretch for c in model.columns)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    fit_columns(view, model)
    model.modelReset.connect(lambda: fit_columns(view, model))
    return view


def fit_columns(view: QTableView, model: RowsModel) -> None:
    """Fixed preferred widths where a column asks for one, the rest fitted to the contents."""
    header = view.horizontalHeader()
    for i, column in enumerate(model.columns):
        if column.stretch:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            continue
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
        if column.width is not None:
            header.resizeSection(i, column.width)
        else:
            view.resizeColumnToContents(i)
            header.resizeSection(i, header.sectionSize(i) + 12)


def hide_empty_columns(view: QTableView, model: RowsModel) -> None:
    """Hide the columns with nothing in any row (e.g. «Основание» before payments exist)."""
    rows = model.rows()
    for i, column in enumerate(model.columns):
        view.setColumnHidden(i, bool(rows) and not any(column.text(r) for r in rows))


class TablePanel(QStackedWidget):
    """The table, or a plain sentence («Приборов учёта нет») when there is nothing to show."""

    def __init__(self, model: RowsModel, empty_text: str, parent: QWidget | None = None,
                 *, stretch_last: bool | None = None, hide_empty: bool = False) -> None:
        super().__init__(parent)
        self.model = model
        self.table = make_table(model, stretch_last=stretch_last)
        self.empty = QLabel(empty_text)
        self.empty.setProperty("role", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setContentsMargins(8, 8, 8, 8)
        self.addWidget(self.table)
        self.addWidget(self.empty)
        if hide_empty:
            model.modelReset.connect(lambda: hide_empty_columns(self.table, model))
        model.modelReset.connect(self._update)
        model.rowsInserted.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
