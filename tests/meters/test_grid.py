"""The reading grid driven by the keyboard alone: type, Enter, next meter; Ctrl+S saves after
errors are fixed and warnings confirmed."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.db import Database
from app.meters.entry import reading_sheet
from app.models import Reading
from app.ui.context import Context
from app.ui.main_window import MainWindow
from app.ui.workspaces.readings.grid import ENTRY, REMARK, USED
from app.ui.workspaces.readings.page import ReadingsPage
from tests.meters.conftest import NOV, TODAY, MeterWorld, build_world


@pytest.fixture
def ui_world(sqlite_db: Database) -> MeterWorld:
    return build_world(sqlite_db)


def keys(qtbot, text: str) -> None:
    """Type into whatever has the focus, as a keyboard does, then Enter."""
    for ch in text:
        qtbot.keyClick(QApplication.focusWidget(), ch)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits the editor by a queued call


def page_for(qtbot, world: MeterWorld) -> ReadingsPage:
    page = ReadingsPage(Context(db=world.db, actor=world.actor), today=TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    return page


def test_a_month_for_a_building_from_the_keyboard(qtbot, ui_world: MeterWorld) -> None:
    page = page_for(qtbot, ui_world)
    assert page.period_box.currentText() == "ноябрь 2026"  # the open period
    qtbot.keyClick(page.period_box, Qt.Key.Key_Return)  # opens the building's sheet
    grid, model = page.grid, page.model
    assert model.rowCount() == 5 and grid.hasFocus()
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (0, ENTRY)
    asked: list[str] = []
    errors: list[str] = []
    page.ask_confirm = lambda text: asked.append(text) or True  # type: ignore[method-assign]
    page.show_error = errors.append  # type: ignore[method-assign]

    keys(qtbot, "158")
    assert grid.currentIndex().row() == 1
    assert model.index(0, USED).data() == "8" and model.index(0, REMARK).data() == ""
    keys(qtbot, "1580")
    keys(qtbot, "790")
    keys(qtbot, "90")  # flat 2: lower than 150
    assert "меньше предыдущего 150" in model.index(3, REMARK).data()
    keys(qtbot, "250")  # flat 10: 100 against an average of 10
    assert "больше среднего 10" in model.index(4, REMARK).data()
    assert model.index(4, 0).data(Qt.ItemDataRole.BackgroundRole) is not None

    qtbot.keyClick(grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(errors) == 1 and "90 меньше предыдущего 150" in errors[0]
    assert "больше среднего" not in errors[0]  # only errors block here
    assert reading_sheet(ui_world.db, ui_world.actor, NOV, account_id=ui_world.accounts["1"])[
        0].current is None  # nothing written

    qtbot.keyClick(grid, Qt.Key.Key_Up)  # back to flat 2 (the cursor stayed on flat 10)
    assert grid.currentIndex().row() == 3
    keys(qtbot, "160")
    assert model.index(3, REMARK).data() == ""
    qtbot.keyClick(grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and "Расход 100 больше среднего 10" in asked[0]
    assert page.status.text() == "Сохранено: новых 5, исправлено 0"
    saved = reading_sheet(ui_world.db, ui_world.actor, NOV, building_id=ui_world.town.building_id)
    assert [r.current for r in saved] == [D("158"), D("1580"), D("790"), D("160"), D("250")]
    assert model.index(0, ENTRY).data() == "158"  # reloaded from the database


def test_declined_warning_saves_nothing_and_delete_clears(qtbot, ui_world: MeterWorld) -> None:
    page = page_for(qtbot, ui_world)
    page.open_sheet()
    page.ask_confirm = lambda text: False  # type: ignore[method-assign]
    keys(qtbot, "400")
    assert page.model.pending()
    qtbot.keyClick(page.grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.status.text() == "Не сохранено: предупреждения не подтверждены"
    qtbot.keyClick(page.grid, Qt.Key.Key_Up)
    qtbot.keyClick(page.grid, Qt.Key.Key_Delete)
    assert page.model.pending() == [] and page.model.index(0, REMARK).data() == ""
    assert reading_sheet(ui_world.db, ui_world.actor, NOV,
                         building_id=ui_world.town.building_id)[0].current is None


def test_the_main_window_offers_the_readings_workspace(qtbot, ui_world: MeterWorld) -> None:
    window = MainWindow(ui_world.db, ui_world.actor)
    qtbot.addWidget(window)
    assert "Показания" in window.workspace_titles()
    page = window.show_workspace("readings")
    assert isinstance(page, ReadingsPage)


def test_import_a_controller_file_from_the_page(qtbot, ui_world: MeterWorld, tmp_path) -> None:
    path = tmp_path / "контролёр.csv"
    path.write_text("Заводской номер;Показание\nХВ-1;157\nХВ-2;100\nХВ-10;300\n",
                    encoding="utf-8")
    page = page_for(qtbot, ui_world)
    page.open_sheet()
    previews = []

    def ask(report):  # the operator reads the check's report and loads without the warned row
        previews.append(report)
        return False

    page.source.setCurrentIndex(page.source.findData("controller"))
    page.pick_file = lambda: path  # type: ignore[method-assign]
    page.ask_import = ask  # type: ignore[method-assign]
    qtbot.keyClick(page.grid, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.status.text().startswith("Загружено"), timeout=20000)
    assert not previews[0].posted
    assert [r.status.value for r in previews[0].rows] == ["принято", "отклонено",
                                                         "предупреждение"]
    assert page.status.text().endswith("принято 1, ждут подтверждения 1, уже загружено 0, "
                                       "отклонено 1, пустых строк 0")
    assert page.model.index(0, ENTRY).data() == "157"  # the sheet shows what was loaded
    with ui_world.db.session() as s:
        assert s.scalars(select(Reading.source).where(Reading.period == NOV.code)).all() == \
            ["controller"]


def test_an_unreadable_value_blocks_saving_and_stays_as_typed(qtbot, ui_world: MeterWorld
                                                              ) -> None:
    page = page_for(qtbot, ui_world)
    page.open_sheet()
    errors: list[str] = []
    page.show_error = errors.append  # type: ignore[method-assign]
    page.ask_confirm = lambda text: True  # type: ignore[method-assign]
    keys(qtbot, "158")
    keys(qtbot, "1O5")  # a letter O where a zero was meant
    assert "не число" in page.model.index(1, REMARK).data()
    qtbot.keyClick(page.grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(errors) == 1 and "«1O5» не число" in errors[0] and "Сохранено" not in errors[0]
    assert page.status.text() == "Не сохранено: есть показания, которые не удалось прочитать"
    assert page.grid.currentIndex().row() == 1  # the cursor is on the value to fix
    assert page.model.index(1, ENTRY).data() == "1O5"  # kept as typed
    sheet = reading_sheet(ui_world.db, ui_world.actor, NOV, building_id=ui_world.town.building_id)
    assert [r.current for r in sheet[:2]] == [None, None]  # nothing written, not even row 1

    # Ctrl+S while the cell is still being typed in saves what the cell shows
    for ch in "1580":
        qtbot.keyClick(QApplication.focusWidget(), ch)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(errors) == 1
    assert page.status.text() == "Сохранено: новых 2, исправлено 0"
    sheet = reading_sheet(ui_world.db, ui_world.actor, NOV, building_id=ui_world.town.building_id)
    assert [r.current for r in sheet[:2]] == [D("158"), D("1580")]


def test_a_closed_month_is_corrected_with_a_reason_and_the_recalculation_is_said(
        qtbot, ui_world: MeterWorld) -> None:
    from app.calc.period import Period

    oct_ = Period(2026, 10)
    ui_world.town.period(202610, closed=True)
    page = page_for(qtbot, ui_world)
    page.period_box.setCurrentIndex(page.period_box.findText("октябрь 2026"))
    page.open_sheet()
    asked: list[Period] = []
    errors: list[str] = []
    page.ask_reason = lambda period: asked.append(period) or ""  # type: ignore[method-assign]
    page.ask_confirm = lambda text: True  # type: ignore[method-assign]
    page.show_error = errors.append  # type: ignore[method-assign]
    keys(qtbot, "152")  # flat 1's cold water: 150 stood for October
    qtbot.keyClick(page.grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked == [oct_] and "требует причины" in page.status.text()
    assert reading_sheet(ui_world.db, ui_world.actor, oct_,
                         account_id=ui_world.accounts["1"])[0].current == D("150")

    page.ask_reason = lambda period: "ошибка контролёра"  # type: ignore[method-assign]
    shown: list[str] = []
    page.show_info = shown.append  # type: ignore[method-assign]
    qtbot.keyClick(page.grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    # this town has no tariffs: the reading is saved, the recalculation cannot run and its
    # request waits for the accrual specialist — and the operator is told so
    assert page.status.text() == ("Сохранено: новых 0, исправлено 1. Перерасчёт закрытых "
                                  "периодов не выполнен: Перерасчёт за 2026-10 не выполнен, "
                                  f"ничего не записано:\n• ЛС {ui_world.numbers['1']}: "
                                  "2026-10: Нет тарифа на 01.10.2026–31.10.2026")
    assert len(shown) == 1 and "Запрос остался в очереди" in shown[0]
    assert reading_sheet(ui_world.db, ui_world.actor, oct_,
                         account_id=ui_world.accounts["1"])[0].current == D("152")
