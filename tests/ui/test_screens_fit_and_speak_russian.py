"""On a demonstration town, as the operator sees it: every workspace and the account card fit a
1280×768 screen, the readings' remarks and the card's months are readable at 1280 px, Qt's own
buttons speak Russian, no period is shown as «2026-10», and the search hint is an address that
the lookup finds."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabBar,
    QWidget,
)

from app.accounts.lookup import lookup
from app.auth.login import login
from app.billing.run import calculate
from app.db import Database
from app.demo import generate
from app.ui.account_card import AccountCardWindow
from app.ui.app import install_translations
from app.ui.lookup_widget import SEARCH_HINT
from app.ui.main_window import MainWindow
from app.ui.style import apply_style
from app.ui.tabs import NamedTabs
from app.ui.workspaces.readings.grid import REMARK
from app.ui.workspaces.readings.page import ReadingsPage

SCREEN_W, SCREEN_H = 1280, 768
FRAME_W, FRAME_H = 16, 64  # window borders, the title bar and a task bar
YEAR_DASH_MONTH = re.compile(r"\b(19|20)\d\d-(0[1-9]|1[0-2])\b")


@pytest.fixture
def town(sqlite_db: Database, qapp: QApplication) -> Iterator[Database]:
    """A small demonstration town with its open period calculated, the real style applied."""
    for _step in generate(sqlite_db, accounts=60, seed=1):
        pass
    calculate(sqlite_db, login(sqlite_db, "admin", "admin"))
    font, sheet, palette = qapp.font(), qapp.styleSheet(), qapp.palette()
    apply_style(qapp)
    yield sqlite_db
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setPalette(palette)


def _window(qtbot, db: Database) -> MainWindow:
    window = MainWindow(db, login(db, "admin", "admin"))
    qtbot.addWidget(window)
    window.resize(SCREEN_W, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def _every_view(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """Each workspace, tab by tab."""
    for spec in window.specs:
        page = window.show_workspace(spec.key)
        assert page is not None
        tabs = page.findChild(NamedTabs)
        for name in tabs.names() if tabs is not None else [""]:
            if tabs is not None:
                tabs.show_tab(name)
            QApplication.processEvents()
            yield f"{spec.title} {name}".strip(), page


def _card(qtbot, window: MainWindow, db: Database) -> AccountCardWindow:
    actor = window.actor
    hit = next(h for h in lookup(db, actor, "Ленина 1") if h.status == "open")
    card = window.open_account(hit.number)
    assert isinstance(card, AccountCardWindow)
    qtbot.waitExposed(card)
    return card


def _fits(widget: QWidget) -> tuple[int, int]:
    hint = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    return hint.width(), hint.height()


def test_every_workspace_and_the_card_fit_1280_by_768(qtbot, town: Database) -> None:
    window = _window(qtbot, town)
    widest = {}
    for where, _page in _every_view(window):
        widest[where] = _fits(window)
    assert all(w <= SCREEN_W - FRAME_W and h <= SCREEN_H - FRAME_H
               for w, h in widest.values()), widest
    card = _card(qtbot, window, town)
    for name in card.tabs.names():
        card.tabs.show_tab(name)
        QApplication.processEvents()
        w, h = _fits(card)
        assert w <= SCREEN_W - FRAME_W and h <= SCREEN_H - FRAME_H, (name, w, h)


def test_remarks_and_months_are_readable_at_1280(qtbot, town: Database) -> None:
    window = _window(qtbot, town)
    page = window.show_workspace("readings")
    assert isinstance(page, ReadingsPage)
    page.open_sheet()
    QApplication.processEvents()
    assert window.width() <= SCREEN_W
    remark = "Расход 900 больше среднего 4,8"  # a typical warning, whole
    needed = page.grid.fontMetrics().horizontalAdvance(remark)
    assert page.grid.columnWidth(REMARK) >= needed

    card = _card(qtbot, window, town)
    card.resize(SCREEN_W - FRAME_W, 700)
    card.tabs.show_tab("balances")
    balances = card.balances
    balances.period.setCurrentIndex(balances.period.count() - 1)  # «Все периоды»: months shown
    QApplication.processEvents()
    table = balances.panel.table
    assert not table.isColumnHidden(0)
    longest = max((balances.model.index(r, 0).data() for r in range(balances.model.rowCount())),
                  key=len)
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(longest)


def _texts(root: QWidget) -> Iterator[tuple[str, str]]:
    for label in root.findChildren(QLabel):
        if label.isVisibleTo(root):
            yield "надпись", label.text()
    for edit in root.findChildren(QLineEdit):
        if edit.isVisibleTo(root):
            yield "поле", edit.text()
            yield "подсказка", edit.placeholderText()
    for box in root.findChildren(QComboBox):
        yield from (("список", box.itemText(i)) for i in range(box.count()))
    for bar in root.findChildren(QTabBar):
        yield from (("вкладка", bar.tabText(i)) for i in range(bar.count()))
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        for r in range(min(model.rowCount(QModelIndex()), 200)):
            for c in range(model.columnCount(QModelIndex())):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.index(r, c).data(role)
                    if isinstance(value, str):
                        yield "таблица", value


def test_no_period_is_shown_as_year_dash_month(qtbot, town: Database) -> None:
    window = _window(qtbot, town)
    found = []
    for where, page in _every_view(window):
        found += [(where, kind, t) for kind, t in _texts(page) if YEAR_DASH_MONTH.search(t)]
    card = _card(qtbot, window, town)
    for name in card.tabs.names():
        card.tabs.show_tab(name)
        QApplication.processEvents()
    found += [("карточка", kind, t) for kind, t in _texts(card) if YEAR_DASH_MONTH.search(t)]
    found += [("строка состояния", "", window.period_label.text())] \
        if YEAR_DASH_MONTH.search(window.period_label.text()) else []
    assert not found, found[:10]
    assert "октябрь 2026" in window.period_label.text()


def test_qt_standard_buttons_say_da_net(qtbot, qapp: QApplication) -> None:
    assert install_translations(qapp)
    box = QMessageBox(QMessageBox.Icon.Question, "Показания", "Сохранить?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = [box.button(b).text().replace("&", "") for b in (
        QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Cancel)]
    assert texts == ["Да", "Нет", "Отмена"]


def test_the_search_hint_names_a_flat_of_the_demonstration_town(town: Database) -> None:
    example = re.search(r"«(.+?)»", SEARCH_HINT)
    assert example is not None
    hits = lookup(town, login(town, "admin", "admin"), example.group(1))
    assert [h.address for h in hits][:1] == ["ул. Ленина, д. 1, кв. 12"]
