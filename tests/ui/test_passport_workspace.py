"""The passport clerk from the keyboard: find the flat, Ins — arrival, Del — departure, F3 —
documents in full (audited); masks for the rest."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import AuditEntry, Person, Registration
from app.ui.main_window import MainWindow
from app.ui.workspaces.passport.arrival_dialog import ArrivalDialog
from app.ui.workspaces.passport.departure_dialog import DepartureDialog
from app.ui.workspaces.passport.page import PassportPage
from tests.ui.conftest import UiWorld, actor_with, type_text

TODAY = date(2026, 11, 20)


def _page(qtbot, world: UiWorld, roles: list[str]) -> PassportPage:
    window = MainWindow(world.db, actor_with(world.db, "pasport", roles))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    page = window.show_workspace("passport")
    assert isinstance(page, PassportPage)
    page.clock = lambda: TODAY
    return page


def _open_flat(qtbot, page: PassportPage, text: str) -> None:
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.lookup.edit.hasFocus()
    type_text(qtbot, page.lookup.edit, text)
    qtbot.waitUntil(lambda: not page.lookup.pending, timeout=5000)
    qtbot.keyClick(page.lookup.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.flat is not None, timeout=5000)
    assert page.residents_view.hasFocus()


def _type_field(qtbot, text: str) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    type_text(qtbot, widget, text)


def _tab(qtbot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def test_arrival_then_departure_from_the_keyboard(qtbot, world: UiWorld) -> None:
    page = _page(qtbot, world, ["passport"])
    assert "Ins — прибытие" in page.keys.text() and "Del — убытие" in page.keys.text()
    _open_flat(qtbot, page, "Ленина 5 12")
    assert page.residents.rowCount() == 2

    qtbot.keyClick(page.residents_view, Qt.Key.Key_Insert)
    dialog = page.dialog
    assert isinstance(dialog, ArrivalDialog)
    qtbot.waitUntil(lambda: dialog.person.last_name.hasFocus(), timeout=3000)
    for text in ("Новикова", "Анна", "Сергеевна", "14031990"):
        _type_field(qtbot, text)
        _tab(qtbot)
    assert dialog.person.sex.hasFocus()
    qtbot.keyClick(dialog.person.sex, Qt.Key.Key_Down)  # «ж»
    _tab(qtbot)
    _type_field(qtbot, "г. Пермь")
    _tab(qtbot)
    _type_field(qtbot, "жена")
    _tab(qtbot, 3)  # гражданство, вид документа — as offered
    assert dialog.person.doc_series.hasFocus()
    for text in ("5705", "123456", "ГУ МВД России по Пермскому краю", "20032010", "590-001",
                 "112-233-445 95"):
        _type_field(qtbot, text)
        _tab(qtbot)
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        qtbot.keyClick(dialog.person.snils, Qt.Key.Key_Return)
    assert page.residents.rowCount() == 3
    assert "Изменение не затрагивает закрытые периоды" in page.message.text()
    with world.db.session() as s:
        anna = s.scalars(select(Person).where(Person.last_name == "Новикова")).one()
        reg = s.scalars(select(Registration).where(Registration.person_id == anna.id)).one()
        assert (anna.sex, anna.doc_series, anna.doc_code, anna.snils) == \
            ("ж", "57 05", "590-001", "11223344595")
        assert (reg.kind, reg.date_from, reg.relation) == ("permanent", TODAY, "жена")
        anna_id = anna.id

    qtbot.waitUntil(page.residents_view.hasFocus, timeout=3000)
    rows = page.residents.rows()
    qtbot.keyClick(page.residents_view, Qt.Key.Key_Home)
    for _ in range([r.full_name for r in rows].index("Новикова Анна Сергеевна")):
        qtbot.keyClick(page.residents_view, Qt.Key.Key_Down)
    assert page.selected() is not None and page.selected().full_name == "Новикова Анна Сергеевна"
    qtbot.keyClick(page.residents_view, Qt.Key.Key_Delete)
    leaving = page.dialog
    assert isinstance(leaving, DepartureDialog)
    qtbot.waitUntil(lambda: leaving.date_to.hasFocus(), timeout=3000)
    _tab(qtbot)
    _type_field(qtbot, "г. Казань")
    with qtbot.waitSignal(leaving.finished, timeout=5000):
        qtbot.keyClick(leaving.departed_to, Qt.Key.Key_Return)
    with world.db.session() as s:
        reg = s.scalars(select(Registration).where(Registration.person_id == anna_id)).one()
        assert (reg.date_to, reg.departed_to) == (TODAY, "г. Казань")
    assert page.residents.rowCount() == 3  # the departed stays in the list, as history
    gone = next(r for r in page.residents.rows() if r.full_name.startswith("Новикова"))
    assert gone.date_to == TODAY


def test_a_refused_arrival_keeps_the_input_and_says_why(qtbot, world: UiWorld) -> None:
    page = _page(qtbot, world, ["passport"])
    _open_flat(qtbot, page, "Ленина 5 12")
    qtbot.keyClick(page.residents_view, Qt.Key.Key_Insert)
    dialog = page.dialog
    assert isinstance(dialog, ArrivalDialog)
    qtbot.waitUntil(lambda: dialog.person.last_name.hasFocus(), timeout=3000)
    for text in ("Новиков", "Пётр", "", "01012030"):
        _type_field(qtbot, text)
        _tab(qtbot)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "позже сегодняшнего дня" in dialog.error.text()
    assert dialog.person.last_name.text() == "Новиков"
    assert page.residents.rowCount() == 2


def test_f3_shows_documents_to_the_clerk_and_logs_it_masks_for_others(
        qtbot, world: UiWorld) -> None:
    with world.db.sessions() as s, s.begin():
        person = s.scalars(select(Person).where(Person.last_name == "Петров")).first()
        assert person is not None
        person.doc_type, person.doc_series, person.doc_number = \
            "Паспорт гражданина РФ", "45 07", "123456"
    page = _page(qtbot, world, ["passport"])
    _open_flat(qtbot, page, "Ленина 5 12")
    assert "45 ** ******" in page.person.text.text()
    qtbot.keyClick(page.residents_view, Qt.Key.Key_F3)
    assert "45 07 123456" in page.person.text.text()
    with world.db.session() as s:
        views = s.scalars(select(AuditEntry.action)
                          .where(AuditEntry.action == "person.documents.view")).all()
    assert len(views) == 1


def test_f8_saves_form10_and_shows_it_and_the_print_is_in_the_log(
        qtbot, world: UiWorld, tmp_path) -> None:
    import subprocess

    page = _page(qtbot, world, ["passport"])
    shown: list = []
    page.documents_dir, page.preview = tmp_path, shown.append
    _open_flat(qtbot, page, "Ленина 5 12")
    qtbot.keyClick(page.residents_view, Qt.Key.Key_F8)
    assert len(shown) == 1 and shown[0].parent == tmp_path and shown[0].suffix == ".pdf"
    assert str(shown[0]) in page.message.text()
    text = subprocess.run(["pdftotext", str(shown[0]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "ПОКВАРТИРНАЯ КАРТОЧКА" in text
    assert all(r.full_name in " ".join(text.split()) for r in page.residents.rows())
    assert [a.details for a in page.audit.rows()] == ["Форма №10"]


def test_f4_changes_documents_from_the_keyboard_and_refuses_a_bad_series(
        qtbot, world: UiWorld) -> None:
    from app.ui.workspaces.passport.documents_dialog import DocumentsDialog

    page = _page(qtbot, world, ["passport"])
    _open_flat(qtbot, page, "Ленина 5 12")
    qtbot.keyClick(page.residents_view, Qt.Key.Key_F4)
    dialog = page.dialog
    assert isinstance(dialog, DocumentsDialog)
    qtbot.waitUntil(dialog.doc_series.hasFocus, timeout=3000)
    _type_field(qtbot, "650")
    qtbot.keyClick(dialog.doc_series, Qt.Key.Key_Return)
    assert dialog.isVisible() and "Серия паспорта — 4 цифры" in dialog.error.text()
    dialog.doc_series.selectAll()
    _type_field(qtbot, "6530")
    _tab(qtbot)
    _type_field(qtbot, "654321")
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        qtbot.keyClick(dialog.doc_number, Qt.Key.Key_Return)
    assert "65 30 654321" in page.person.text.text()
    assert "изменены" in page.message.text()
    with world.db.session() as s:
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["person.documents.view", "person.documents.change"]


def test_ctrl_l_finds_a_departed_person_and_enter_opens_their_flat(
        qtbot, world: UiWorld) -> None:
    from app.passport.registration import register_departure
    from app.passport.views import DepartureInput
    from app.ui.workspaces.passport.person_search import PersonSearchDialog

    with world.db.session() as s:
        reg = s.scalars(select(Registration).join(Person).where(
            Person.last_name == "Сидоров").order_by(Registration.id)).first()
        assert reg is not None
        reg_id, person_id = reg.id, reg.person_id
    clerk = actor_with(world.db, "clerk2", ["passport"])
    register_departure(world.db, clerk, DepartureInput(reg_id, date(2026, 11, 1)), TODAY)
    page = _page(qtbot, world, ["passport"])
    qtbot.keyClick(page, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, PersonSearchDialog)
    qtbot.waitUntil(dialog.edit.hasFocus, timeout=3000)
    type_text(qtbot, dialog.edit, "сидоров имя0")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=3000)
    assert dialog.model.row_at(0).registered is False  # departed, found all the same
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert page.flat is not None and page.flat.account_number == world.numbers["3"]
    assert page.selected() is not None and page.selected().person_id == person_id


def test_a_backdated_arrival_and_departure_from_the_keyboard_show_the_recalculation(
        qtbot, world: UiWorld, tmp_path) -> None:
    from app.billing.run import calculate
    from app.calc.period import Period
    from app.rights import SYSTEM

    for code in (202609, 202610):  # September and October calculated and closed
        world.town.period(code)
        calculate(world.db, SYSTEM, Period.from_code(code))
        world.town.period(code, closed=True)
    page = _page(qtbot, world, ["passport"])
    _open_flat(qtbot, page, "Ленина 5 12")
    qtbot.keyClick(page.residents_view, Qt.Key.Key_Insert)
    dialog = page.dialog
    assert isinstance(dialog, ArrivalDialog)
    qtbot.waitUntil(lambda: dialog.person.last_name.hasFocus(), timeout=3000)
    for _ in range(4):  # back over document, reason and «from where» to the date
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert dialog.date_from.hasFocus()
    _type_field(qtbot, "14092026")
    for _ in range(4):
        _tab(qtbot)
    assert dialog.person.last_name.hasFocus()
    for text in ("Позднякова", "Вера", "Павловна", "02021992"):
        _type_field(qtbot, text)
        _tab(qtbot)
    qtbot.keyClick(dialog.person.sex, Qt.Key.Key_Down)  # «ж»
    _tab(qtbot)
    for text in ("г. Пермь", "сестра"):
        _type_field(qtbot, text)
        _tab(qtbot)
    _tab(qtbot, 2)  # гражданство, вид документа — as offered
    for text in ("5705", "654321", "ГУ МВД России по Пермскому краю", "20032012", "590-001"):
        _type_field(qtbot, text)
        _tab(qtbot)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not dialog.isVisible(), dialog.error.text()
    shown = page.message.text()
    assert "начиная с «сентябрь 2026»" in shown
    assert "Перерасчёт записан в период «ноябрь 2026»" in shown and "строк: 2" in shown
    assert page.posted_view.isVisible()
    rows = [[page.posted.index(r, c).data() for c in range(page.posted.columnCount())]
            for r in range(page.posted.rowCount())]
    number = world.numbers["12"]
    assert [r[:3] for r in rows] == [[number, "сентябрь 2026", "Холодное водоснабжение"],
                                     [number, "октябрь 2026", "Холодное водоснабжение"]]
    assert all(r[5].startswith("+") for r in rows)
    page.grab().save(str(tmp_path / "passport-recalculation.png"))

    qtbot.waitUntil(page.residents_view.hasFocus, timeout=3000)
    names = [r.full_name for r in page.residents.rows()]
    qtbot.keyClick(page.residents_view, Qt.Key.Key_Home)
    for _ in range(names.index("Позднякова Вера Павловна")):
        qtbot.keyClick(page.residents_view, Qt.Key.Key_Down)
    qtbot.keyClick(page.residents_view, Qt.Key.Key_Delete)
    leaving = page.dialog
    assert isinstance(leaving, DepartureDialog)
    qtbot.waitUntil(lambda: leaving.date_to.hasFocus(), timeout=3000)
    _type_field(qtbot, "30092026")
    _tab(qtbot)
    with qtbot.waitSignal(leaving.finished, timeout=10000):
        qtbot.keyClick(leaving.departed_to, Qt.Key.Key_Return)
    assert "начиная с «сентябрь 2026»" in page.message.text()
    periods = [page.posted.index(r, 1).data() for r in range(page.posted.rowCount())]
    assert periods == ["октябрь 2026"]  # September stays as the arrival made it
    assert page.posted.index(0, 5).data().startswith("−") or \
        page.posted.index(0, 5).data().startswith("-")
