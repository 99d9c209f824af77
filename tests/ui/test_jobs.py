"""Long jobs in the thread pool: result, progress, failure, cancel (by call and by the button)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from PySide6.QtWidgets import QPushButton

from app.errors import NotFound
from app.ui.jobs import Job, JobState, run_job

Steps = Iterator[tuple[int, int, str]]


def counting(n: int, log: list[str]) -> Steps:
    try:
        for i in range(n):
            yield i, n, f"шаг {i}"
        return "готово"
    finally:
        log.append("closed")


def test_job_reports_progress_and_returns_the_generator_value(qtbot) -> None:
    log: list[str] = []
    seen: list[int] = []
    job = Job(counting(3, log), "Проверка", show_dialog=False)
    job.progress.connect(lambda done, _total, _msg: seen.append(done))
    with qtbot.waitSignal(job.finished, timeout=5000) as blocker:
        job.start()
    outcome = blocker.args[0]
    assert outcome.state is JobState.DONE
    assert outcome.value == "готово"
    assert seen == [0, 1, 2]
    assert log == ["closed"]


def test_domain_error_ends_the_job_with_its_russian_message(qtbot) -> None:
    def failing() -> Steps:
        yield 0, 1, "ищу"
        raise NotFound("Лицевой счёт 0000000000 не найден")

    messages: list[str] = []
    job = run_job(failing(), "Проверка", show_dialog=False, on_failed=messages.append)
    assert job.wait().state is JobState.FAILED
    assert messages == ["Лицевой счёт 0000000000 не найден"]


def test_unexpected_exception_is_reported_not_raised(qtbot) -> None:
    def broken() -> Steps:
        yield 0, 1, "считаю"
        raise ZeroDivisionError("division by zero")

    outcome = Job(broken(), "Проверка", show_dialog=False).start().wait()
    assert outcome.state is JobState.FAILED
    assert outcome.message.startswith("Внутренняя ошибка программы")


def _held_steps(gate: threading.Event, log: list[str]) -> Steps:
    """Holds in its second step until the test opens the gate; logs every step taken after."""
    try:
        yield 0, 100, "начало"
        gate.wait(5)
        for i in range(1, 100):
            yield i, 100, f"шаг {i}"
            log.append(f"after {i}")
    finally:
        log.append("closed")


def test_cancel_stops_iterating_and_closes_the_generator(qtbot) -> None:
    gate, log = threading.Event(), []
    job = Job(_held_steps(gate, log), "Проверка", show_dialog=False)
    with qtbot.waitSignal(job.progress, timeout=5000):
        job.start()
    job.cancel()
    gate.set()
    assert job.wait().state is JobState.CANCELLED
    assert log == ["closed"]  # no step after the one running when cancel came


def test_cancel_button_of_the_progress_dialog_cancels(qtbot) -> None:
    gate, log = threading.Event(), []
    cancelled: list[bool] = []
    job = run_job(_held_steps(gate, log), "Долгая работа",
                  on_cancelled=lambda: cancelled.append(True))
    qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.isVisible(), timeout=5000)
    assert job.dialog is not None
    button = job.dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Отмена"
    button.click()
    gate.set()
    assert job.wait().state is JobState.CANCELLED
    assert cancelled == [True]
    assert log == ["closed"]


def test_cycle_collection_is_paused_while_a_job_runs_and_restored_after(qtbot) -> None:
    import gc

    from app.ui.jobs import Job, JobState

    before = gc.isenabled()  # False once a run_gui test in this process holds it for the GUI
    seen: list[bool] = []

    def steps():
        seen.append(gc.isenabled())  # inside the worker thread
        yield 1, 1, "шаг"
        return "готово"

    outcome = Job(iter(steps()), "Проверка", show_dialog=False).start().wait()
    assert outcome.state is JobState.DONE
    assert seen == [False]
    assert gc.isenabled() == before
