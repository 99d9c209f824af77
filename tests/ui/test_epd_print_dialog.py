"""«Печать ЕПД» from the accruals workspace: a building's documents made off the UI thread, in
delivery order, the account without charges listed as skipped, the file shown in the preview —
and what was printed read back (codes by zbarimg, text by pdftotext)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.billing.run import calculate
from app.calc.period import Period
from app.cashdesk.codes import parse_gost_qr
from app.rights import SYSTEM
from app.tariffs.queries import companies, scope_choices
from app.tariffs.views import Scope
from app.ui.context import Context
from app.ui.workspaces.accruals.epd_print_dialog import EpdPrintDialog
from tests.print.reading import codes_on, page_png, pdf_text
from tests.ui.conftest import UiWorld, actor_with


def test_a_buildings_documents_print_with_the_skipped_listed(qtbot, world: UiWorld,
                                                             tmp_path: Path) -> None:
    idle = world.town.account(flat="7", surname="Пустов", services=()).number
    calculate(world.db, SYSTEM)
    ctx = Context(world.db, actor_with(world.db, "nach", ["accrual"]))
    buildings = [c for c in scope_choices(world.db) if c.scope == Scope.BUILDING]
    dialog = EpdPrintDialog(ctx, Period(2026, 11), companies(world.db), buildings,
                            folder=tmp_path / "docs")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.building.setCurrentIndex(dialog.building.findData(world.town.building_id))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=60_000)
    result = dialog.result_value
    assert result is not None and result.pages == 3
    assert [s.account_number for s in result.skipped] == [idle]
    assert dialog.skipped.isVisible() and "нет начислений за ноябрь 2026" in \
        dialog.skipped.toPlainText() and idle in dialog.skipped.toPlainText()
    assert "Сформировано документов: 3" in dialog.status.text()
    assert dialog.preview is not None and len(dialog.preview.images) == 3
    qtbot.addWidget(dialog.preview)

    for page, flat in enumerate(("1", "3", "12"), start=1):  # delivery order
        assert world.numbers[flat] in pdf_text(result.path, first=page, last=page)
    qr = codes_on(page_png(result.path, 3))["QR-Code"]
    assert parse_gost_qr(qr[0]).pers_acc == world.numbers["12"]
    dialog.grab().save(str(tmp_path / "epd-print-dialog.png"))
