"""Long jobs off the UI thread: a (done, total, message) generator, progress dialog, cancel.

    job = run_job(steps, "Расчёт начислений", parent=window, on_done=show_result)

`steps` is an iterator — normally a generator from the application layer — yielding
`(done, total, message)`; its `return` value is handed to `on_done`. It runs in a
`QThreadPool` worker; the UI thread only receives progress through queued signals.

Cancellation means *stop iterating*: after the cancel button (or `Job.cancel()`), the worker
takes no further step and calls the generator's `close()`, which raises `GeneratorExit` at the
paused `yield` so its `finally` and `with` blocks run — an open `transaction()` rolls back.
A job that must be all-or-nothing therefore commits only after its last `yield`; a job that
commits in batches keeps the batches done before the cancel. A step already running is not
interrupted: the cancel takes effect at the next `yield`.

A `DomainError` raised by the job ends it as failed with its Russian message; any other
exception is reported as an internal error (with the traceback on stderr), never a crash.

While any job runs, Python's automatic cycle collector is paused and run from the UI thread on a
timer instead: a collection triggered inside the worker would finalise Qt wrappers owned by the
UI thread from the wrong thread, which crashes PySide (seen as a segfault in `Garbage-collecting`).
"""

from __future__ import annotations

import gc
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import DomainError

Steps = Iterator[tuple[int, int, str]]

# a dialog for a job shorter than this would only flicker
SHOW_DIALOG_AFTER_MS = 300
COLLECT_EVERY_MS = 2000


class _UiThreadCollection:
    """Counts running jobs; the first pauses automatic collection, the last restores it."""

    running = 0
    held_for_gui = False
    was_enabled = True
    timer: QTimer | None = None

    @classmethod
    def job_started(cls) -> None:
        if cls.running == 0:
            cls.was_enabled = gc.isenabled()
            gc.disable()
            cls.timer = QTimer()
            cls.timer.timeout.connect(lambda: gc.collect(1))
            cls.timer.start(COLLECT_EVERY_MS)
        cls.running += 1

    @classmethod
    def job_ended(cls) -> None:
        cls.running -= 1
        if cls.running == 0:
            if cls.timer is not None:
                cls.timer.stop()
                cls.timer.deleteLater()
                cls.timer = None
            if cls.was_enabled:
                gc.enable()
            gc.collect()


class JobState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class JobOutcome:
    state: JobState
    value: Any = None  # the generator's return value when DONE
    message: str = ""  # the Russian error message when FAILED


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Worker(QRunnable):
    def __init__(self, steps: Steps, signals: _Signals, stop: threading.Event) -> None:
        super().__init__()
        self.steps, self.signals, self.stop = steps, signals, stop

    def run(self) -> None:
        try:
            while True:
                if self.stop.is_set():
                    _close(self.steps)
                    self.signals.cancelled.emit()
                    return
                try:
                    done, total, message = next(self.steps)
                except StopIteration as end:
                    self.signals.done.emit(end.value)
                    return
                self.signals.progress.emit(int(done), int(total), str(message))
        except DomainError as exc:
            self.signals.failed.emit(exc.message)
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            self.signals.failed.emit(f"Внутренняя ошибка программы: {exc}")


def _close(steps: Steps) -> None:
    close = getattr(steps, "close", None)
    if close is not None:
        close()


class Job(QObject):
    """One running job. Signals arrive on the UI thread; `outcome` is set when it ends."""

    progress = Signal(int, int, str)
    finished = Signal(object)  # JobOutcome, whatever the ending

    _live: ClassVar[set[Job]] = set()  # keeps running jobs alive without an owner

    def __init__(self, steps: Steps, title: str, parent: QWidget | None = None,
                 *, show_dialog: bool = True, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.outcome = JobOutcome(JobState.RUNNING)
        self._stop = threading.Event()
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)
        self._worker = _Worker(steps, self._signals, self._stop)
        # the job owns its runnable: the pool must not delete it on the worker thread while this
        # Python wrapper still points at it (a later collection would free it a second time)
        self._worker.setAutoDelete(False)
        self._pool = pool or QThreadPool.globalInstance()
        self.dialog = _progress_dialog(title, parent) if show_dialog else None
        if self.dialog is not None:
            self.dialog.canceled.connect(self.cancel)

    def start(self) -> Job:
        Job._live.add(self)
        _UiThreadCollection.job_started()
        if self.dialog is not None:
            QTimer.singleShot(SHOW_DIALOG_AFTER_MS, self._show_dialog)
        self._pool.start(self._worker)
        return self

    @property
    def running(self) -> bool:
        return self.outcome.state is JobState.RUNNING

    def cancel(self) -> None:
        """Ask the job to stop at its next step (see the module docstring)."""
        if self.running and not self._stop.is_set():
            self._stop.set()
            if self.dialog is not None:
                self.dialog.setLabelText("Отмена… текущий шаг завершается")
                self.dialog.setCancelButton(None)

    def wait(self) -> JobOutcome:
        """Process events until the job ends (the UI stays responsive meanwhile). Not a nested
        QEventLoop: once the application has been told to quit — the last window closed, say
        the first-run dialog before the database is opened — such a loop returns at once."""
        while self.running:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return self.outcome

    def _show_dialog(self) -> None:
        if self.running and self.dialog is not None:
            self.dialog.show()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progress.emit(done, total, message)
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total > 0 else 0)
            if not self._stop.is_set():
                self.dialog.setLabelText(message)

    def _on_done(self, value: object) -> None:
        self._end(JobOutcome(JobState.DONE, value=value))

    def _on_failed(self, message: str) -> None:
        self._end(JobOutcome(JobState.FAILED, message=message))

    def _on_cancelled(self) -> None:
        self._end(JobOutcome(JobState.CANCELLED))

    def _end(self, outcome: JobOutcome) -> None:
        self.outcome = outcome
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        Job._live.discard(self)
        _UiThreadCollection.job_ended()
        self.finished.emit(outcome)


def collect_garbage_on_ui_thread() -> None:
    """For the whole life of the GUI: workers (jobs, lookups) never run the cycle collector."""
    if not _UiThreadCollection.held_for_gui:
        _UiThreadCollection.held_for_gui = True
        _UiThreadCollection.job_started()


def _progress_dialog(title: str, parent: QWidget | None) -> QProgressDialog:
    dialog = QProgressDialog(title, "Отмена", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(2**31 - 1)  # never by itself: Job shows it after a delay
    dialog.setMinimumWidth(420)
    dialog.setWindowModality(
        Qt.WindowModality.WindowModal if parent is not None else Qt.WindowModality.ApplicationModal
    )
    dialog.hide()  # shown only if the job outlives SHOW_DIALOG_AFTER_MS
    return dialog


def run_job(steps: Steps, title: str, parent: QWidget | None = None, *,
            on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[str], None] | None = None,
            on_cancelled: Callable[[], None] | None = None,
            show_dialog: bool = True) -> Job:
    """Start `steps` in the thread pool with a progress dialog; callbacks run on the UI thread."""
    job = Job(steps, title, parent, show_dialog=show_dialog)

    def dispatch(outcome: JobOutcome) -> None:
        if outcome.state is JobState.DONE and on_done is not None:
            on_done(outcome.value)
        elif outcome.state is JobState.FAILED and on_failed is not None:
            on_failed(outcome.message)
        elif outcome.state is JobState.CANCELLED and on_cancelled is not None:
            on_cancelled()

    job.finished.connect(dispatch)
    return job.start()
