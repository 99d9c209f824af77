"""The desk's receipt, refund and registry screens, in the real offscreen window: Enter prints
the saved receipt PDF itself (to a PDF file when there is no printer), F8 previews that PDF,
Shift+F12 refunds a payment of a closed shift with a reason, Ctrl+B checks a bank's registry
(control totals, rejected lines with reasons) before posting it, and the same file twice posts
nothing. Screens are grabbed (KVARTAL_SCREENSHOTS=DIR keeps them)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import func, select

from app.calc.period import Period
from app.cashdesk.codes import compose_desk_code
from app.cashdesk.posting import PaymentRequest
from app.cashdesk.shifts import close_shift, current_shift, open_shift, take_payment, x_report
from app.db import Database
from app.models import AuditEntry, Organization, Payment
from app.models.enums import OrgKind
from app.rights import Actor, Role
from app.ui.context import Context
from app.ui.workspaces.cashdesk.dialogs import CloseShiftDialog, RefundDialog
from app.ui.workspaces.cashdesk.page import DeskPage
from app.ui.workspaces.cashdesk.registry_dialog import RegistryDialog
from tests.cashdesk.conftest import DeskTown, make_desk_town
from tests.factories import make_user
from tests.ui.test_cashdesk_workspace import due, scan

NOV = Period(2026, 11)


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KVARTAL_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def town(sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DeskTown:
    monkeypatch.setenv("KVARTAL_FISCAL_JOURNAL", str(tmp_path / "journal.jsonl"))
    monkeypatch.setenv("KVARTAL_RECEIPTS", str(tmp_path / "receipts"))
    monkeypatch.delenv("KVARTAL_RECEIPT_PRINTER", raising=False)
    return make_desk_town(sqlite_db)


def desk_page(qtbot, db: Database, actor: Actor) -> DeskPage:  # type: ignore[no-untyped-def]
    page = DeskPage(Context(db=db, actor=actor))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()  # the desk's keys act in the active window
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    return page


def raster(pdf: Path, dpi: int = 100) -> QImage:
    prefix = pdf.with_name(f"{pdf.stem}-r{dpi}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(pdf),
                    str(prefix)], check=True)
    return QImage(str(prefix.with_suffix(".png")))


def grey(image: QImage) -> tuple[int, int, bytes]:
    g = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = bytes(g.constBits())
    line = g.bytesPerLine()
    return g.width(), g.height(), b"".join(rows[y * line:y * line + g.width()]
                                           for y in range(g.height()))


def unmatched_ink(a: QImage, b: QImage) -> float:
    """The share of `a`'s dark pixels with no dark pixel of `b` at or next to the same place
    (the pages within a pixel of each other: the page size goes through Qt's units)."""
    (wa, ha, pa), (wb, hb, pb) = grey(a), grey(b)
    assert abs(wa - wb) <= 1 and abs(ha - hb) <= 1
    w, h = min(wa, wb), min(ha, hb)
    dark_b = {(x, y) for y in range(hb) for x in range(wb) if pb[y * wb + x] < 128}
    ink = [(x, y) for y in range(h) for x in range(w) if pa[y * wa + x] < 128]
    assert len(ink) > 2000  # a receipt, not a blank page
    near = ((dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
    shifts = list(near)
    lost = sum(1 for x, y in ink if not any((x + dx, y + dy) in dark_b for dx, dy in shifts))
    return lost / len(ink)


def test_enter_prints_the_saved_receipt_and_f8_previews_it(
        qtbot, sqlite_db: Database, town: DeskTown, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_shift(sqlite_db, town.cashier, "Касса 1", opening_cash=1000_00)
    page = desk_page(qtbot, sqlite_db, town.cashier)
    scan(qtbot, page.table, compose_desk_code(town.number, NOV, due(sqlite_db,
                                                                   town.account_id)))
    page.tendered_edit.setText("5000")
    qtbot.keyClick(page.tendered_edit, Qt.Key.Key_Return)
    assert len(page.posted) == 1
    saved = page.last_receipt[0] if page.last_receipt else None
    assert saved is not None and saved.exists()
    printed = saved.parent / "printed" / saved.name  # no printer here: printed to a file
    assert printed.exists() and "напечатан в файл" in page.message.text()
    # the printed page is the saved PDF itself: same page, same pixels
    lost = unmatched_ink(raster(saved), raster(printed))
    assert lost < 0.1, lost  # anti-aliased edges; another drawing misses most of the ink

    seen: list[str] = []

    def close_preview() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            seen.append(dialog.windowTitle())
            dialog.grab().save(str(shots(tmp_path) / "cashdesk-receipt-preview.png"))
            dialog.reject()
        else:
            QTimer.singleShot(50, close_preview)

    QTimer.singleShot(50, close_preview)
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_F8)
    assert seen == [f"Просмотр: чек №{page.posted[0].posted.receipt_number}"]


def test_shift_close_counts_the_drawer_by_denomination(
        qtbot, sqlite_db: Database, town: DeskTown, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shift = open_shift(sqlite_db, town.cashier, "Касса 1", opening_cash=1000_00)
    take_payment(sqlite_db, town.cashier, shift.shift_id, PaymentRequest(
        key="k1", account=town.number, amount=1234_56, period=NOV))
    page = desk_page(qtbot, sqlite_db, town.cashier)
    dialog = CloseShiftDialog(x_report(sqlite_db, town.cashier, shift.shift_id), page)
    dialog.counts[200000].setValue(1)
    dialog.counts[20000].setValue(1)
    dialog.counts[1000].setValue(3)
    dialog.counts[100].setValue(4)
    dialog.counts[50].setValue(1)
    dialog.counts[5].setValue(1)
    dialog.reason.setText("Недостача 1 коп.: ошибка сдачи")
    dialog.resize(760, 420)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "Должно быть: 2 234,56" in dialog.summary.text().replace("\xa0", " ")
    assert "Разница: −0,01" in dialog.summary.text().replace("\xa0", " ").replace("-", "−")
    dialog.grab().save(str(shots(tmp_path) / "cashdesk-close-shift.png"))
    texts: list[str] = []
    page.show_text = lambda title, text: texts.append(text)  # type: ignore[method-assign]

    def answer(d: QDialog) -> bool:
        if isinstance(d, CloseShiftDialog):
            for denomination, spin in dialog.counts.items():
                d.counts[denomination].setValue(spin.value())
            d.reason.setText(dialog.reason.text())
        return True

    page.ask = answer  # type: ignore[method-assign]
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_F9)
    assert current_shift(sqlite_db, town.cashier) is None
    assert texts and "Разница: -0,01" in texts[0].replace("\xa0", " ").replace("−", "-")
    assert "Недостача 1 коп." in texts[0]


def test_shift_f12_refunds_a_payment_of_a_closed_shift_with_its_reason(
        qtbot, sqlite_db: Database, town: DeskTown) -> None:  # type: ignore[no-untyped-def]
    first = open_shift(sqlite_db, town.cashier, "Касса 1", opening_cash=0)
    paid = take_payment(sqlite_db, town.cashier, first.shift_id, PaymentRequest(
        key="k1", account=town.number, amount=300_00, period=NOV)).posted
    close_shift(sqlite_db, town.cashier, first.shift_id, {10000: 3})
    uid = make_user(sqlite_db, "starshiy", [Role.ADMIN.value])
    boss = Actor(uid, "starshiy", "Старший кассир", frozenset({Role.ADMIN.value}))
    own = open_shift(sqlite_db, boss, "Касса 2", opening_cash=1000_00)
    page = desk_page(qtbot, sqlite_db, boss)
    shown: list[int] = []

    def answer(dialog: QDialog) -> bool:
        assert isinstance(dialog, RefundDialog)
        dialog.show()
        qtbot.keyClicks(dialog.account, town.number)
        qtbot.keyClick(dialog.account, Qt.Key.Key_Return)  # Enter here finds, not refunds
        shown.append(dialog.list.count())
        dialog.accept()  # no reason yet: refused in the dialog itself
        assert dialog.isVisible() and "причину" in dialog.error.text()
        dialog.reason.setText("Заявление плательщика №12")
        return True

    page.ask = answer  # type: ignore[method-assign]
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    assert shown == [1]
    assert "Возврат платежа" in page.message.text() and "напечатан" in page.message.text()
    x = x_report(sqlite_db, boss, own.shift_id)
    assert (x.refunds, x.cash) == (1, -300_00)
    with sqlite_db.session() as s:
        assert s.scalar(select(Payment.reason).where(Payment.refund_of_id == paid.payment_id)
                        ) == "Заявление плательщика №12"
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "payment.refund")) == 1


def test_a_cashier_without_the_right_is_told_so_and_nothing_opens(
        qtbot, sqlite_db: Database, town: DeskTown) -> None:  # type: ignore[no-untyped-def]
    open_shift(sqlite_db, town.cashier, "Касса 1")
    page = desk_page(qtbot, sqlite_db, town.cashier)
    asked: list[QDialog] = []
    page.ask = lambda d: asked.append(d) or False  # type: ignore[method-assign]
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    assert asked == [] and "право старшего кассира" in page.message.text()


def registry_file(path: Path, town: DeskTown) -> Path:
    lines = [
        f"05-12-2026;10-15-00;7003;OP1;{town.number};Иванов И.П.;ул. Ленина 5-1;112026;"
        "1000.50;",
        f"06-12-2026;11-00-00;7003;OP2;{town.other_number};Петров;ул. Ленина 5-2;;250,00;",
        "06-12-2026;11-05-00;7003;OP3;0000000001;Нет такого;;112026;10.00;",
        f"07-12-2026;09-00-00;7003;OP4;{town.number};Иванов И.П.;;112026;10.005;",
    ]
    path.write_bytes(("\r\n".join([*lines, "=4;1270.50"]) + "\r\n").encode("cp1251"))
    return path


def test_ctrl_b_checks_a_registry_before_posting_and_the_repeat_posts_nothing(
        qtbot, sqlite_db: Database, town: DeskTown, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with sqlite_db.sessions() as s, s.begin():
        s.add(Organization(kind=OrgKind.BANK, name="ПАО Сбербанк", short_name="Сбербанк",
                           inn="7707083893"))
    path = registry_file(tmp_path / "sber.txt", town)
    open_shift(sqlite_db, town.cashier, "Касса 1")
    page = desk_page(qtbot, sqlite_db, town.cashier)
    opened: list[RegistryDialog] = []

    def work(dialog: QDialog) -> bool:
        assert isinstance(dialog, RegistryDialog)
        opened.append(dialog)
        dialog.resize(1000, 600)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
        dialog.file_edit.setText(str(path))
        dialog.bank.setCurrentIndex(dialog.bank.findData("sber"))
        qtbot.keyClick(dialog.rejected_table, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
        assert "Сначала проверьте" in dialog.totals.text()  # nothing posts unchecked
        qtbot.keyClick(dialog.file_edit, Qt.Key.Key_F5)  # off the UI thread
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
        if len(opened) == 1:
            dialog.grab().save(str(shots(tmp_path) / "cashdesk-registry-preview.png"))
            with sqlite_db.session() as s:
                assert s.scalar(select(func.count()).select_from(Payment)) == 0
        could_post = dialog.preview is not None and dialog.preview.can_post
        qtbot.keyClick(dialog.file_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        if could_post:
            qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10000)
        dialog.close()
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow, timeout=5000)
        return True

    page.ask = work  # type: ignore[method-assign]
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    first = opened[0]
    text = first.totals.text().replace("\xa0", " ")
    assert "Проведено платежей: 2 на 1 250,50" in text
    rows = [(first.rejected_table.item(r, 0).text(), first.rejected_table.item(r, 1).text())
            for r in range(first.rejected_table.rowCount())]
    assert [w for w, _ in rows] == ["строка 3", "строка 4"]
    assert "0000000001" in rows[0][1] and rows[1][1]

    qtbot.keyClick(page.amount_edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    second = opened[1]
    assert second.preview is not None and not second.preview.can_post
    assert "уже загружен" in second.totals.text() and not second.post_button.isEnabled()
    assert second.outcome is None
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 2
