"""«Отчёты» from the keyboard: F5 builds the chosen report off the UI thread, the totals line is
the ledger's, Ctrl+E writes the workbook, Enter on an account opens its card (issue #22)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from app.billing.run import calculate
from app.calc.money import format_rub
from app.ledger.periods import close_period
from app.rights import SYSTEM
from app.ui.main_window import MainWindow
from app.ui.workspaces.reports.page import ReportsPage
from tests.ui.conftest import UiWorld, actor_with


def _page(qtbot, world: UiWorld) -> tuple[MainWindow, ReportsPage]:
    calculate(world.db, SYSTEM)
    close_period(world.db, SYSTEM)
    window = MainWindow(world.db, actor_with(world.db, "prosmotr", ["viewer"]))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_workspace("reports")
    assert isinstance(page, ReportsPage)
    window.activateWindow()  # window shortcuts act in the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, page


def test_f5_builds_the_turnover_statement_with_the_ledgers_totals(
        qtbot, world: UiWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window, page = _page(qtbot, world)
    assert page.period_from.currentText() == "ноябрь 2026"
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.table is not None, timeout=30_000)
    assert page.table is not None
    assert page.model.rowCount() == 3 + 1  # three accounts and the totals line
    charged = page.table.total_of("charged")
    assert charged > 0
    last = page.model.rowCount() - 1
    column = page.table.column("charged")
    assert page.model.index(last, 0).data() == "Итого"
    assert page.model.index(last, column).data() == format_rub(charged, currency=False)
    assert "сверен с журналом" in page.note.text()
    window.grab().save(str(Path("/tmp") / "kvartal-reports.png"))

    target = tmp_path / "osv.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(target), "")))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert page.note.text() == f"Сохранено: {target}"
    ws = load_workbook(target).active
    assert ws is not None and ws["A1"].value == page.table.title

    opened: list[str] = []
    page.ctx.open_account = opened.append
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(1, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened == [page.table.rows[1][0]]


def test_a_reversed_range_is_refused_in_the_page(qtbot, world: UiWorld) -> None:
    _window, page = _page(qtbot, world)
    page.period_from.setCurrentIndex(0)  # December (open)
    page.period_to.setCurrentIndex(1)  # November
    page.build()
    qtbot.waitUntil(lambda: page.error.isVisible() and bool(page.error.text()), timeout=30_000)
    assert "раньше начала" in page.error.text()
    assert page.table is None


def test_the_page_offers_every_report_and_shows_tariffs_with_a_decimal_comma(
        qtbot, world: UiWorld) -> None:
    from app.reports.catalogue import REPORTS

    window, page = _page(qtbot, world)
    assert [page.kinds.itemData(i) for i in range(page.kinds.count())] == list(REPORTS)
    page.kinds.setCurrentIndex(page.kinds.findData("tariffs"))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.table is not None, timeout=30_000)
    assert page.table is not None and page.table.sheet == "Тарифы"
    values = [page.model.index(r, page.table.column("value")).data()
              for r in range(page.model.rowCount() - 1)]
    assert "45,20" in values and "4,745" in values


def test_ctrl_p_saves_the_built_report_to_pdf_and_a_bad_path_is_named(
        qtbot, world: UiWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    window, page = _page(qtbot, world)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.table is not None, timeout=30_000)
    target = tmp_path / "osv.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(target), "")))
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert page.note.text() == f"Сохранено: {target}"
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Оборотно-сальдовая ведомость по лицевым счетам" in text and "Итого" in text
    assert page.save_pdf(str(tmp_path / "нет" / "x.pdf")) is None
    assert "Папки" in page.error.text()
