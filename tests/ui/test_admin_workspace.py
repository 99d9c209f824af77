"""«Администрирование» from the keyboard: organisations added and edited with their requisites
checked, a concurrent change told and not overwritten; the audit log filtered, its values before
and after, saved to Excel; the last backup shown, a new one made off the UI thread."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from app.admin.backup_status import backup_status
from app.admin.organizations import list_organizations, save_organization
from app.calc.methods import METHODS
from app.rights import Actor
from app.ui.main_window import MainWindow
from app.ui.workspaces.admin import SECTIONS, AdminWorkspace
from app.ui.workspaces.admin.audit import AuditPage
from app.ui.workspaces.admin.backup import BackupPage
from app.ui.workspaces.admin.contracts import ContractDialog, ContractsPage
from app.ui.workspaces.admin.housing import HousingPage
from app.ui.workspaces.admin.housing_dialogs import (
    OpenAccountDialog,
    PremiseDialog,
    SplitDialog,
)
from app.ui.workspaces.admin.organizations import OrganizationDialog, OrganizationsPage
from app.ui.workspaces.admin.services import ServiceDialog, ServicesPage
from tests.admin.test_organizations import supplier
from tests.ui.conftest import UiWorld, actor_with, type_text

SHOTS = Path("/tmp")


def _workspace(qtbot, world: UiWorld) -> tuple[MainWindow, AdminWorkspace, Actor]:
    actor = actor_with(world.db, "adm", ["admin"])
    window = MainWindow(world.db, actor)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_workspace("admin")
    assert isinstance(page, AdminWorkspace)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, page, actor


def test_the_workspace_is_a_list_of_sections(qtbot, world: UiWorld) -> None:
    _window, page, _actor = _workspace(qtbot, world)
    assert page.tabs.names() == [s.key for s in SECTIONS]
    assert page.tabs.names()[:6] == ["organizations", "contracts", "services", "housing",
                                     "audit", "backup"]


def test_insert_adds_an_organisation_bad_inn_is_told_and_the_input_kept(
        qtbot, world: UiWorld) -> None:
    window, ws, _actor = _workspace(qtbot, world)
    page = ws.section("organizations")
    assert isinstance(page, OrganizationsPage)
    before = page.model.rowCount()
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Insert)
    dialog = page.dialog
    assert isinstance(dialog, OrganizationDialog) and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.kind.setCurrentIndex(dialog.kind.findData("payment_agent"))
    data = supplier()
    for name in ("name", "short_name", "kpp", "bik", "settlement_account", "corr_account"):
        dialog.fields[name].setText(getattr(data, name))
    dialog.fields["inn"].setFocus()
    type_text(qtbot, dialog.fields["inn"], "7707083894")
    dialog.grab().save(str(SHOTS / "kvartal-admin-org-dialog.png"))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and "неверная контрольная цифра" in dialog.error.text()
    assert dialog.fields["short_name"].text() == "Водоканал"
    dialog.grab().save(str(SHOTS / "kvartal-admin-org-refused.png"))
    dialog.fields["inn"].setText("7707083893")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert page.model.rowCount() == before + 1
    added = next(r for r in page.model.rows() if r.inn == "7707083893")
    assert added.kind == "payment_agent" and added.settlement_account == "40702810822019549656"
    window.grab().save(str(SHOTS / "kvartal-admin-organizations.png"))


def test_an_edit_after_someone_elses_change_is_told_and_overwrites_nothing(
        qtbot, world: UiWorld) -> None:
    _window, ws, actor = _workspace(qtbot, world)
    save_organization(world.db, actor, supplier())
    page = ws.section("organizations")
    assert isinstance(page, OrganizationsPage)
    page.reload()
    row = next(i for i, r in enumerate(page.model.rows()) if r.inn == "7707083893")
    page.view.selectRow(row)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog.isVisible() and dialog.row is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    other = actor_with(world.db, "adm2", ["admin"])  # another desk saves the same record
    save_organization(world.db, other, replace(dialog.row, phone="+7 343 222-22-22"))
    dialog.fields["address"].setText("г. Екатеринбург, ул. Мира, д. 1")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and "изменил другой пользователь" in dialog.error.text()
    assert dialog.fields["address"].text() == "г. Екатеринбург, ул. Мира, д. 1"
    dialog.grab().save(str(SHOTS / "kvartal-admin-org-conflict.png"))
    [saved] = [o for o in list_organizations(world.db, actor) if o.inn == "7707083893"]
    assert saved.phone == "+7 343 222-22-22" and saved.address is None
    dialog.reject()


def test_the_audit_log_filters_shows_before_after_and_saves_to_excel(
        qtbot, world: UiWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window, ws, actor = _workspace(qtbot, world)
    first = save_organization(world.db, actor, supplier())
    save_organization(world.db, actor, replace(first, phone="+7 343 000-00-01"))
    page = ws.section("audit")
    assert isinstance(page, AuditPage)
    page.fill_choices()
    page.action.setCurrentIndex(page.action.findData("organization.update"))
    page.action.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert page.model.rowCount() == 1
    assert page.model.index(0, 3).data() == "Организация"
    assert page.model.index(0, 1).data().startswith("adm (")
    assert [(d.field, d.before, d.after) for d in page.details.rows()] == [
        ("phone", None, "+7 343 000-00-01")]
    assert page.details.index(0, 1).data() == "—"
    page.action.setCurrentIndex(0)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert page.model.rowCount() >= 2
    window.grab().save(str(SHOTS / "kvartal-admin-audit.png"))

    target = tmp_path / "audit.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(target), "")))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert page.note.text() == f"Сохранено: {target}"
    sheet = load_workbook(target).active
    assert sheet is not None
    assert sheet["D4"].value == page.model.index(0, 2).data()
    assert sheet.max_row == 3 + page.model.rowCount()


def test_the_audit_log_refuses_dates_in_the_wrong_order(qtbot, world: UiWorld) -> None:
    window, ws, _actor = _workspace(qtbot, world)
    page = ws.section("audit")
    assert isinstance(page, AuditPage)
    page.date_from.set_day(page.date_to.day().replace(year=page.date_to.day().year + 1))
    page.user.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert "позже" in page.error.text() and page.model.rowCount() == 0


def test_backup_section_warns_then_makes_a_copy_off_the_ui_thread(
        qtbot, world: UiWorld, tmp_path: Path) -> None:
    window, ws, _actor = _workspace(qtbot, world)
    page = ws.section("backup")
    assert isinstance(page, BackupPage)
    assert "ещё не было" in page.status_label.text()
    assert window.backup_label.isVisibleTo(window)
    assert "Нет свежей резервной копии" in window.backup_label.text()
    assert page.warning.isVisibleTo(page) and "Сделайте резервную копию" in page.warning.text()
    window.grab().save(str(SHOTS / "kvartal-admin-backup-none.png"))
    page.folder.setText(str(tmp_path / "копии"))
    page.keep.setValue(2)
    qtbot.mouseClick(page.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Копия сделана" in page.result.text(), timeout=30_000)
    status = backup_status(world.db)
    assert status.path is not None and Path(status.path).parent == tmp_path / "копии"
    assert Path(status.path).stat().st_size > 0
    assert page.status_label.text() == status.text and not page.warning.isVisibleTo(page)
    assert page.make_button.isEnabled()
    assert not window.backup_label.isVisibleTo(window)  # the status bar heard of it too
    window.grab().save(str(SHOTS / "kvartal-admin-backup.png"))


def test_backup_into_a_folder_that_cannot_be_made_is_told(qtbot, world: UiWorld,
                                                         tmp_path: Path) -> None:
    _window, ws, _actor = _workspace(qtbot, world)
    page = ws.section("backup")
    assert isinstance(page, BackupPage)
    blocker = tmp_path / "файл"
    blocker.write_text("не папка")
    page.folder.setText(str(blocker / "копии"))
    page.make_backup()
    qtbot.waitUntil(lambda: page.error.isVisibleTo(page), timeout=30_000)
    assert "не создать" in page.error.text() or "Папк" in page.error.text()
    assert page.make_button.isEnabled()


def test_the_status_bar_says_nothing_of_backups_to_a_cashier(qtbot, world: UiWorld) -> None:
    window = MainWindow(world.db, actor_with(world.db, "kassa", ["cashier"]))
    qtbot.addWidget(window)
    assert not window.backup_label.isVisibleTo(window) and window.backup_label.text() == ""


def _active(qtbot, dialog) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def test_a_three_party_contract_is_added_and_a_missing_agent_told(qtbot, world: UiWorld
                                                                  ) -> None:
    window, ws, actor = _workspace(qtbot, world)
    agent = save_organization(world.db, actor, supplier(kind="settlement_centre",
                                                        short_name="РКЦ"))
    page = ws.section("contracts")
    assert isinstance(page, ContractsPage) and page.model.rowCount() == 0
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Insert)
    dialog = page.dialog
    assert isinstance(dialog, ContractDialog)
    _active(qtbot, dialog)
    dialog.number.setText("ВК-7/2026")
    dialog.kind.setCurrentIndex(dialog.kind.findData("three_party"))
    dialog.service.setCurrentIndex(dialog.service.findText("Холодное водоснабжение"))
    dialog.commission.setText("1,5")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and "нужен агент" in dialog.error.text()
    dialog.agent.setCurrentIndex(dialog.agent.findData(agent.id))
    dialog.grab().save(str(SHOTS / "kvartal-admin-contract-dialog.png"))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible(), dialog.error.text()
    assert page.model.rowCount() == 1
    assert [page.model.index(0, c).data() for c in (0, 5, 6)] == ["ВК-7/2026", "РКЦ", "1,5 %"]
    window.grab().save(str(SHOTS / "kvartal-admin-contracts.png"))


def test_a_services_method_is_changed_from_the_registry(qtbot, world: UiWorld) -> None:
    window, ws, _actor = _workspace(qtbot, world)
    page = ws.section("services")
    assert isinstance(page, ServicesPage)
    row = next(i for i, s in enumerate(page.model.rows()) if s.code == "intercom")
    page.view.selectRow(row)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, ServiceDialog) and dialog.code.isReadOnly()
    _active(qtbot, dialog)
    assert dialog.method.count() == len(METHODS)
    dialog.method.setCurrentIndex(dialog.method.findData("metered"))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and "Ресурс: нужен" in dialog.error.text()
    dialog.grab().save(str(SHOTS / "kvartal-admin-service-refused.png"))
    dialog.method.setCurrentIndex(dialog.method.findData("meter_fee"))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible(), dialog.error.text()
    changed = next(s for s in page.model.rows() if s.code == "intercom")
    assert changed.method == "meter_fee" and changed.method_title == "по числу приборов учёта"
    window.grab().save(str(SHOTS / "kvartal-admin-services.png"))


def test_a_premise_added_its_account_opened_and_split_with_history_kept(
        qtbot, world: UiWorld) -> None:
    window, ws, _actor = _workspace(qtbot, world)
    page = ws.section("housing")
    assert isinstance(page, HousingPage)
    assert page.model.rowCount() == 1
    page.view.selectRow(0)
    assert page.premises.rowCount() == 3  # the world's flats 1, 3, 12

    page.add_premise()
    dialog = page.dialog
    assert isinstance(dialog, PremiseDialog)
    _active(qtbot, dialog)
    dialog.number.setText("40")
    dialog.total.setText("60,5")
    dialog.living.setText("70")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and "Жилая площадь" in dialog.error.text()
    dialog.living.setText("40,25")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible(), dialog.error.text()
    row = next(i for i, p in enumerate(page.premises.rows()) if p.number == "40")
    page.premises_view.selectRow(row)
    assert page.accounts.rowCount() == 0

    page.open_account()
    opened = page.dialog
    assert isinstance(opened, OpenAccountDialog)
    _active(qtbot, opened)
    opened.payer.setText("Семёнов Семён Семёнович")
    opened.day.set_day(opened.day.day().replace(year=2026, month=11, day=1))
    qtbot.keyClick(opened, Qt.Key.Key_Return)
    assert not opened.isVisible(), opened.error.text()
    assert [a.payer_name for a in page.accounts.rows()] == ["Семёнов Семён Семёнович"]

    page.accounts_view.selectRow(0)
    page.split_account()
    split = page.dialog
    assert isinstance(split, SplitDialog)
    _active(qtbot, split)
    split.day.set_day(split.day.day().replace(year=2026, month=11, day=16))
    for (payer, area), (name, value) in zip(split.parts, (("Семёнов С. С.", "40,5"),
                                                           ("Петрова А. А.", "10")), strict=True):
        payer.setText(name)
        area.setText(value)
    qtbot.keyClick(split, Qt.Key.Key_Return)
    assert split.isVisible() and "должны совпасть" in split.error.text()
    split.grab().save(str(SHOTS / "kvartal-admin-split-refused.png"))
    split.parts[1][1].setText("20")
    qtbot.keyClick(split, Qt.Key.Key_Return)
    assert not split.isVisible(), split.error.text()
    states = sorted((a.payer_name, a.status) for a in page.accounts.rows())
    assert states == [("Петрова А. А.", "open"), ("Семёнов С. С.", "open"),
                      ("Семёнов Семён Семёнович", "closed")]
    window.grab().save(str(SHOTS / "kvartal-admin-housing.png"))
