"""Reports over the ledger: totals reconcile to the kopeck, filters and scope narrow them, the
XLSX reads back cell by cell, bad requests are refused with a message (issue #22)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.calc.period import Period
from app.cli import main
from app.db import Database
from app.errors import AccessDenied, DomainError, NotFound
from app.models import Account, Operation, Service
from app.models.enums import OperationKind
from app.reports.catalogue import REPORTS
from app.reports.charges import charges_summary
from app.reports.filters import ReportFilter
from app.reports.payments import payments_journal
from app.reports.turnover import turnover
from app.reports.xlsx import write_xlsx
from app.rights import SYSTEM, Actor, Role
from tests.factories import TestTown
from tests.reports.conftest import DEC, NOV

VIEWER = Actor(user_id=None, login="v", full_name="Просмотр", roles=frozenset({Role.VIEWER}))
CASHIER = Actor(user_id=None, login="k", full_name="Кассир", roles=frozenset({Role.CASHIER}))


def _ledger_sum(db: Database, through: Period) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.coalesce(func.sum(Operation.amount), 0))
                            .where(Operation.period <= through.code)) or 0)


@pytest.mark.parametrize("by", ["account", "building", "service", "supplier"])
def test_turnover_totals_reconcile_with_the_ledger(db: Database, town: TestTown, by: str) -> None:
    table = turnover(db, SYSTEM, ReportFilter(DEC, DEC), by)  # type: ignore[arg-type]
    closing, opening = table.total_of("closing"), table.total_of("opening")
    assert closing == _ledger_sum(db, DEC)
    assert opening == _ledger_sum(db, NOV)
    assert table.total_of("paid") == 62_345
    assert opening + table.total_of("charged") - table.total_of("paid") == closing
    assert table.totals is not None and table.totals[-1] == closing


def test_turnover_by_account_lists_each_account_in_address_order(db: Database,
                                                                 town: TestTown) -> None:
    table = turnover(db, SYSTEM, ReportFilter(NOV, DEC), "account")
    assert [r[2] for r in table.rows] == [
        "ул. Ленина, д. 5, кв. 1", "ул. Ленина, д. 5, кв. 2", "ул. Ленина, д. 5, кв. 3"]
    with db.session() as s:
        first = s.get(Account, town.accounts[0])
        assert first is not None and table.rows[0][0] == first.number


def test_filters_narrow_the_report_and_a_filter_naming_nothing_is_refused(
        db: Database, town: TestTown) -> None:
    water = turnover(db, SYSTEM, ReportFilter(DEC, DEC, service_code="cold_water"), "service")
    assert [r[0] for r in water.rows] == ["Холодное водоснабжение"]
    with db.session() as s:
        number = s.get(Account, town.accounts[1]).number  # type: ignore[union-attr]
    one = turnover(db, SYSTEM, ReportFilter(DEC, DEC, account_number=number), "account")
    assert len(one.rows) == 1 and one.total_of("paid") == 12_345
    with pytest.raises(NotFound, match="Нет дома"):
        turnover(db, SYSTEM, ReportFilter(DEC, DEC, building_id=999_999), "account")
    with pytest.raises(NotFound, match="Нет услуги"):
        charges_summary(db, SYSTEM, ReportFilter(DEC, DEC, service_code="nothing"))
    with pytest.raises(DomainError, match="раньше начала"):
        turnover(db, SYSTEM, ReportFilter(DEC, NOV), "account")


def test_a_user_limited_to_another_building_sees_nothing_and_a_cashier_no_reports(
        db: Database, town: TestTown) -> None:
    outsider = Actor(user_id=None, login="o", full_name="Чужой", roles=frozenset({Role.VIEWER}),
                     building_ids=frozenset({town.building_id + 1}))
    assert turnover(db, outsider, ReportFilter(NOV, DEC), "account").rows == []
    assert len(turnover(db, VIEWER, ReportFilter(NOV, DEC), "account").rows) == 3
    with pytest.raises(AccessDenied):
        payments_journal(db, CASHIER, ReportFilter(NOV, DEC))


def test_charges_summary_and_payments_journal_agree_with_the_turnover(db: Database,
                                                                      town: TestTown) -> None:
    f = ReportFilter(NOV, DEC)
    osv = turnover(db, SYSTEM, f, "service")
    summary = charges_summary(db, SYSTEM, f)
    journal = payments_journal(db, SYSTEM, f)
    assert summary.total_of("charged") == osv.total_of("charged")
    assert journal.total_of("amount") == osv.total_of("paid") == 62_345
    assert journal.rows == [("12.12.2026", "Касса, наличные", "—", 2, 62_345)]


def test_xlsx_reads_back_cell_by_cell(db: Database, town: TestTown, tmp_path: Path) -> None:
    table = turnover(db, SYSTEM, ReportFilter(DEC, DEC), "service")
    path = write_xlsx(table, tmp_path / "osv.xlsx")
    ws = load_workbook(path).active
    assert ws is not None and ws.freeze_panes == "A4"
    assert ws["A1"].value == "Оборотно-сальдовая ведомость по услугам"
    assert ws["A2"].value == "декабрь 2026"
    assert [c.value for c in ws[3]] == [c.title for c in table.columns]
    for r, row in enumerate([*table.rows, table.totals], start=4):
        assert row is not None
        for c, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
            cell = ws.cell(r, c)
            if column.kind == "money":
                assert Decimal(str(cell.value)) == Decimal(int(value or 0)).scaleb(-2)
                assert "₽" in cell.number_format
            else:
                assert (cell.value or "") == (value or "")


def test_xlsx_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from app.reports.table import Column, ReportTable

    table = ReportTable("T", "s", (Column("a", "A"),), [("=HYPERLINK(\"http://x\",\"y\")",)])
    ws = load_workbook(write_xlsx(table, tmp_path / "t.xlsx")).active
    assert ws is not None and ws["A4"].data_type == "s"
    assert ws["A4"].value == "=HYPERLINK(\"http://x\",\"y\")"


def test_cli_writes_every_report_and_refuses_an_unwritable_path(
        db: Database, town: TestTown, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    for name in REPORTS:
        out = tmp_path / f"{name}.xlsx"
        assert main(["report", name, "--from", "2026-11", "--to", "2026-12", "--xlsx", str(out),
                     "--db", url]) == 0
        assert load_workbook(out).active is not None
    assert main(["report", "turnover", "--from", "2026-12", "--xlsx",
                 str(tmp_path / "missing" / "x.xlsx"), "--db", url]) == 2
    assert "Папки" in capsys.readouterr().err
    assert main(["report", "charges", "--from", "2026-12", "--to", "2026-11", "--db", url]) == 2
    assert "раньше начала" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*partial"))


def test_opening_balance_posted_in_the_range_counts_as_opening(db: Database,
                                                               town: TestTown) -> None:
    with db.sessions() as s, s.begin():
        service_id = s.scalar(select(Service.id).where(Service.code == "maintenance"))
        s.add(Operation(kind=OperationKind.OPENING_BALANCE, op_date=date(2026, 12, 1),
                        period=DEC.code, account_id=town.accounts[2], service_id=service_id,
                        amount=7_777, created_at=datetime.now(UTC)))
    table = turnover(db, SYSTEM, ReportFilter(DEC, DEC), "account")
    assert table.total_of("opening") == _ledger_sum(db, NOV) + 7_777
    assert table.total_of("closing") == _ledger_sum(db, DEC)


def test_xlsx_text_with_characters_xml_cannot_hold_is_written_not_refused(tmp_path: Path) -> None:
    from app.reports.table import Column, ReportTable

    table = ReportTable("T", "s", (Column("a", "A"),), [("Иванов\x01И.",)])
    ws = load_workbook(write_xlsx(table, tmp_path / "t.xlsx")).active
    assert ws is not None and ws["A4"].value == "Иванов\ufffdИ."
