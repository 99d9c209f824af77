"""Every key the window advertises acts: each item of the menus, each Ctrl+digit, each key F1
lists for each section and in the account card — pressed as a keyboard presses it, and its
effect checked. A key that is advertised and does nothing fails here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

from app.meters.registry import MeterData, add_meter
from app.ui import keys
from app.ui.account_card import TABS, AccountCardWindow
from app.ui.main_window import MainWindow
from app.ui.tabs import NamedTabs
from app.ui.workspaces.accounts.page import AccountsPage
from app.ui.workspaces.accruals.page import AccrualsPage
from app.ui.workspaces.readings.page import ReadingsPage
from tests.ui.conftest import UiWorld, actor_with

SHOWN_BOXES = {"keysBox", "aboutBox"}  # opened non-blocking: the test reads them


class ModalCloser:
    """Dismisses each modal dialog a key opens (its exec() would block the test), noting which."""

    def __init__(self) -> None:
        self.closed: list[str] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(25)

    def _tick(self) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QDialog) and widget.isVisible() \
                and widget.objectName() not in SHOWN_BOXES:
            self.closed.append(type(widget).__name__)
            widget.reject()

    def take(self) -> list[str]:
        seen, self.closed = self.closed, []
        return seen


def press(qtbot, keys_: str | QKeySequence, window: QWidget | None = None) -> None:
    """A key combination as the keyboard sends it, to what has the focus in the active window."""
    sequence = keys_ if isinstance(keys_, QKeySequence) else QKeySequence(keys_)
    combo = sequence[0]
    window = window or QApplication.activeWindow()
    assert window is not None
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    focus = QApplication.focusWidget()
    target = focus if focus is not None and focus.window() is window.window() else window
    qtbot.keyClick(target, combo.key(), combo.keyboardModifiers())
    QApplication.processEvents()


def fires(qtbot, shortcut: QShortcut) -> None:
    """Press `shortcut`'s key with the focus inside its widget: it must act, unambiguously."""
    hits: list[str] = []
    shortcut.activated.connect(lambda: hits.append("activated"))
    shortcut.activatedAmbiguously.connect(lambda: hits.append("ambiguous"))
    parent = shortcut.parent()
    assert isinstance(parent, QWidget)
    if shortcut.context() == keys.WIDGET and not parent.isAncestorOf(
            QApplication.focusWidget()) and QApplication.focusWidget() is not parent:
        parent.setFocus()
    press(qtbot, shortcut.key(), parent.window())
    assert hits == ["activated"], f"{shortcut.key().toString()} «{shortcut.whatsThis()}»: {hits}"


def _window(qtbot, world: UiWorld) -> MainWindow:
    window = MainWindow(world.db, actor_with(world.db, "chief", ["accrual"]))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return window


def _menu(window: MainWindow, title: str) -> QMenu:
    for action in window.menuBar().actions():
        if action.text() == title:
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return menu
    raise AssertionError(title)


def _listed(window: MainWindow, heading: str) -> list[tuple[str, str]]:
    return dict(window.keys_sections()).get(heading, [])


