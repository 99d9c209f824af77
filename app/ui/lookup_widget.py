"""Account lookup as you type: a number, a surname or an address fragment («Ленина 5 12»).

Keyboard only: type; Down moves into the results; Enter opens the highlighted account (from the
field too — if the results for the latest text are still coming, it opens the first one when
they arrive); Esc clears the field, or from the results goes back to the field; typing in the
results goes on typing in the field.

The query runs 150 ms after the last keystroke in a one-thread pool of its own, so a slow
network database never freezes typing. Every query carries a generation number; results of a
query overtaken by newer typing are dropped, and a query still waiting when newer text arrives
is skipped without touching the database.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.accounts.views import AccountHit
from app.errors import DomainError
from app.ui.table_view import make_table
from app.ui.tables.accounts import HIT_COLUMNS
from app.ui.tables.rows import RowsModel

DEBOUNCE_MS = 150
LIMIT = 50

Search = Callable[[str], list[AccountHit]]

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _Signals(QObject):
    found = Signal(int, object)  # generation, list[AccountHit]
    failed = Signal(int, str)  # generation, Russian message


class _Query(QRunnable):
    def __init__(self, search: Search, text: str, generation: int, signals: _Signals,
                 is_current: Callable[[int], bool]) -> None:
        super().__init__()
        self.search, self.text, self.generation = search, text, generation
        self.signals, self.is_current = signals, is_current

    def run(self) -> None:
        if not self.is_current(self.generation):
            return  # newer typing made this query pointless before it started
        try:
            hits = self.search(self.text)
        except DomainError as exc:
            self.signals.failed.emit(self.generation, exc.message)
        except Exception as exc:  # shown inline; the operator can keep typing
            self.signals.failed.emit(self.generation, f"Поиск не удался: {exc}")
        else:
            self.signals.found.emit(self.generation, hits)


class LookupWidget(QWidget):
    account_chosen = Signal(str)  # the account number to open
    results_shown = Signal(int)  # number of hits, after they are on screen

    def __init__(self, search: Search, parent: QWidget | None = None, *,
                 limit: int = LIMIT) -> None:
        super().__init__(parent)
        self._search, self._limit = search, limit
        self._generation = 0  # of the latest query started
        self._shown_generation = 0  # of the results on screen
        self._open_when_ready = False

        self.edit = QLineEdit()
        self.edit.setObjectName("lookupEdit")
        self.edit.setPlaceholderText("Номер лицевого счёта, фамилия или адрес: «Ленина 5 12»")
        self.edit.setClearButtonEnabled(True)
        self.message = QLabel()
        self.message.setObjectName("lookupMessage")
        self.message.setWordWrap(True)
        self.model = RowsModel(HIT_COLUMNS)
        self.table = make_table(self.model)
        self.table.setObjectName("lookupResults")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self._say("Начните вводить — результаты появятся сразу.")

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_query)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # the widget owns its queries, as a Job owns its runnable (app/ui/jobs.py): the pool
        # never deletes one on the worker thread; they are dropped here once the pool is idle
        self._queries: list[_Query] = []
        self._signals = _Signals()
        self._signals.found.connect(self._on_found)
        self._signals.failed.connect(self._on_failed)

        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))

    # --- public -------------------------------------------------------------------------------
    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    @property
    def pending(self) -> bool:
        """True while the results on screen are not those of the text in the field."""
        return self._timer.isActive() or self._shown_generation != self._generation

    def hits(self) -> list[AccountHit]:
        return self.model.rows()

    def wait_idle(self) -> None:
        """For scripts and tests: block until the pool has no query running."""
        self._pool.waitForDone()

    # --- querying -----------------------------------------------------------------------------
    def _on_text_changed(self, _text: str) -> None:
        self._open_when_ready = False
        self._generation += 1  # results of older text must not appear any more
        self._timer.start()

    def _start_query(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        text = self.edit.text().strip()
        if not text:
            self._show([], generation)
            self._say("Начните вводить — результаты появятся сразу.")
            return
        self._drop_finished()
        query = _Query(self._search, text, generation, self._signals, self._is_current)
        query.setAutoDelete(False)
        self._queries.append(query)
        self._pool.start(query)

    def _drop_finished(self) -> None:
        """On the UI thread, where queries start: no active thread means none is queued or
        running, so every query held has finished."""
        if self._pool.activeThreadCount() == 0:
            self._queries.clear()

    def _is_current(self, generation: int) -> bool:
        return generation == self._generation

    def _on_found(self, generation: int, hits: list[AccountHit]) -> None:
        if not self._is_current(generation):
            return
        self._show(hits, generation)
        if not hits:
            self._say("Ничего не найдено. Проверьте номер, фамилию или адрес.")
        elif len(hits) >= self._limit:
            self._say(f"Показаны первые {len(hits)} — уточните запрос.")
        else:
            self._say(f"Найдено: {len(hits)}. Enter — открыть карточку, ↓ — к списку.")
        if self._open_when_ready and hits:
            self._open_row(self.table.currentIndex().row())
        self._open_when_ready = False

    def _on_failed(self, generation: int, message: str) -> None:
        if not self._is_current(generation):
            return
        self._show([], generation)
        self._open_when_ready = False
        self._say(message, error=True)

    def _show(self, hits: list[AccountHit], generation: int) -> None:
        self.model.set_rows(hits)
        self._shown_generation = generation
        if hits:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.results_shown.emit(len(hits))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "muted")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    # --- keyboard -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.edit:
                return self._edit_key(event)
            if watched is self.table:
                return self._table_key(event)
        return super().eventFilter(watched, event)

    def _edit_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Down and self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))
            return True
        if key in _ENTER:
            if self.pending:
                self._open_when_ready = True
                if self._timer.isActive():
                    self._start_query()
            elif self.model.rowCount():
                self._open_row(self.table.currentIndex().row())
            return True
        if key == Qt.Key.Key_Escape and self.edit.text():
            self.edit.clear()
            return True
        return False

    def _table_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _ENTER:
            self._open_row(self.table.currentIndex().row())
            return True
        if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Up
                                        and self.table.currentIndex().row() <= 0):
            self.focus()
            return True
        if key == Qt.Key.Key_Backspace:
            self.edit.setFocus()
            self.edit.backspace()
            return True
        text = event.text()
        no_command = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                              | Qt.KeyboardModifier.AltModifier)
        if text and text.isprintable() and no_command:
            self.edit.setFocus()
            self.edit.insert(text)  # typing in the list goes on typing the query
            return True
        return False

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.account_chosen.emit(self.model.row_at(row).number)
