"""«Приборы учёта» in the account card: register a meter and replace it from the keyboard; a
refusal is shown in the dialog with the input kept; without the right there are no buttons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Meter, Reading
from app.models.enums import Resource
from app.ui.account_card import AccountCardWindow
from app.ui.card_meters import AddMeterDialog, ReplaceMeterDialog
from app.ui.main_window import MainWindow
from tests.ui.conftest import UiWorld, actor_with, type_text


def _card(qtbot, world: UiWorld, roles: list[str]) -> AccountCardWindow:
    main = MainWindow(world.db, actor_with(world.db, "meters", roles))
    qtbot.addWidget(main)
    card = main.open_account(world.numbers["12"])
    assert card is not None
    card.tabs.show_tab("meters")
    qtbot.waitExposed(card)
    card.activateWindow()
    qtbot.waitUntil(card.isActiveWindow, timeout=5000)
    return card


def _dialog(kind: type) -> object:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


def test_register_then_replace_a_meter_from_the_keyboard(qtbot, world: UiWorld) -> None:
    card = _card(qtbot, world, ["accrual"])
    tab = card.meters
    assert tab.model.rowCount() == 0 and not tab.replace_button.isEnabled()

    qtbot.keyClick(card, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: _dialog(AddMeterDialog) is not None, timeout=5000)
    add = _dialog(AddMeterDialog)
    assert isinstance(add, AddMeterDialog)
    add.resource.setCurrentIndex(add.resource.findData(Resource.COLD_WATER.value))
    type_text(qtbot, add.passport.serial, "ХВ-777")
    type_text(qtbot, add.initial.edits[0], "12,5")
    qtbot.keyClick(add.initial.edits[0], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    old = tab.model.row_at(0)
    assert (old.serial, old.status, old.last_values) == ("ХВ-777", "active", (Decimal("12.5"),))

    card.activateWindow()  # the dialog has gone; offscreen, the focus does not come back alone
    qtbot.waitUntil(card.isActiveWindow, timeout=5000)
    assert tab.replace_button.isEnabled()
    qtbot.keyClick(card, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _dialog(ReplaceMeterDialog) is not None, timeout=5000)
    rep = _dialog(ReplaceMeterDialog)
    assert isinstance(rep, ReplaceMeterDialog)
    type_text(qtbot, rep.final.edits[0], "10")  # lower than the last reading: refused
    type_text(qtbot, rep.passport.serial, "ХВ-888")
    type_text(qtbot, rep.initial.edits[0], "0,001")
    qtbot.keyClick(rep.initial.edits[0], Qt.Key.Key_Return)
    assert rep.isVisible() and "меньше последнего 12,5" in rep.error.text()
    assert rep.passport.serial.text() == "ХВ-888"  # the input stays
    rep.final.edits[0].clear()
    type_text(qtbot, rep.final.edits[0], "13,2")
    qtbot.keyClick(rep.final.edits[0], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5000)
    rows = {r.serial: r.status for r in tab.model.rows()}
    assert rows == {"ХВ-777": "replaced", "ХВ-888": "active"}
    with world.db.session() as s:
        readings = s.execute(select(Meter.serial, Reading.kind, Reading.value, Reading.taken_on)
                             .join(Meter, Meter.id == Reading.meter_id)
                             .order_by(Reading.id)).all()
    today = date.today()
    assert [(m, k, v) for m, k, v, _d in readings] == [
        ("ХВ-777", "initial", Decimal("12.5")), ("ХВ-777", "final", Decimal("13.2")),
        ("ХВ-888", "initial", Decimal("0.001"))]
    assert {d for *_r, d in readings} == {today}


def test_the_keys_act_only_on_the_meters_tab(qtbot, world: UiWorld) -> None:
    card = _card(qtbot, world, ["accrual"])
    card.tabs.show_tab("notes")  # notes: Insert there is not «new meter»
    qtbot.keyClick(card, Qt.Key.Key_Insert)
    qtbot.wait(100)
    assert _dialog(AddMeterDialog) is None


def test_without_the_right_the_tab_only_lists(qtbot, world: UiWorld) -> None:
    card = _card(qtbot, world, ["cashier"])
    assert card.meters.add() is None and card.meters.replace() is None
    assert not card.meters.add_button.isVisible() and not card.meters.replace_button.isVisible()
