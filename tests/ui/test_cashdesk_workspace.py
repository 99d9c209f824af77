"""The desk typed at by a keyboard-wedge scanner at full speed: scans in any focus state,
several back to back, no keystroke lost; Enter posts once; a person's typing still lands."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.calc.period import Period
from app.cashdesk.codes import compose_desk_code, compose_gost_qr, to_russian_layout
from app.cashdesk.debts import account_debts
from app.cashdesk.shifts import open_shift
from app.db import Database
from app.models import Payment
from app.ui.context import Context
from app.ui.workspaces.cashdesk.page import DeskPage
from tests.cashdesk.conftest import DeskTown, make_desk_town
from tests.ui.conftest import type_text

NOV = Period(2026, 11)


@pytest.fixture
def desk(sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DeskTown:
    monkeypatch.setenv("KVARTAL_FISCAL_JOURNAL", str(tmp_path / "journal.jsonl"))
    monkeypatch.setenv("KVARTAL_RECEIPTS", str(tmp_path / "receipts"))
    town = make_desk_town(sqlite_db)
    open_shift(sqlite_db, town.cashier, "Касса 1", opening_cash=1000_00)
    return town


@pytest.fixture
def page(qtbot, sqlite_db: Database, desk: DeskTown) -> DeskPage:  # type: ignore[no-untyped-def]
    p = DeskPage(Context(db=sqlite_db, actor=desk.cashier))
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    qtbot.waitExposed(p)
    return p


def due(db: Database, account_id: int, period: Period = NOV) -> int:
    with db.session() as s:
        return sum(d.amount for d in account_debts(s, account_id).of_period(period))


def payments(db: Database) -> list[tuple[str, int]]:
    from app.models import Account

    with db.session() as s:
        return [(n, a) for n, a in s.execute(
            select(Account.number, Payment.amount).join(Account, Account.id == Payment.account_id)
            .order_by(Payment.id))]


def scan(qtbot, widget, payload: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(widget, payload)  # no delay: as fast as a scanner
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_scans_back_to_back_in_any_focus_are_each_paid(qtbot, page: DeskPage,  # type: ignore[no-untyped-def]
                                                       sqlite_db: Database,
                                                       desk: DeskTown) -> None:
    first = compose_desk_code(desk.number, NOV, due(sqlite_db, desk.account_id))
    with sqlite_db.session() as s:
        from app.models import Account

        other_id = s.scalar(select(Account.id).where(Account.number == desk.other_number))
    second = compose_desk_code(desk.other_number, NOV, due(sqlite_db, other_id))
    page.tendered_edit.setFocus()
    scan(qtbot, page.tendered_edit, first)  # focus in the tendered field
    scan(qtbot, page.amount_edit, first)  # the scanner read it twice
    scan(qtbot, page.table, second)  # the next payer's, before anything was paid
    assert page.doc is not None and page.doc.account == desk.number
    assert list(page.waiting) == [second]
    assert page.tendered_edit.text() == ""  # nothing of the scans leaked into a field
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # the second Enter pays the next document
    assert payments(sqlite_db) == [(desk.number, int(first[17:27])),
                                   (desk.other_number, int(second[17:27]))]
    assert page.doc is None and not page.waiting
    assert page.posted[1].posted.receipt_number == 2
    assert "чек №2" in page.message.text()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # a third Enter: nothing more is posted
    assert len(payments(sqlite_db)) == 2
    journal = Path(page.driver.path).read_text("utf-8")  # type: ignore[attr-defined]
    assert len(journal.splitlines()) == 2  # both receipts went to the register's journal


def test_a_qr_typed_under_the_russian_layout_is_read(qtbot, page: DeskPage,  # type: ignore[no-untyped-def]
                                                     sqlite_db: Database,
                                                     desk: DeskTown) -> None:
    payload = compose_gost_qr({
        "Name": "ООО «УК Тестовая»", "PersonalAcc": "40702810938000000001",
        "BankName": "ПАО Сбербанк", "BIC": "044525225", "CorrespAcc": "30101810400000000225",
        "PersAcc": desk.number, "PaymPeriod": "112026", "Sum": "25000"})
    type_text(qtbot, page.amount_edit, to_russian_layout(payload))
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_Return)
    assert page.doc is not None and page.doc.account == desk.number
    assert page.doc.period == NOV and page.amount_edit.text() == "250,00"
    assert "QR-код" in page.period_label.text()


def test_a_person_typing_the_amount_is_not_a_scan(qtbot, page: DeskPage,  # type: ignore[no-untyped-def]
                                                  sqlite_db: Database,
                                                  desk: DeskTown) -> None:
    scan(qtbot, page.account_edit, desk.number)
    assert page.doc is not None
    page.amount_edit.clear()
    qtbot.keyClicks(page.amount_edit, "1234,5")
    qtbot.wait(200)  # the pause of a person: the keys are handed to the field
    assert page.amount_edit.text() == "1234,5"
    qtbot.keyClicks(page.tendered_edit, "2000")
    qtbot.keyClick(page.tendered_edit, Qt.Key.Key_Return)  # short burst + Enter: typed, posted
    assert payments(sqlite_db) == [(desk.number, 1234_50)]
    assert page.posted[0].posted.change == 765_50


def test_a_bad_code_says_why_and_posts_nothing(qtbot, page: DeskPage,  # type: ignore[no-untyped-def]
                                               sqlite_db: Database) -> None:
    scan(qtbot, page.table, "1234567890123456789012345670")
    assert page.doc is None and page.message.property("role") == "error"
    assert page.message.text()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert payments(sqlite_db) == []


def test_screenshot_at_1366x768(qtbot, page: DeskPage, desk: DeskTown,  # type: ignore[no-untyped-def]
                                sqlite_db: Database, tmp_path: Path) -> None:
    """The desk with a document on screen, grabbed whole (KVARTAL_SCREENSHOTS=DIR keeps it)."""
    import os

    scan(qtbot, page.account_edit, compose_desk_code(desk.number, NOV,
                                                     due(sqlite_db, desk.account_id)))
    page.tendered_edit.setText("5000")
    out = Path(os.environ.get("KVARTAL_SCREENSHOTS", tmp_path)) / "cashdesk.png"
    image = page.grab()
    assert (image.width(), image.height()) == (1366, 768) and image.save(str(out))
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 0
