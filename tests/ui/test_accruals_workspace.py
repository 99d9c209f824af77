"""«Начисления»: calculate from the workspace, read «почему столько», skip bad accounts, edit
tariffs with inline errors, close the period through the confirmation with its totals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app.billing.results import charges_for_period
from app.billing.scope import Scope as RunScope
from app.calc.money import format_rub
from app.calc.period import Period
from app.ledger.periods import period_totals
from app.rights import Actor
from app.tariffs import editing, queries
from app.tariffs.mass_change import mass_tariff_change
from app.ui.context import Context
from app.ui.workspaces import workspaces_for
from app.ui.workspaces.accruals.mass_dialog import MassChangeDialog
from app.ui.workspaces.accruals.page import AccrualsPage
from app.ui.workspaces.accruals.record_dialog import RecordDialog
from app.ui.workspaces.accruals.run_page import LIST, RunPage, billing_steps
from tests.ui.conftest import UiWorld, actor_with


def _page(qtbot, world: UiWorld) -> tuple[AccrualsPage, Actor]:
    actor = actor_with(world.db, "nach", ["accrual"])
    page = AccrualsPage(Context(world.db, actor))
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    return page, actor


def _calculate(qtbot, run: RunPage) -> None:
    qtbot.mouseClick(run.calc_button, Qt.MouseButton.LeftButton)
    assert run.job is not None
    qtbot.waitUntil(lambda: run.job is not None and not run.job.running, timeout=30_000)


def _when_shown(find: Callable[[], QDialog | None], act: Callable[[QDialog], None]) -> None:
    """Act on a modal dialog as soon as it is up (its exec() blocks the test otherwise)."""
    tries = iter(range(1500))  # 30 s, then give up: a failed test must not poll forever

    def poll() -> None:
        dialog = find()
        if dialog is not None and dialog.isVisible():
            act(dialog)
        elif next(tries, None) is not None:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def test_the_workspace_is_registered_for_accrual_specialists(world: UiWorld) -> None:
    actor = actor_with(world.db, "nach", ["accrual"])
    spec = next(s for s in workspaces_for(actor) if s.key == "accruals")
    assert spec.title == "Начисления" and spec.factory is AccrualsPage
    cashier = actor_with(world.db, "kassa", ["cashier"])
    assert all(s.key != "accruals" for s in workspaces_for(cashier))


def test_calculate_explain_and_close_the_period(qtbot, world: UiWorld) -> None:
    page, _actor = _page(qtbot, world)
    run = page.run_page
    assert run.selected_period() == Period(2026, 11)
    assert run.period_box.currentText() == "ноябрь 2026 — открыт"
    _calculate(qtbot, run)
    assert "Расчёт за ноябрь 2026 выполнен" in run.status.text()
    model = run.results.model
    assert model.rowCount() == 6  # three accounts × (содержание, ХВС)
    numbers = {model.row_at(i).account_number for i in range(model.rowCount())}
    assert numbers == set(world.numbers.values())
    run.results.table.selectRow(1)
    text = run.results.explanation.toPlainText().replace("\u00a0", " ")
    row = model.row_at(1)
    assert row.service_name in text and "тариф" in text
    assert f"начислено {format_rub(row.amount)}".replace("\u00a0", " ") in text

    totals = period_totals(world.db, Period(2026, 11))
    assert totals.charged == sum(model.row_at(i).amount for i in range(model.rowCount()))
    seen: dict[str, str] = {}

    def confirm(dialog: QDialog) -> None:
        seen["charged"] = dialog.findChild(type(run.status), "total1").text()
        dialog.confirm_button.click()  # type: ignore[attr-defined]

    _when_shown(lambda: run.close_dialog, confirm)
    run.close_period()
    assert seen["charged"] == format_rub(totals.charged)
    assert "Период ноябрь 2026 закрыт. Открыт период декабрь 2026" in run.status.text()
    assert run.selected_period() == Period(2026, 12)
    assert not [i for i in range(run.period_box.count())
                if run.period_box.itemData(i).period == Period(2026, 11)
                and not run.period_box.itemData(i).closed]


def test_cancelling_the_confirmation_keeps_the_period_open(qtbot, world: UiWorld) -> None:
    page, _actor = _page(qtbot, world)
    run = page.run_page
    _when_shown(lambda: run.close_dialog, lambda d: d.reject())
    run.close_period()
    assert run.selected_period() == Period(2026, 11)
    assert run.close_button.isEnabled()


def test_problems_are_listed_and_the_rest_can_be_calculated(qtbot, world: UiWorld) -> None:
    bad = world.town.account(flat="40", services=("maintenance", "heating"))  # no heating tariff
    page, actor = _page(qtbot, world)
    run = page.run_page
    answers: list[str] = []

    def skip(dialog: QDialog) -> None:
        model = dialog.model  # type: ignore[attr-defined]
        answers.extend(f"{model.row_at(i).where} {model.row_at(i).message}"
                       for i in range(model.rowCount()))
        dialog.skip_button.click()  # type: ignore[attr-defined]

    _when_shown(lambda: run.problems_dialog, skip)
    _calculate(qtbot, run)  # refused: the dialog lists the problem, «skip» runs again
    qtbot.waitUntil(lambda: run.job is not None and not run.job.running
                    and "выполнен" in run.status.text(), timeout=30_000)
    assert len(answers) == 1 and bad.number in answers[0] and "Отопление" in answers[0]
    assert "пропущено счетов с ошибками: 1" in run.status.text()
    page_rows = charges_for_period(world.db, actor, 202611).rows
    assert {r.account_number for r in page_rows} == set(world.numbers.values())


def test_results_filter_by_account_number(qtbot, world: UiWorld) -> None:
    page, _actor = _page(qtbot, world)
    run = page.run_page
    _calculate(qtbot, run)
    run.results.filter.setText(world.numbers["12"])
    run.results.reload()
    rows = run.results.model.rows()
    assert len(rows) == 2 and {r.account_number for r in rows} == {world.numbers["12"]}
    assert "Счетов: 1, строк: 2" in run.results.totals.text()


def test_tariff_dialog_shows_an_overlap_inline_and_keeps_the_input(qtbot, world: UiWorld
                                                                    ) -> None:
    page, actor = _page(qtbot, world)
    tariffs = page.tariffs_page
    assert any(r.service_code == "cold_water" for r in tariffs.tariffs.rows())

    def save(inp, version):  # type: ignore[no-untyped-def]
        return editing.save_tariff(world.db, actor, inp, version)

    dialog = RecordDialog(norms=False, services=queries.list_services(world.db),
                          scopes=queries.scope_choices(world.db), row=None, save=save,
                          default_day=date(2026, 12, 1), parent=page)
    qtbot.addWidget(dialog)
    index = next(i for i in range(dialog.service.count())
                 if dialog.service.itemData(i).code == "cold_water")
    dialog.service.setCurrentIndex(index)
    dialog.show()
    dialog.value.setText("50,10")
    qtbot.keyClick(dialog.value, Qt.Key.Key_Return)  # Enter saves
    assert dialog.error.isVisibleTo(dialog)
    assert "45,20 ₽ с 01.01.2026 бессрочно" in dialog.error.text()
    assert dialog.value.text() == "50,10" and dialog.result() == 0
    dialog.value.setText("-1")
    dialog.try_save()
    assert "не может быть отрицательным" in dialog.error.text()


def test_mass_change_dialog_creates_a_list_tariff(qtbot, world: UiWorld) -> None:
    page, actor = _page(qtbot, world)

    def change(code, value, day, flt, zone):  # type: ignore[no-untyped-def]
        return mass_tariff_change(world.db, actor, code, value, day, flt, zone)

    dialog = MassChangeDialog(queries.list_services(world.db), queries.companies(world.db),
                              queries.scope_choices(world.db), change, date(2026, 12, 1), page)
    qtbot.addWidget(dialog)
    index = next(i for i in range(dialog.service.count())
                 if dialog.service.itemData(i).code == "maintenance")
    dialog.service.setCurrentIndex(index)
    dialog.value.setText("35,00")
    dialog.numbers.setPlainText(f"{world.numbers['1']}\n{world.numbers['3']}")
    dialog.try_apply()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert dialog.result_value is not None and dialog.result_value.accounts == 2
    page.tariffs_page.reload()
    scopes = [r.scope_title for r in page.tariffs_page.tariffs.rows()
              if r.service_code == "maintenance"]
    assert any(t.startswith("список «") and t.endswith("(2 сч.)") for t in scopes)
    rows = [r for r in queries.list_tariffs(world.db, "maintenance") if r.value == Decimal(35)]
    assert rows and rows[0].date_from == date(2026, 12, 1)
    QApplication.processEvents()


def test_a_list_of_accounts_is_calculated_alone(qtbot, world: UiWorld) -> None:
    page, _actor = _page(qtbot, world)
    run = page.run_page
    run.scope_box.setCurrentIndex(run.scope_box.findData(LIST))
    assert run.numbers.isVisibleTo(run)
    run.numbers.setText("0000000000")
    qtbot.mouseClick(run.calc_button, Qt.MouseButton.LeftButton)
    assert "0000000000" in run.status.text() and run.job is None  # refused before running
    run.numbers.setText(world.numbers["3"])
    _calculate(qtbot, run)
    assert {r.account_number for r in run.results.model.rows()} == {world.numbers["3"]}


def test_a_cancelled_run_writes_nothing(world: UiWorld) -> None:
    actor = actor_with(world.db, "nach", ["accrual"])
    steps = billing_steps(Context(world.db, actor), RunScope(), "stop")
    next(steps)  # the run has started: its transaction is open
    done, total, _message = next(steps)  # the (only) chunk is calculated and inserted
    assert done == total == 3
    steps.close()  # what the job does on «Отмена»
    assert charges_for_period(world.db, actor, 202611).total_rows == 0


def test_in_the_main_window_closing_updates_the_status_bar(qtbot, world: UiWorld) -> None:
    from app.ui.main_window import MainWindow

    window = MainWindow(world.db, actor_with(world.db, "nach", ["accrual"]))
    qtbot.addWidget(window)
    window.show()
    page = window.show_workspace("accruals")
    assert isinstance(page, AccrualsPage)
    assert window.period_label.text() == "Открытый период: ноябрь 2026"
    _calculate(qtbot, page.run_page)
    _when_shown(lambda: page.run_page.close_dialog,
                lambda d: d.confirm_button.click())  # type: ignore[attr-defined]
    page.run_page.close_period()
    assert window.period_label.text() == "Открытый период: декабрь 2026"


def test_overlapping_tariffs_are_named_in_the_tariffs_tab_and_by_the_run(
        qtbot, world: UiWorld) -> None:
    from app.models import Tariff

    with world.db.sessions() as s, s.begin():  # what a careless import would write
        s.add(Tariff(service_id=world.town.services["cold_water"], value=Decimal(47),
                     date_from=date(2026, 11, 16)))
    page, _actor = _page(qtbot, world)
    page.tariffs_page.reload()
    assert page.tariffs_page.problems.isVisibleTo(page.tariffs_page)
    assert ("«Холодное водоснабжение», везде: с 01.01.2026 бессрочно пересекается с записью "
            "с 16.11.2026 бессрочно") in page.tariffs_page.problems.text()
    run = page.run_page
    listed: list[str] = []

    def read_and_close(dialog: QDialog) -> None:
        model = dialog.model  # type: ignore[attr-defined]
        listed.extend(model.row_at(i).message for i in range(model.rowCount()))
        dialog.reject()

    _when_shown(lambda: run.problems_dialog, read_and_close)
    _calculate(qtbot, run)
    assert len(listed) == 3 and all("Холодное водоснабжение" in m for m in listed)
    assert "ничего не записано" in run.status.text()
    assert run.results.model.rowCount() == 0


def test_editing_a_tariff_someone_else_changed_says_so(qtbot, world: UiWorld) -> None:
    page, actor = _page(qtbot, world)
    [row] = queries.list_tariffs(world.db, "cold_water")

    def save(inp, version):  # type: ignore[no-untyped-def]
        return editing.save_tariff(world.db, actor, inp, version)

    dialog = RecordDialog(norms=False, services=queries.list_services(world.db),
                          scopes=queries.scope_choices(world.db), row=row, save=save,
                          default_day=date(2026, 12, 1), parent=page)
    qtbot.addWidget(dialog)
    assert dialog.value.text() == "45,20" and dialog.date_from.day() == date(2026, 1, 1)
    assert dialog.service.currentData().code == "cold_water"
    editing.close_and_replace(world.db, actor, row.id, Decimal(48), date(2026, 12, 1))
    dialog.value.setText("45,30")
    dialog.try_save()
    assert "изменил другой пользователь" in dialog.error.text()
    assert dialog.value.text() == "45,30"


def test_a_tariff_change_into_a_closed_period_takes_a_reason_and_shows_what_it_posted(
        qtbot, world: UiWorld, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog, QMessageBox
    from sqlalchemy import func, select

    from app.billing.run import calculate
    from app.models import Operation
    from app.models.enums import OperationKind
    from app.rights import SYSTEM

    world.town.period(202610)
    calculate(world.db, SYSTEM, Period(2026, 10))
    world.town.period(202610, closed=True)
    world.town.period(202611)
    page, _actor = _page(qtbot, world)
    [row] = queries.list_tariffs(world.db, "maintenance")
    asked: list[str] = []
    shown: list[str] = []

    def reason(_parent, _title, label, *_a):  # type: ignore[no-untyped-def]
        asked.append(label)
        return ("решение РЭК от 20.11.2026", True)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(reason))
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda _p, _t, text, *_a: shown.append(text) or 0))
    dialog = RecordDialog(norms=False, services=queries.list_services(world.db),
                          scopes=queries.scope_choices(world.db), row=row,
                          save=page.tariffs_page._saver(), default_day=date(2026, 11, 1),
                          parent=page)
    qtbot.addWidget(dialog)
    dialog.value.setText("40,15")
    dialog.try_save()
    assert dialog.error.text() == ""
    assert len(asked) == 1 and "уже закрыт" in asked[0] and "причину" in asked[0]
    assert len(shown) == 1 and shown[0].startswith("Перерасчёт записан в период «ноябрь 2026»")
    with world.db.session() as s:
        posted = s.scalar(select(func.count()).select_from(Operation).where(
            Operation.kind == OperationKind.RECALCULATION.value))
    assert posted == 3  # the three accounts' maintenance of October, posted in November


def test_a_tariff_change_into_a_closed_period_without_a_reason_changes_nothing(
        qtbot, world: UiWorld, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    world.town.period(202610, closed=True)
    world.town.period(202611)
    page, _actor = _page(qtbot, world)
    [row] = queries.list_tariffs(world.db, "maintenance")
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a: ("", False)))
    dialog = RecordDialog(norms=False, services=queries.list_services(world.db),
                          scopes=queries.scope_choices(world.db), row=row,
                          save=page.tariffs_page._saver(), default_day=date(2026, 11, 1),
                          parent=page)
    qtbot.addWidget(dialog)
    dialog.value.setText("40,15")
    dialog.try_save()
    assert "уже закрыт" in dialog.error.text()
    [again] = queries.list_tariffs(world.db, "maintenance")
    assert again.value == row.value and again.version == row.version
