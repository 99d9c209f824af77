"""«Аналитика» on the demo town: F5 draws the four charts from the dashboard's figures, each
chart saves as a PNG (read back as an image of its size), a bad path is named (issue #22)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog

from app.billing.history import calculate_history
from app.calc.money import format_rub
from app.db import Database
from app.demo import generate
from app.ui.main_window import MainWindow
from app.ui.workspaces.analytics.page import CHARTS, AnalyticsPage
from tests.ui.conftest import actor_with


@pytest.fixture
def demo_db(sqlite_db: Database) -> Database:
    for _ in generate(sqlite_db, accounts=40, seed=5, history_calculator=calculate_history):
        pass
    return sqlite_db


def test_f5_draws_the_dashboard_and_each_chart_saves_as_png(
        qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(demo_db, actor_with(demo_db, "analitik", ["viewer"]))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_workspace("analytics")
    assert isinstance(page, AnalyticsPage)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.board is not None, timeout=60_000)
    board = page.board
    assert board is not None and len(board.months) == 12
    assert board.charged > 0 and board.collected > 0 and board.debt > 0
    assert format_rub(board.debt) in page.summary.text()
    assert sum(v for _t, v in board.ages) == board.debt
    for key, _title, _draw in CHARTS:
        items = page.charts[key].getPlotItem().listDataItems() + \
            page.charts[key].getPlotItem().items
        assert items, key
    QApplication.processEvents()
    window.grab().save("/tmp/kvartal-analytics.png")

    for key, _title, _draw in CHARTS:
        saved = page.save_png(key, str(tmp_path / f"{key}.png"))
        assert saved is not None
        image = QImage(str(saved))
        assert not image.isNull() and image.width() >= 300 and image.height() >= 180
        assert len({image.pixel(x, image.height() // 2) for x in range(0, image.width(), 3)}) > 1
    target = tmp_path / "flows-dialog.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(target), "")))
    page.save_buttons["flows"].click()
    assert target.is_file()
    assert page.save_png("ages", str(tmp_path / "нет" / "a.png")) is None
    assert "Папки" in page.error.text()
    assert not list(tmp_path.glob(".*partial"))
