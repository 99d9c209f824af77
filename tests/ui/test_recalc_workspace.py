"""«Перерасчёты и пени»: preview and post a recalculation of a closed period, enter a key rate,
switch the ПП №497 moratorium, calculate an account's penalty."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.billing.run import calculate
from app.calc.period import Period
from app.models import Operation, Tariff
from app.models.enums import OperationKind as K
from app.rights import SYSTEM
from app.ui.context import Context
from app.ui.workspaces import workspaces_for
from app.ui.workspaces.recalc import RecalcWorkspace
from tests.penalties.ledger_factory import charge
from tests.ui.conftest import UiWorld, actor_with


def _workspace(qtbot, world: UiWorld) -> RecalcWorkspace:
    actor = actor_with(world.db, "nach", ["accrual"])
    assert "recalc" in [s.key for s in workspaces_for(actor)]
    ws = RecalcWorkspace(Context(world.db, actor))
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()
    return ws


def _recalculations(world: UiWorld) -> int:
    with world.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Operation)
                            .where(Operation.kind == K.RECALCULATION.value)) or 0)


def test_preview_then_post_a_late_tariff(qtbot, world: UiWorld, tmp_path) -> None:
    world.town.period(202610)
    calculate(world.db, SYSTEM, Period(2026, 10))
    world.town.period(202610, closed=True)
    with world.db.sessions() as s, s.begin():
        t = s.scalars(select(Tariff).where(
            Tariff.service_id == world.town.services["maintenance"])).one()
        t.date_to = date(2026, 9, 30)
        s.add(Tariff(service_id=t.service_id, value=Decimal("40.15"),
                     date_from=date(2026, 10, 1)))
    ws = _workspace(qtbot, world)
    page = ws.recalc
    page.first.setText("2026-10")
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=30_000)
    assert "ничего не записано" in page.status.text() and _recalculations(world) == 0
    assert {d.service_code for d in page.model.rows()} == {"maintenance"}
    assert page.model.index(0, 2).data() == "Содержание жилого помещения"
    ws.grab().save(str(tmp_path / "recalc.png"))
    qtbot.mouseClick(page.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "записан" in page.status.text(), timeout=30_000)
    assert _recalculations(world) == 3


def test_bad_period_is_said_in_russian_and_keeps_the_input(qtbot, world: UiWorld) -> None:
    ws = _workspace(qtbot, world)
    page = ws.recalc
    page.first.setText("2026-13")
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert "2026-13" in page.first.text() and page.status.text() != ""
    page.first.setText("2026-11")  # the open period itself
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "открыт" in page.status.text(), timeout=30_000)


def test_key_rate_and_moratorium_switch(qtbot, world: UiWorld) -> None:
    ws = _workspace(qtbot, world)
    page = ws.key_rates
    ws.tabs.setCurrentWidget(page)
    assert page.rates.row_at(0).date_from >= date(2026, 2, 16)
    page.date.setText("01.12.2026")
    page.rate.setText("14,5")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.rates.row_at(0).date_from == date(2026, 12, 1)
    assert page.rates.row_at(0).rate == Decimal("14.5")
    row = next(i for i, r in enumerate(page.rules.rows())
               if r.kind == "moratorium" and not r.enabled)
    page.rule_table.table.selectRow(row)
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert page.rules.row_at(row).enabled


def test_penalty_of_an_account_on_a_date(qtbot, world: UiWorld) -> None:
    for code in range(202602, 202611):
        world.town.period(code, closed=True)
    account = world.town.accounts[0]
    charge(world.db, account, world.town.services["maintenance"], 1_000_000, 202602)
    ws = _workspace(qtbot, world)
    page = ws.penalty
    page.on.setText("30.06.2026")
    page.show_account(world.numbers["1"])
    assert "314,23" in page.status.text()
    assert "1/130" in page.text.toPlainText()


def test_the_specialist_runs_the_requests_left_open(qtbot, world: UiWorld) -> None:
    from app.passport.billing_effect import open_requests
    from app.passport.registration import register_arrival
    from app.passport.views import ArrivalInput, Newcomer
    from tests.passport.conftest import person

    world.town.period(202610)
    calculate(world.db, SYSTEM, Period(2026, 10))
    world.town.period(202610, closed=True)
    with world.db.sessions() as s, s.begin():  # the recalculation fails: the request stays
        rows = [(t.service_id, t.value, t.date_from) for t in s.scalars(select(Tariff))]
        s.execute(Tariff.__table__.delete())
    result = register_arrival(world.db, SYSTEM, ArrivalInput(
        world.numbers["1"], "permanent", date(2026, 10, 3), (Newcomer(identity=person()),)),
        date(2026, 11, 20))
    assert result.recalculation.error is not None
    with world.db.sessions() as s, s.begin():
        s.add_all(Tariff(service_id=i, value=v, date_from=d) for i, v, d in rows)
    ws = _workspace(qtbot, world)
    qtbot.mouseClick(ws.recalc.requests_button, Qt.MouseButton.LeftButton)
    assert "Перерасчёт записан в период «ноябрь 2026»" in ws.recalc.status.text()
    assert f"л/с {world.numbers['1']}, октябрь 2026" in ws.recalc.status.text()
    assert _recalculations(world) > 0 and open_requests(world.db, SYSTEM) == []
    qtbot.mouseClick(ws.recalc.requests_button, Qt.MouseButton.LeftButton)
    assert ws.recalc.status.text() == "Открытых запросов на перерасчёт нет"
