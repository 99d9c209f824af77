"""The supplier money, readings coverage and tariffs-in-force reports (issue #22): totals agree
with the ledger and with `kvartal registry owed`, filters narrow them, bad requests refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.calc.money import format_rub
from app.calc.period import Period
from app.cashdesk.registries import import_registry, supplier_owed
from app.cli import main
from app.db import Database
from app.errors import DomainError, NotFound
from app.models import Account, Operation, Organization
from app.models.enums import OperationKind, OrgKind
from app.reports.catalogue import REPORTS
from app.reports.filters import ReportFilter
from app.reports.readings import readings_coverage, readings_missing
from app.reports.suppliers import supplier_money
from app.reports.tariffs import tariffs_in_force
from app.reports.turnover import turnover
from app.reports.xlsx import write_xlsx
from app.rights import SYSTEM
from tests.cashdesk.conftest import DeskTown, make_desk_town
from tests.factories import TestTown, TownFactory

NOV, DEC = Period(2026, 11), Period(2026, 12)


@pytest.fixture
def banked(db: Database, tmp_path: Path) -> DeskTown:
    desk = make_desk_town(db)
    with db.sessions() as s, s.begin():
        s.add(Organization(kind=OrgKind.BANK, name="ПАО Сбербанк", short_name="Сбербанк",
                           inn="7707083893"))
    lines = [f"05-12-2026;10-15-00;7003;OP1;{desk.number};Иванов И.П.;;122026;1000.50;",
             f"06-12-2026;11-00-00;7003;OP2;{desk.other_number};Петров;;122026;250,00;"]
    path = tmp_path / "sber.txt"
    path.write_bytes(("\r\n".join([*lines, "=2;1250.50"]) + "\r\n").encode("cp1251"))
    import_registry(db, SYSTEM, path, "sber", today=date(2026, 12, 8))
    return desk


def test_supplier_money_is_what_registry_owed_computes_and_reconciles_with_the_ledger(
        db: Database, banked: DeskTown) -> None:
    table = supplier_money(db, SYSTEM, ReportFilter(DEC, DEC))
    owed = supplier_owed(db, SYSTEM, DEC.first_day, DEC.last_day)
    assert [tuple(r[3:6]) for r in table.rows] == [(o.collected, o.commission, o.owed)
                                                   for o in owed]
    assert table.total_of("collected") == 1250_50
    # Сбербанк's 1.2 % per supplier and day, rounded each time
    assert table.total_of("commission") == sum(o.commission for o in owed) > 0
    assert table.total_of("owed") == 1250_50 - table.total_of("commission")
    with db.session() as s:
        ledger = -int(s.scalar(select(func.sum(Operation.amount)).where(
            Operation.kind == OperationKind.PAYMENT.value)) or 0)
    assert table.total_of("collected") == ledger
    assert table.total_of("collected") == turnover(db, SYSTEM, ReportFilter(DEC, DEC),
                                                   "supplier").total_of("paid")


def test_supplier_money_narrowed_to_one_account_and_to_another_supplier(
        db: Database, banked: DeskTown) -> None:
    one = supplier_money(db, SYSTEM, ReportFilter(DEC, DEC, account_number=banked.other_number))
    assert one.total_of("collected") == 250_00
    with db.session() as s:
        company = s.scalar(select(Organization.id).where(
            Organization.kind == OrgKind.MANAGEMENT_COMPANY))
    nothing = supplier_money(db, SYSTEM, ReportFilter(DEC, DEC, supplier_id=company))
    assert nothing.rows == [] and nothing.total_of("collected") == 0


def _supplier(db: Database, banked: DeskTown) -> tuple[int, str]:
    with db.session() as s:
        inn = s.scalar(select(Organization.inn).join(
            Operation, Operation.supplier_id == Organization.id).where(
            Operation.kind == OperationKind.PAYMENT.value).limit(1))
        oid = s.scalar(select(Organization.id).where(Organization.inn == inn))
    assert inn and oid
    return oid, inn


def test_money_transferred_to_a_supplier_is_shown_with_what_is_left_to_transfer(
        db: Database, banked: DeskTown) -> None:
    from app.cashdesk.transfers import TransferInput, record_transfer

    oid, inn = _supplier(db, banked)
    before = supplier_money(db, SYSTEM, ReportFilter(DEC, DEC))
    record_transfer(db, SYSTEM, TransferInput(inn, date(2026, 12, 9), 500_00, "П/П 17"),
                    today=date(2026, 12, 10))
    table = supplier_money(db, SYSTEM, ReportFilter(DEC, DEC))
    assert table.total_of("transferred") == 500_00
    assert table.total_of("owed") == before.total_of("owed")  # collected money is unchanged
    [row] = [r for r in table.rows if r[0] == "09.12.2026"]
    assert row[2] == inn and row[3:] == (0, 0, 0, 500_00)
    left = table.total_of("owed") - 500_00
    assert any(f"остаток {format_rub(left)}" in note for note in table.notes)
    # the supplier's own report has it; a report of one account (a part of the town) has not
    assert supplier_money(db, SYSTEM, ReportFilter(DEC, DEC, supplier_id=oid)).total_of(
        "transferred") == 500_00
    part = supplier_money(db, SYSTEM, ReportFilter(DEC, DEC, account_number=banked.number))
    assert part.total_of("transferred") == 0 and any("не показываются" in n for n in part.notes)


def test_a_transfer_is_recorded_once_and_bad_input_records_nothing(
        db: Database, banked: DeskTown, capsys: pytest.CaptureFixture[str]) -> None:
    from app.cashdesk.transfers import TransferInput, record_transfer
    from app.errors import Conflict, InvalidInput
    from app.models import SupplierTransfer

    _oid, inn = _supplier(db, banked)
    today = date(2026, 12, 10)
    record_transfer(db, SYSTEM, TransferInput(inn, today, 100_00, "17"), today=today)
    with pytest.raises(Conflict, match="уже записано"):
        record_transfer(db, SYSTEM, TransferInput(inn, today, 100_00, " 17 "), today=today)
    with pytest.raises(InvalidInput) as bad:
        record_transfer(db, SYSTEM, TransferInput("0000000000", date(2027, 1, 1), 0, ""),
                        today=today)
    assert {p.where for p in bad.value.problems} == {"Сумма", "Дата", "Документ", "Поставщик"}
    url = db.engine.url.render_as_string(hide_password=False)
    assert main(["registry", "transfer", "--db", url, "--supplier", inn, "--date",
                 "01.12.2026", "--amount", "12,5", "--document", "18"]) == 0
    assert "12,50" in capsys.readouterr().out
    assert main(["registry", "transfer", "--db", url, "--supplier", inn, "--date",
                 "01.12.2026", "--amount", "1,234", "--document", "19"]) == 2
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(SupplierTransfer)) == 2


@pytest.fixture
def metered(db: Database) -> TestTown:
    town = TownFactory(db).build()
    for flat in ("1", "2", "3"):
        town.account(flat=flat)
    other = town.add_building("7")
    town.account(flat="1", building_id=other)
    a, b, c, d = town.accounts
    town.meter(a, "cold_water", serial="A-CW", readings={202611: "10", 202612: "12"})
    town.meter(a, "hot_water", serial="A-HW", readings={202611: "5"})
    town.meter(b, "cold_water", serial="B-CW", readings={202612: "7"})
    town.meter(c, "cold_water", serial="C-CW", installed=date(2026, 12, 10))
    town.meter(d, "cold_water", serial="D-CW", readings={202612: "1"})
    town.meter(None, "cold_water", serial="ODPU")  # the building's meter is not a consumer's
    return town


def test_readings_coverage_counts_meters_in_service_and_lists_who_has_not_submitted(
        db: Database, metered: TestTown) -> None:
    table = readings_coverage(db, SYSTEM, ReportFilter(NOV, DEC))
    assert [tuple(r) for r in table.rows] == [
        ("ноябрь 2026", "ул. Ленина, д. 5", "Холодная вода", 2, 1, 1, "50,0"),
        ("ноябрь 2026", "ул. Ленина, д. 5", "Горячая вода", 1, 1, 0, "100,0"),
        ("ноябрь 2026", "ул. Ленина, д. 7", "Холодная вода", 1, 0, 1, "0,0"),
        ("декабрь 2026", "ул. Ленина, д. 5", "Холодная вода", 3, 2, 1, "66,7"),
        ("декабрь 2026", "ул. Ленина, д. 5", "Горячая вода", 1, 0, 1, "0,0"),
        ("декабрь 2026", "ул. Ленина, д. 7", "Холодная вода", 1, 1, 0, "100,0"),
    ]
    assert table.totals == ("Итого", "", "", 9, 5, 4, "55,6")
    missing = readings_missing(db, SYSTEM, ReportFilter(DEC, DEC))
    assert [(r[4], r[5]) for r in missing.rows] == [("Горячая вода", "A-HW"),
                                                   ("Холодная вода", "C-CW")]
    assert missing.totals is not None and missing.totals[0] == "Итого приборов: 2"
    only7 = readings_missing(db, SYSTEM, ReportFilter(NOV, NOV, building_id=metered.building_id
                                                      + 1))
    assert [r[5] for r in only7.rows] == ["D-CW"]
    hot = readings_coverage(db, SYSTEM, ReportFilter(DEC, DEC, service_code="hot_water"))
    assert [r[2] for r in hot.rows] == ["Горячая вода"]
    with pytest.raises(DomainError, match="не отбирается по поставщику"):
        readings_coverage(db, SYSTEM, ReportFilter(DEC, DEC, supplier_id=metered.supplier_id))


def test_tariffs_in_force_for_a_period_by_service_and_supplier_with_norms(
        db: Database, metered: TestTown) -> None:
    metered.price("cold_water", "47.10", date(2027, 1, 1))  # not yet in force in December
    metered.price("cold_water", "50.00", date(2026, 12, 1), building_id=metered.building_id)
    table = tariffs_in_force(db, SYSTEM, ReportFilter(DEC, DEC, service_code="cold_water"))
    got = [(r[2], r[3], r[5], r[7]) for r in table.rows]
    assert got == [("Тариф", "везде", Decimal("45.20"), "01.01.2026"),
                   ("Тариф", "дом ул. Ленина, д. 5", Decimal("50.00"), "01.12.2026"),
                   ("Норматив: индивидуальное потребление", "везде", Decimal("4.745"),
                    "01.01.2026")]
    assert {r[1] for r in table.rows} == {"АО «Водоканал»"}
    january = tariffs_in_force(db, SYSTEM, ReportFilter(Period(2027, 1), Period(2027, 1),
                                                        service_code="cold_water"))
    assert Decimal("47.10") in [r[5] for r in january.rows]
    other = tariffs_in_force(db, SYSTEM, ReportFilter(DEC, DEC, service_code="cold_water",
                                                      building_id=metered.building_id + 1))
    assert Decimal("50.00") not in [r[5] for r in other.rows]
    with pytest.raises(DomainError, match="не отбирается по компании"):
        tariffs_in_force(db, SYSTEM, ReportFilter(DEC, DEC, company_id=metered.company_id))


def test_new_reports_write_xlsx_with_typed_cells(db: Database, metered: TestTown,
                                                 tmp_path: Path) -> None:
    table = tariffs_in_force(db, SYSTEM, ReportFilter(DEC, DEC))
    ws = load_workbook(write_xlsx(table, tmp_path / "t.xlsx")).active
    assert ws is not None
    values = [ws.cell(r, 6).value for r in range(4, 4 + len(table.rows))]
    assert [Decimal(str(v)) for v in values] == [r[5] for r in table.rows]
    url = db.engine.url.render_as_string(hide_password=False)
    for name in ("readings", "readings-missing", "tariffs", "suppliers"):
        out = tmp_path / f"{name}.xlsx"
        assert main(["report", name, "--from", "2026-11", "--to", "2026-12", "--xlsx", str(out),
                     "--db", url]) == 0
        assert load_workbook(out).active is not None
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Account)) == 4


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_refuses_a_reversed_range_and_a_filter_naming_nothing(
        db: Database, town: TestTown, name: str) -> None:
    build = REPORTS[name].build
    with pytest.raises(DomainError, match="раньше начала"):
        build(db, SYSTEM, ReportFilter(DEC, NOV))
    for bad in (ReportFilter(NOV, DEC, building_id=999_999),
                ReportFilter(NOV, DEC, service_code="nothing"),
                ReportFilter(NOV, DEC, account_number="0000000001")):
        with pytest.raises((NotFound, DomainError)):
            build(db, SYSTEM, bad)
