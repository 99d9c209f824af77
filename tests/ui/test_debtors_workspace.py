"""«Должники» as the lawyer works it, from the keyboard: the list by criteria, an account's debt
by month with penalties, a repayment agreement signed and followed by the payments, notices
printed for the list off the UI thread (the PDF read back), court cases by stage and the week's
actions. Screenshots go to the test's folder."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from app.db import Database
from app.ui import keys
from app.ui.context import Context
from app.ui.jobs import JobState
from app.ui.workspaces import workspaces_for
from app.ui.workspaces.debtors import DebtorsWorkspace
from app.ui.workspaces.debtors.agreement_dialog import AgreementDialog
from app.ui.workspaces.debtors.case_dialogs import AdvanceDialog, NewCaseDialog
from app.ui.workspaces.debtors.debt_dialog import AccountDebtDialog, DeliveryDialog
from app.ui.workspaces.debtors.notices_dialog import NoticesDialog
from tests.debtors.world import TODAY, build_town, number_of, pay
from tests.factories import TestTown
from tests.ui.conftest import actor_with, type_text
from tests.ui.test_keys import ModalCloser, fires, press

SHOTS = Path("/tmp/kvartal-shots")
T = TypeVar("T", bound=QWidget)


@pytest.fixture
def town(sqlite_db: Database) -> TestTown:
    return build_town(sqlite_db)


def _workspace(qtbot, db: Database) -> DebtorsWorkspace:
    actor = actor_with(db, "jurist", ["lawyer"])
    assert "debtors" in [s.key for s in workspaces_for(actor)]
    assert "debtors" not in [s.key for s in workspaces_for(actor_with(db, "k", ["cashier"]))]
    ws = DebtorsWorkspace(Context(db, actor))
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()
    qtbot.waitExposed(ws)
    ws.activateWindow()
    return ws


def _shot(widget, name: str, tmp_path: Path) -> None:
    QApplication.processEvents()
    for folder in (tmp_path, SHOTS):
        folder.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(folder / f"{name}.png"))


def _find(qtbot, ws: DebtorsWorkspace, min_debt: str = "") -> None:
    page = ws.debtors
    page.min_debt.setText(min_debt)
    page.setFocus()
    press(qtbot, "F5", ws)
    qtbot.waitUntil(lambda: page.find_button.isEnabled() and "Должников" in page.status.text(),
                    timeout=30_000)


def _on_row(qtbot, ws: DebtorsWorkspace, on: date, row: int, key: str, kind: type[T]) -> T:
    """The list on `on`, the cursor on `row`, `key` pressed: the dialog of `kind` it opens."""
    page = ws.debtors
    page.on.set_day(on)
    _find(qtbot, ws)
    page.table.selectRow(row)
    page.table.setFocus()
    press(qtbot, key, ws)
    (dialog,) = [d for d in page.findChildren(kind) if d.isVisible()]
    return dialog


def test_the_list_by_criteria_the_debt_by_month_and_an_agreement_followed(
        qtbot, sqlite_db: Database, town: TestTown, tmp_path: Path) -> None:
    ws = _workspace(qtbot, sqlite_db)
    page = ws.debtors
    page.on.set_day(TODAY)
    _find(qtbot, ws)
    flat2, flat3 = number_of(sqlite_db, town.accounts[1]), number_of(sqlite_db, town.accounts[2])
    assert [d.debt.number for d in page.model.rows()] == [flat3, flat2]  # the largest first
    assert page.model.index(0, 3).data() == "16\u00a0830,56"
    _shot(ws, "debtors-list", tmp_path)
    _find(qtbot, ws, "15 000")
    assert [d.debt.number for d in page.model.rows()] == [flat3]
    _find(qtbot, ws, "")

    # Enter: the debt by month with penalties (on 30 June November's debt is well overdue)
    dialog = _on_row(qtbot, ws, date(2027, 6, 30), 1, "Return", AccountDebtDialog)
    months = dialog.months.rows()
    assert [m.period.title() for m in months] == ["ноябрь 2026", "декабрь 2026", "январь 2027",
                                                  "февраль 2027"]
    assert sum(m.debt for m in months) == page.model.row_at(1).debt.debt
    assert months[0].penalty > months[1].penalty > 0
    assert "пени" in dialog.heading.text()
    _shot(dialog, "debtors-debt-by-month", tmp_path)
    dialog.close()

    # Ctrl+N: an agreement for flat 2 in two instalments; the list leaves it out while kept
    agreement = _on_row(qtbot, ws, TODAY, 1, "Ctrl+N", AgreementDialog)
    type_text(qtbot, agreement.number, "Р-1/2027")
    agreement.total.setText("2 000,00")
    agreement.count.setValue(2)
    agreement.first.set_day(date(2027, 2, 20))
    assert [(i.due_on, i.amount) for _n, i in agreement.model.rows()] == [
        (date(2027, 2, 20), 1_000_00), (date(2027, 3, 20), 1_000_00)]
    _shot(agreement, "debtors-agreement", tmp_path)
    press(qtbot, "Ctrl+S", agreement)
    qtbot.waitUntil(lambda: not agreement.isVisible(), timeout=5000)
    assert "изменились" in page.status.text()
    _find(qtbot, ws)
    assert [d.debt.number for d in page.model.rows()] == [flat3]

    # the first instalment paid on time; the second missed: flat 2 is a debtor again
    pay(sqlite_db, town.accounts[1], 1_000_00, date(2027, 2, 19), 202702)
    page.on.set_day(date(2027, 3, 25))
    _find(qtbot, ws)
    assert flat2 in [d.debt.number for d in page.model.rows()]
    page.table.selectRow([d.debt.number for d in page.model.rows()].index(flat2))
    dialog = page.open_debt()
    assert dialog is not None
    (view,) = dialog.agreements.rows()
    assert view.state.missed is not None and view.state.paid_so_far == 1_000_00
    assert dialog.agreements.index(0, 2).data() == "нарушено"
    assert [mark for _i, mark in dialog.schedule.rows()] == ["оплачен",
                                                             "просрочен — соглашение нарушено"]
    _shot(dialog, "debtors-agreement-followed", tmp_path)
    dialog.close()


def test_notices_print_for_the_list_off_the_ui_thread(qtbot, sqlite_db: Database,
                                                       town: TestTown, tmp_path: Path) -> None:
    ws = _workspace(qtbot, sqlite_db)
    page = ws.debtors
    page.on.set_day(date(2027, 6, 30))
    _find(qtbot, ws)
    dialog = NoticesDialog(page.ctx, page.model.rowCount(), page.on.day(), page)
    dialog.warning.setChecked(True)
    offered = [dialog.service_list.item(i).text() for i in range(dialog.service_list.count())]
    assert "Горячее водоснабжение" in offered and "Отопление" not in offered
    assert "Холодное водоснабжение" not in offered and "Содержание жилого помещения" not in offered
    dialog.check_service("hot_water")
    out = tmp_path / "warnings.pdf"
    dialog.file.setText(str(out))
    _shot(dialog, "debtors-notices-dialog", tmp_path)
    job = page.start_print(page.chosen(), dialog)
    assert not page.print_button.isEnabled()  # running off the UI thread
    assert job.wait().state is JobState.DONE
    assert page.print_button.isEnabled() and "Напечатано 2 (П-2027/1 — П-2027/2)" in \
        page.status.text()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    for account in town.accounts[1:]:
        assert number_of(sqlite_db, account) in text
    assert text.count("ПРЕДУПРЕЖДЕНИЕ") == 2 and "отоплен" not in text.lower()

    # the second print of the same list continues the numbering
    job = page.start_print(page.chosen(), dialog)
    assert job.wait().state is JobState.DONE and "П-2027/3" in page.status.text()


def test_court_cases_by_stage_and_the_weeks_actions(qtbot, sqlite_db: Database, town: TestTown,
                                                    tmp_path: Path) -> None:
    ws = _workspace(qtbot, sqlite_db)
    ws.tabs.show_tab("cases")
    cases = ws.cases
    cases.on.set_day(date(2027, 2, 1))
    cases.stage.setFocus()  # no cases yet: the table is not shown
    press(qtbot, "Insert", ws)
    new = cases.findChild(NewCaseDialog)
    assert new is not None and new.isVisible()
    new.account.setText(number_of(sqlite_db, town.accounts[2]))
    new.first.setText("11.2026")
    new.last.setText("01.2027")
    new.debt.setText("150 000")
    new.next.day.set_day(date(2027, 2, 12))
    new.next.what.setText("Подать заявление о выдаче приказа")
    new._save()
    assert not new.isVisible() and new.case_id is not None
    assert [c.stage_title for c in cases.model.rows()] == ["Претензия"]

    ws.tabs.show_tab("week")
    ws.week.on.set_day(TODAY)
    (action,) = ws.week.rows()
    assert action.next_action == "Подать заявление о выдаче приказа" and not action.overdue
    _shot(ws, "debtors-week", tmp_path)
    ws.week.on.set_day(date(2027, 2, 14))
    assert ws.week.rows()[0].overdue
    ws.week.table.setFocus()
    press(qtbot, "Return", ws)
    assert ws.tabs.current_name() == "cases" and cases.current().id == new.case_id

    cases.on.set_day(date(2027, 2, 15))
    cases.table.setFocus()
    press(qtbot, "F2", ws)
    step = cases.findChild(AdvanceDialog)
    assert step is not None and step.isVisible()
    assert step.stage.currentText() == "Судебный приказ"
    step.text.setText("Подано заявление о выдаче судебного приказа")
    step.document.setText("Заявление № 15 от 15.02.2027")
    step.next.enabled.setChecked(False)
    step._save()
    assert not step.isVisible()
    (case,) = cases.model.rows()
    assert case.stage_title == "Судебный приказ" and case.state_duty == 2_750_00
    assert [e.document for e in cases.events.rows()] == ["", "Заявление № 15 от 15.02.2027"]
    assert cases.model.index(0, 7).data() == "2\u00a0750,00"
    _shot(ws, "debtors-cases", tmp_path)
    assert ws.week.rows() == []  # no next action: nothing to do this week


def test_a_printed_warning_is_in_the_accounts_journal_and_its_delivery_recorded(
        qtbot, sqlite_db: Database, town: TestTown, tmp_path: Path) -> None:
    ws = _workspace(qtbot, sqlite_db)
    page = ws.debtors
    page.on.set_day(date(2027, 6, 30))
    _find(qtbot, ws)
    dialog = NoticesDialog(page.ctx, page.model.rowCount(), page.on.day(), page)
    dialog.warning.setChecked(True)
    dialog.check_service("hot_water")
    dialog.file.setText(str(tmp_path / "w.pdf"))
    assert page.start_print(page.chosen()[:1], dialog).wait().state is JobState.DONE
    page.table.selectRow(0)
    debt = page.open_debt()
    assert debt is not None
    (notice,) = debt.notice_rows()
    assert notice.number == "П-2027/1" and notice.delivered == ""
    debt.notice_table.selectRow(0)
    debt.notice_table.setFocus()
    press(qtbot, "Ctrl+D", debt)
    delivery = debt.findChild(DeliveryDialog)
    assert delivery is not None and delivery.isVisible()
    delivery.on.set_day(date(2027, 7, 2))
    delivery.save()
    assert delivery.last_day == date(2027, 7, 22)  # 20 days from delivery (п. 119)
    (notice,) = debt.notice_rows()
    assert notice.delivered == "02.07.2027, лично под подпись"
    _shot(debt, "debtors-notice-delivered", tmp_path)


def test_every_key_the_workspace_lists_acts_and_insert_opens_a_case_for_the_debtor(
        qtbot, sqlite_db: Database, town: TestTown) -> None:
    ws = _workspace(qtbot, sqlite_db)
    ws.debtors.on.set_day(TODAY)
    _find(qtbot, ws)
    closer = ModalCloser()
    fired = []
    for tab in ws.tabs.names():
        ws.tabs.show_tab(tab)
        QApplication.processEvents()
        for shortcut in keys.listed(ws):
            fires(qtbot, shortcut)
            qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
            fired.append(shortcut.whatsThis())
    assert {"найти должников по условиям", "новое дело", "перечитать список"} <= set(fired)
    assert "уведомления или предупреждения выбранным (всем в списке)" in fired
    closer.timer.stop()

    # Insert on a debtor: the case dialog on the cases tab, filled from the debt
    ws.tabs.show_tab("debtors")
    ws.debtors.table.selectRow(0)
    ws.debtors.table.setFocus()
    press(qtbot, "Insert", ws)
    assert ws.tabs.current_name() == "cases"
    (new,) = [d for d in ws.cases.findChildren(NewCaseDialog) if d.isVisible()]
    assert new.account.text() == number_of(sqlite_db, town.accounts[2])
    assert new.first.text() == "11.2026" and new.last.text() == "02.2027"
    assert new.debt.kopecks("") == 16_830_56
    new.reject()
