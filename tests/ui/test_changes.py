"""Screens refresh from what a use case reports it changed, not from who knows whom."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.changes import Change, changes_of
from app.ledger.periods import close_period
from app.tariffs import editing
from app.ui.account_card import AccountCardWindow
from app.ui.main_window import MainWindow
from app.ui.workspaces.accruals.page import AccrualsPage
from tests.ui.conftest import UiWorld, actor_with


def test_writing_use_cases_declare_what_they_change() -> None:
    assert changes_of(close_period) == Change.PERIODS | Change.CHARGES
    assert changes_of(editing.save_tariff) == Change.TARIFFS
    assert changes_of(editing.service_for_update) == Change.NONE  # a read declares nothing


def test_a_calculation_in_accruals_shows_in_an_open_account_card(qtbot, world: UiWorld) -> None:
    window = MainWindow(world.db, actor_with(world.db, "chief", ["accrual", "cashier"]))
    qtbot.addWidget(window)
    window.show()
    card = window.open_account(world.numbers["12"])
    assert isinstance(card, AccountCardWindow)
    before = card.operations.model.rowCount()
    page = window.show_workspace("accruals")
    assert isinstance(page, AccrualsPage)
    qtbot.mouseClick(page.run_page.calc_button, Qt.MouseButton.LeftButton)
    job = page.run_page.job
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=30_000)
    assert card.operations.model.rowCount() == before + 2  # содержание and ХВС, no F5 pressed
    card.close()


def test_a_tariff_saved_through_the_context_reloads_the_tariffs_tab(qtbot,
                                                                      world: UiWorld) -> None:
    from datetime import date
    from decimal import Decimal

    window = MainWindow(world.db, actor_with(world.db, "nach", ["accrual"]))
    qtbot.addWidget(window)
    page = window.show_workspace("accruals")
    assert isinstance(page, AccrualsPage)
    shown = page.tariffs_page.tariffs.rowCount()
    row = page.tariffs_page.tariffs.row_at(0)
    window.ctx.perform(editing.close_and_replace, row.id, Decimal("99.5"), date(2027, 1, 1),
                       row.version)
    assert page.tariffs_page.tariffs.rowCount() == shown + 1
