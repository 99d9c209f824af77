"""The mass reading-entry grid: type a number, press Enter, the next meter is ready.

`ReadingsModel` holds the sheet rows from the application layer and what the operator typed;
`ReadingsGrid` is the keyboard behaviour: any digit typed on a row starts editing that row's
«Новое показание», Enter commits it and moves to the next row, Delete clears it. The remarks
(consumption, warnings, errors) come from the application layer through `checker`, one row at
a time as it is entered; the grid itself knows no rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from app.errors import Problem
from app.meters.entry import SheetRow
from app.meters.rules import parse_value, qty

COLUMNS = ("Адрес / кв.", "Л/с", "Прибор", "Пред. показание", "Новое показание", "Расход",
           "Среднее", "Замечание")
ADDRESS, ACCOUNT, METER, PREVIOUS, ENTRY, USED, AVERAGE, REMARK = range(len(COLUMNS))
NUMERIC = {PREVIOUS, ENTRY, USED, AVERAGE}
ERROR_BG = QColor("#f8d7da")
WARNING_BG = QColor("#fff3cd")
SAVED_FG = QColor("#555555")

Index = QModelIndex | QPersistentModelIndex


@dataclass
class RowState:
    """What the operator typed on a row and what the application layer said about it."""

    text: str = ""
    value: Decimal | None = None
    consumption: Decimal | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_error(self) -> bool:
        return any(not p.warning for p in self.problems)

    @property
    def has_warning(self) -> bool:
        return any(p.warning for p in self.problems)


# (row, value) → (consumption, problems): the application layer's verdict on one entry
Checker = Callable[[SheetRow, Decimal], tuple[Decimal | None, list[Problem]]]


class ReadingsModel(QAbstractTableModel):
    value_entered = Signal(int)  # row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[SheetRow] = []
        self.states: list[RowState] = []
        self.checker: Checker | None = None

    def load(self, rows: Sequence[SheetRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.states = [RowState() for _ in self.rows]
        self.endResetModel()

    # --- what the workspace saves ---------------------------------------------------------
    def pending(self) -> list[tuple[int, SheetRow, Decimal]]:
        """Rows with a typed value that differs from the stored one."""
        return [(i, r, st.value) for i, (r, st) in enumerate(zip(self.rows, self.states,
                                                                   strict=True))
                if st.value is not None and st.value != r.current]

    def problems(self) -> list[Problem]:
        return [p for st in self.states for p in st.problems]

    # --- Qt model -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == ENTRY else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, st, col = self.rows[index.row()], self.states[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, st, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and (st.has_error or st.has_warning):
            return QBrush(ERROR_BG if st.has_error else WARNING_BG)
        if role == Qt.ItemDataRole.ForegroundRole and col == ENTRY and not st.text \
                and row.current is not None:
            return QBrush(SAVED_FG)  # already stored for the period
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, st)
        return None

    @staticmethod
    def _text(row: SheetRow, st: RowState, col: int, editing: bool) -> str:
        if col == ADDRESS:
            return f"д. {row.house}, кв. {row.flat}" if row.flat else f"д. {row.house} (ОДПУ)"
        if col == ACCOUNT:
            return row.account_number or ""
        if col == METER:
            zone = f", {row.zone_title}" if row.zone_title else ""
            return f"{row.resource_title} №{row.serial}{zone}"
        if col == PREVIOUS:
            return "" if row.previous is None else qty(row.previous)
        if col == ENTRY:
            if st.text:
                return st.text
            return "" if row.current is None else qty(row.current)
        if col == USED:
            if st.consumption is not None:
                return qty(st.consumption)
            stored = row.current is not None and row.previous is not None and not st.text
            # an already stored reading shows its consumption too (a wrap shows none)
            if stored and row.current >= row.previous:  # type: ignore[operator]
                return qty(row.current - row.previous)  # type: ignore[operator]
            return ""
        if col == AVERAGE:
            return "" if row.average is None else qty(row.average)
        if col == REMARK:
            return "; ".join(p.message for p in st.problems)
        return ""

    @staticmethod
    def _tooltip(row: SheetRow, st: RowState) -> str:
        lines = [f"{row.address}, {row.resource_title} №{row.serial}"]
        if row.previous_taken_on:
            lines.append(f"Предыдущее снято {row.previous_taken_on:%d.%m.%Y}")
        if row.next_verification:
            lines.append(f"Поверка до {row.next_verification:%d.%m.%Y}")
        lines += [("Предупреждение: " if p.warning else "Ошибка: ") + p.message
                  for p in st.problems]
        return "\n".join(lines)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != ENTRY:
            return False
        i, text = index.row(), str(value or "").strip()
        st = self.states[i] = RowState(text=text)
        if text:
            try:
                st.value = parse_value(text)
            except ValueError as exc:
                st.problems = [Problem("", str(exc))]
            else:
                if self.checker is not None:
                    st.consumption, st.problems = self.checker(self.rows[i], st.value)
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
        self.value_entered.emit(i)
        return True


class ReadingsGrid(QTableView):
    """Keyboard first: digits start editing the entry cell, Enter commits and goes down."""

    def __init__(self, model: ReadingsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.readings = model
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(26)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for col, width in ((ADDRESS, 130), (ACCOUNT, 100), (METER, 320), (PREVIOUS, 140),
                           (ENTRY, 140), (USED, 90), (AVERAGE, 90)):
            header.resizeSection(col, width)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        model.modelReset.connect(self.go_first)

    def go_first(self) -> None:
        if self.readings.rowCount():
            self.go_to(0)

    def go_to(self, row: int) -> None:
        index = self.readings.index(row, ENTRY)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        current = self.currentIndex()
        if self.state() != QAbstractItemView.State.EditingState and current.isValid():
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._next(current.row())
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.readings.setData(self.readings.index(current.row(), ENTRY), "")
                return
            if text and (text.isdigit() or text in ",.") and current.column() != ENTRY:
                self.setCurrentIndex(self.readings.index(current.row(), ENTRY))
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter
            self._next(self.currentIndex().row())

    def _next(self, row: int) -> None:
        if row + 1 < self.readings.rowCount():
            self.go_to(row + 1)
