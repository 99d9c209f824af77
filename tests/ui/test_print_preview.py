"""«Печать» on the account card: the documents this user may print, made off the UI thread,
saved, shown in the preview, and printed through Qt (to a PDF printer here, read back)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from app.billing.run import calculate
from app.cashdesk.codes import parse_gost_qr
from app.rights import SYSTEM
from app.ui.account_card import AccountCardWindow
from app.ui.main_window import MainWindow
from app.ui.print_preview import PrintPreviewDialog, print_pages
from tests.print.reading import codes_on, page_png, pdf_text
from tests.ui.conftest import UiWorld, actor_with


def _card(qtbot, world: UiWorld, roles: list[str]) -> AccountCardWindow:
    window = MainWindow(world.db, actor_with(world.db, "-".join(roles), roles))
    qtbot.addWidget(window)
    card = window.open_account(world.numbers["12"])
    assert isinstance(card, AccountCardWindow)
    qtbot.addWidget(card)
    return card


def _titles(card: AccountCardWindow) -> list[str]:
    assert card.print_button is not None
    menu = card.print_button.menu()
    assert menu is not None
    return [a.text() for a in menu.actions()]


def test_the_menu_lists_what_the_role_may_print(qtbot, world: UiWorld) -> None:
    accrual = _titles(_card(qtbot, world, ["accrual"]))
    assert accrual[0].startswith("Единый платёжный документ")
    assert "Справка о наличии (отсутствии) задолженности" in accrual
    assert "Справка о составе семьи" not in accrual  # no right to personal data
    assert "Справка о составе семьи" in _titles(_card(qtbot, world, ["passport"]))


def test_epd_from_the_card_opens_in_the_preview_and_is_saved(
        qtbot, world: UiWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    calculate(world.db, SYSTEM)
    card = _card(qtbot, world, ["accrual"])
    menu = card.print_button.menu()  # type: ignore[union-attr]
    menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, PrintPreviewDialog)
                                for w in QApplication.topLevelWidgets()), timeout=20000)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PrintPreviewDialog))
    qtbot.addWidget(dialog)
    saved = tmp_path / "kvartal" / "documents" / f"ЕПД-{world.numbers['12']}-2026-11.pdf"
    assert dialog.pdf == saved and saved.is_file()
    assert len(dialog.images) == 1 and not dialog.images[0].isNull()
    dialog.resize(1366, 768)
    dialog.grab().save(str(tmp_path / "preview.png"))


def test_the_penalty_calculation_prints_from_the_card(
        qtbot, world: UiWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    card = _card(qtbot, world, ["accrual"])
    titles = _titles(card)
    assert "Расчёт пеней на сегодня (по периодам и дням)" in titles
    card.print_button.menu().actions()[  # type: ignore[union-attr]
        titles.index("Расчёт пеней на сегодня (по периодам и дням)")].trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, PrintPreviewDialog)
                                for w in QApplication.topLevelWidgets()), timeout=20000)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PrintPreviewDialog))
    qtbot.addWidget(dialog)
    assert dialog.pdf.name.startswith(f"Расчёт-пеней-{world.numbers['12']}-")
    assert "пен" in pdf_text(dialog.pdf).lower()


def test_printing_sends_the_pages_to_the_printer(qtbot, world: UiWorld, tmp_path: Path) -> None:
    from app.calc.period import Period
    from app.documents.epd_print import print_epd

    calculate(world.db, SYSTEM)
    pdf = print_epd(world.db, SYSTEM, world.numbers["12"], Period(2026, 11), tmp_path / "e.pdf")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pages(pdf, printer, tmp_path) == 1
    printed = tmp_path / "printed.pdf"
    assert pdf_text(printed).strip() == ""  # a page image, as a printer receives it
    qr = codes_on(page_png(printed, 1, dpi=300))["QR-Code"]
    assert parse_gost_qr(qr[0]).pers_acc == world.numbers["12"]
