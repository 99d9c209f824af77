"""The operator's first path: type a lookup, Enter opens the card, add a note from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.models import AccountNote, AuditEntry
from app.ui.account_card import AccountCardWindow
from app.ui.lookup_widget import LookupWidget
from app.ui.main_window import MainWindow
from tests.ui.conftest import UiWorld, actor_with, type_text


def _main(qtbot, world: UiWorld, roles: list[str]) -> MainWindow:
    window = MainWindow(world.db, actor_with(world.db, "oper", roles))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.focus_lookup()
    return window


def _lookup(window: MainWindow) -> LookupWidget:
    page = window.pages["accounts"]
    lookup = page.lookup  # type: ignore[attr-defined]
    assert isinstance(lookup, LookupWidget)
    return lookup


def _type(qtbot, lookup: LookupWidget, text: str) -> None:
    lookup.edit.clear()
    type_text(qtbot, lookup.edit, text)
    qtbot.waitUntil(lambda: not lookup.pending, timeout=5000)


def test_address_fragment_finds_the_flat_and_enter_opens_its_card(qtbot, world: UiWorld) -> None:
    window = _main(qtbot, world, ["cashier"])
    lookup = _lookup(window)
    assert lookup.edit.hasFocus()
    _type(qtbot, lookup, "Ленина 5 12")
    assert [h.number for h in lookup.hits()] == [world.numbers["12"]]
    assert "кв. 12" in lookup.hits()[0].address
    with qtbot.waitSignal(window.card_opened, timeout=5000) as opened:
        qtbot.keyClick(lookup.edit, Qt.Key.Key_Return)
    card = opened.args[0]
    assert isinstance(card, AccountCardWindow)
    assert "Петров" in card.heading.text()
    assert card.people.residents.rowCount() == 2
    assert all("Петров" in r.full_name for r in card.people.residents.rows())
    assert card.tabs.tabText(0) == "Общие сведения"


def test_surname_then_down_and_enter_from_the_results(qtbot, world: UiWorld) -> None:
    window = _main(qtbot, world, ["viewer"])
    lookup = _lookup(window)
    _type(qtbot, lookup, "Сидоров")
    assert [h.number for h in lookup.hits()] == [world.numbers["3"]]
    qtbot.keyClick(lookup.edit, Qt.Key.Key_Down)
    assert lookup.table.hasFocus()
    with qtbot.waitSignal(window.card_opened, timeout=5000) as opened:
        qtbot.keyClick(lookup.table, Qt.Key.Key_Return)
    assert opened.args[0].card.general.number == world.numbers["3"]


def test_escape_clears_and_nothing_found_is_said(qtbot, world: UiWorld) -> None:
    lookup = _lookup(_main(qtbot, world, ["viewer"]))
    _type(qtbot, lookup, "Несуществующая")
    assert lookup.hits() == []
    assert lookup.message.text().startswith("Ничего не найдено")
    qtbot.keyClick(lookup.edit, Qt.Key.Key_Escape)
    assert lookup.edit.text() == ""


def test_a_newer_query_wins_over_an_older_one(qtbot, world: UiWorld) -> None:
    window = _main(qtbot, world, ["viewer"])
    lookup = _lookup(window)
    type_text(qtbot, lookup.edit, "Иванов")
    qtbot.keyClick(lookup.edit, Qt.Key.Key_Return)  # before results: opens when they come
    lookup.edit.setText("Сидоров")  # overtakes: the Иванов query must not open or show
    qtbot.waitUntil(lambda: not lookup.pending, timeout=5000)
    lookup.wait_idle()
    qtbot.wait(50)
    assert [h.payer_name.split()[0] for h in lookup.hits()] == ["Сидоров"]
    assert window.cards == {}  # the Enter belonged to the overtaken text


def _open_card(qtbot, window: MainWindow, number: str) -> AccountCardWindow:
    with qtbot.waitSignal(window.card_opened, timeout=5000) as opened:
        window.open_account(number)
    card = opened.args[0]
    assert isinstance(card, AccountCardWindow)
    qtbot.waitExposed(card)
    qtbot.waitUntil(card.isActiveWindow, timeout=5000)
    return card


def test_add_a_note_from_the_keyboard_is_shown_and_audited(qtbot, world: UiWorld) -> None:
    window = _main(qtbot, world, ["cashier"])
    card = _open_card(qtbot, window, world.numbers["12"])
    qtbot.keyClick(card, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert card.tabs.current_name() == "notes"
    type_text(qtbot, card.notes.text, "Просил перезвонить после 18:00")
    qtbot.keyClick(card.notes.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert card.notes.error.text() == ""
    assert card.notes.text.toPlainText() == ""
    assert card.notes.model.rows()[0].text == "Просил перезвонить после 18:00"
    with world.db.session() as s:
        account_id = card.card.general.account_id
        assert s.scalar(select(func.count()).select_from(AccountNote)
                        .where(AccountNote.account_id == account_id)) == 1
        audit = s.scalars(select(AuditEntry).where(AuditEntry.user_id == window.actor.user_id,
                                                   AuditEntry.action.like("%note%"))).all()
        assert len(audit) == 1


def test_an_empty_note_is_refused_inline_and_nothing_is_written(qtbot, world: UiWorld) -> None:
    window = _main(qtbot, world, ["cashier"])
    card = _open_card(qtbot, window, world.numbers["1"])
    type_text(qtbot, card.notes.text, "   ")
    card.notes.add_button.click()
    assert card.notes.error.text() != ""
    assert card.notes.model.rowCount() == 0
    with world.db.session() as s:
        assert s.scalar(select(func.count()).select_from(AccountNote)) == 0


def test_a_viewer_reads_notes_but_cannot_add(qtbot, world: UiWorld) -> None:
    window = _main(qtbot, world, ["viewer"])
    card = _open_card(qtbot, window, world.numbers["1"])
    assert not card.notes.text.isEnabled()
    assert not card.notes.add_button.isEnabled()


def test_opening_the_same_account_twice_raises_the_open_card(qtbot, world: UiWorld) -> None:
    window = _main(qtbot, world, ["viewer"])
    first = _open_card(qtbot, window, world.numbers["1"])
    assert window.open_account(world.numbers["1"]) is first
    assert len(window.cards) == 1
    qtbot.keyClick(first, Qt.Key.Key_Escape)  # Esc closes the card (no note being typed)
    qtbot.waitUntil(lambda: window.cards == {}, timeout=5000)
    again = _open_card(qtbot, window, world.numbers["1"])
    assert list(window.cards) == [world.numbers["1"]] and again.isVisible()


def test_ctrl_f_comes_back_to_the_lookup_and_about_says_what_the_program_does(
        qtbot, world: UiWorld) -> None:
    window = _main(qtbot, world, ["admin"])
    window.nav.setFocus()
    window.show_workspace("admin")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    lookup = _lookup(window)
    assert window.stack.currentWidget().isAncestorOf(lookup)
    assert lookup.edit.hasFocus()
    window.show_about()
    text = window.about_box.text()
    assert "Квартал" in text
    # what exists today, each section named with what it does; planned ones said to be planned
    assert "<b>Лицевые счета</b> — поиск" in text and "<b>Показания</b> — ввод" in text
    from app.ui.workspaces import all_workspaces

    planned = [s.title for s in all_workspaces() if s.placeholder_text]
    if planned:
        assert all(t in text.split("Разделы в разработке:")[1] for t in planned)
    else:  # every section built: nothing is promised
        assert "Разделы в разработке" not in text
    assert "<b>Администрирование</b> — организации" in text
    assert "Ctrl+1…9" not in text  # keys are listed by F1, from the keys themselves