def test_every_advertised_key_acts(qtbot, world: UiWorld) -> None:
    window = _window(qtbot, world)
    closer = ModalCloser()
    titles = window.workspace_titles()
    assert titles[:3] == ["Лицевые счета", "Начисления", "Показания"]

    # every item of «Разделы», chosen from the menu (triggered(checked) once ate the key)
    for action in _menu(window, "&Разделы").actions():
        if action.isSeparator():
            continue
        window.show_workspace("readings" if action.text() == "Лицевые счета" else "accounts")
        action.trigger()
        if action.text() == "Найти лицевой счёт":
            assert QApplication.focusWidget() is window.pages["accounts"].lookup.edit  # type: ignore[attr-defined]
        else:
            assert titles[window.nav.currentRow()] == action.text()
            assert window.current_page() is not None and window.current_page().isVisible()

    # Ctrl+1…n from the keyboard
    for i, title in enumerate(titles[:9]):
        press(qtbot, window=window, keys_=f"Ctrl+{i + 1}")
        assert titles[window.nav.currentRow()] == title, f"Ctrl+{i + 1}"

    # the window's own keys, as F1 lists them
    everywhere = _listed(window, "Везде")
    assert [k for k, _t in everywhere][:3] == ["Ctrl+Q", "Ctrl+F", "Ctrl+1"]
    assert ("F1", "Клавиши") in everywhere
    window.show_workspace("readings")
    press(qtbot, window=window, keys_="F1")
    assert window.keys_box.isVisible()
    text = window.keys_box.text()
    assert "В разделе «Показания»" in text and "Ctrl+S" in text and "Ctrl+O" in text
    window.keys_box.close()

    # Ctrl+F: in «Начисления» the results' filter by account number, elsewhere the lookup
    accruals = window.show_workspace("accruals")
    assert isinstance(accruals, AccrualsPage)
    press(qtbot, window=window, keys_="Ctrl+F")
    assert QApplication.focusWidget() is accruals.run_page.results.filter
    window.show_workspace("readings")
    press(qtbot, window=window, keys_="Ctrl+F")
    accounts = window.pages["accounts"]
    assert isinstance(accounts, AccountsPage) and accounts.isVisible()
    assert QApplication.focusWidget() is accounts.lookup.edit

    # each section's keys, tab by tab, as F1 lists them there: each acts, with its effect
    effects: dict[str, Callable[[], None]] = {}
    readings = window.show_workspace("readings")
    assert isinstance(readings, ReadingsPage)
    picked: list[str] = []
    readings.pick_file = lambda: picked.append("file") or None  # type: ignore[method-assign]
    effects["сохранить введённые показания"] = lambda: _expect(
        readings.status.text() == "Нечего сохранять: новых показаний нет")
    effects["загрузить показания из файла"] = lambda: _expect(picked == ["file"])

    def sheet_opened() -> None:
        assert readings.status.text() in ("Приборов учёта для ввода нет",) or \
            readings.status.text().startswith(f"{readings.target.currentText()}, ноябрь 2026")
        readings.status.setText("")
    effects["открыть ведомость"] = sheet_opened
    run = accruals.run_page
    effects["рассчитать выбранные счета за открытый период"] = lambda: _wait_job(qtbot, run)
    tariffs = accruals.tariffs_page
    effects["добавить тариф или норматив"] = lambda: _dialog(closer, "RecordDialog")
    effects["изменить выбранную запись"] = lambda: _dialog(closer, "RecordDialog")
    effects["новое значение выбранной записи с даты"] = lambda: _dialog(closer, "ReplaceDialog")
    effects["удалить выбранную запись"] = lambda: _dialog(closer, "QMessageBox")
    effects["массовое изменение тарифа"] = lambda: _dialog(closer, "MassChangeDialog")
    effects["печать ЕПД за выбранный период по отбору"] = lambda: _dialog(closer,
                                                                          "EpdPrintDialog")
    reloads: list[int] = []
    tariffs.tariffs.modelReset.connect(lambda: reloads.append(1))
    effects["перечитать тарифы и нормативы"] = lambda: _expect(reloads.pop() == 1)

    acted: set[str] = set()
    for spec in window.specs:
        page = window.show_workspace(spec.key)
        assert page is not None
        tabs = page.findChild(NamedTabs)
        for tab in (tabs.names() if tabs is not None else [""]):
            if tabs is not None:
                tabs.show_tab(tab)
            tables = [t for t in (tariffs.tariff_panel.table, tariffs.norm_panel.table)
                      if t.isVisible()]
            for table in tables:  # a record chosen, so that F2, Ctrl+D and Del have one
                table.selectRow(0)
                table.setFocus()
            listed = keys.listed(page)
            in_f1 = _listed(window, f"В разделе «{spec.title}»")
            assert keys.shortcut_lines(listed) == in_f1
            for shortcut in listed:
                if tables:
                    tables[0].setFocus()
                fires(qtbot, shortcut)  # every listed key acts; the known ones are checked too
                try:
                    effects.get(shortcut.whatsThis(), closer.take)()
                except AssertionError as exc:
                    raise AssertionError(f"«{shortcut.whatsThis()}» in {spec.title} {tab}: "
                                         f"{exc}; dialogs {closer.closed}") from exc
                acted.add(shortcut.whatsThis())
    assert set(effects) <= acted  # a section added later needs only its keys bound

    # the account card: F1 there, its tabs, the meter keys, F5, Esc
    add_meter(world.db, window.actor, MeterData(
        kind="individual", resource="cold_water", serial="ХВ-12", installed_on=date(2026, 11, 3),
        account_id=world.town.accounts[1]), today=date(2026, 11, 26))
    card = window.open_account(world.numbers["12"])
    assert isinstance(card, AccountCardWindow)
    qtbot.waitExposed(card)
    card.activateWindow()
    qtbot.waitUntil(card.isActiveWindow, timeout=5000)
    loads: list[int] = []
    original = card._reload
    card._reload = lambda: loads.append(1) or original()  # type: ignore[method-assign]
    for name, title in TABS:
        card.tabs.show_tab(name)
        lines = card.keys_sections()[0][1]
        for key, what in lines:
            if what.startswith("вкладка"):
                press(qtbot, window=card, keys_=key)
                assert f"вкладка «{card.tabs.tabText(card.tabs.currentIndex())}»" == what
                card.tabs.show_tab(name)
            elif key == "F5":
                press(qtbot, window=card, keys_=key)
                assert loads.pop() == 1
            elif key == "F1":
                press(qtbot, window=card, keys_=key)
                assert card.keys_box.isVisible() and title in card.keys_box.text()
                card.keys_box.close()
            elif key == keys.key_text("Insert"):
                press(qtbot, window=card, keys_=key)
                qtbot.waitUntil(lambda: closer.closed == ["AddMeterDialog"], timeout=5000)
                closer.take()
            elif key == "Ctrl+R":
                assert card.meters.model.rowCount()  # flat 12 has a meter to replace
                card.meters.panel.table.selectRow(0)
                press(qtbot, window=card, keys_=key)
                qtbot.waitUntil(lambda: closer.closed == ["ReplaceMeterDialog"], timeout=5000)
                closer.take()
            elif key == "Ctrl+P":  # the print menu pops up (its own event loop): look, close
                shown: list[bool] = []
                menu = card.print_button.menu()

                def look_and_close(menu=menu, shown=shown) -> None:
                    shown.append(menu.isVisible())
                    menu.close()

                QTimer.singleShot(200, look_and_close)
                press(qtbot, window=card, keys_=key)
                qtbot.waitUntil(lambda shown=shown: shown == [True], timeout=5000)
            elif key != "Esc":
                raise AssertionError(f"F1 in the card lists {key} «{what}» and no test for it")
        assert (name == "meters") == any(k == keys.key_text("Insert") for k, _w in lines)
    press(qtbot, window=card, keys_="Esc")
    qtbot.waitUntil(lambda: world.numbers["12"] not in window.cards, timeout=5000)  # closed

    # «О программе» and, last, Ctrl+Q
    next(a for a in _menu(window, "&Справка").actions() if a.text() == "О программе").trigger()
    assert window.about_box.isVisible()
    window.about_box.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    press(qtbot, window=window, keys_="Ctrl+Q")
    assert not window.isVisible()
    closer.timer.stop()


def _expect(condition: bool, what: object = "") -> None:
    assert condition, what


def _dialog(closer: ModalCloser, name: str) -> None:
    seen = closer.take()
    assert seen == [name], seen


def _wait_job(qtbot, run: object) -> None:
    job = run.job  # type: ignore[attr-defined]
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=30_000)
    qtbot.waitUntil(lambda: "выполнен" in run.status.text(),  # type: ignore[attr-defined]
                    timeout=30_000)

