"""Bank registries: preview with control totals and rejected lines, posting with the split,
readings in lines posted through the meters, a repeat posts nothing, bad files refused whole;
the accruals registry exported; what is owed to suppliers less the bank's commission."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.calc.period import Period
from app.cashdesk.registries import (
    import_registry,
    preview_registry,
    supplier_owed,
)
from app.cli import main
from app.db import Database
from app.errors import DomainError, InvalidInput
from app.models import Operation, Organization, Payment, Reading
from app.models.enums import OrgKind
from app.rights import SYSTEM
from tests.cashdesk.conftest import DeskTown

DEC = Period(2026, 12)


@pytest.fixture
def banked(db: Database, desk: DeskTown) -> DeskTown:
    with db.sessions() as s, s.begin():
        s.add(Organization(kind=OrgKind.BANK, name="ПАО Сбербанк", short_name="Сбербанк",
                           inn="7707083893"))
    desk.town.meter(desk.account_id, "cold_water", serial="СВ-77", readings={202611: "100"})
    return desk


def sber_file(path: Path, desk: DeskTown, *, total: str | None = None,
              bad_lines: bool = True) -> Path:
    lines = [
        f"05-12-2026;10-15-00;7003;OP1;{desk.number};Иванов И.П.;ул. Ленина 5-1;112026;"
        f"1000.50;СВ-77:104.5",
        f"06-12-2026;11-00-00;7003;OP2;{desk.other_number};Петров;ул. Ленина 5-2;;250,00;",
    ]
    if bad_lines:
        lines += ["06-12-2026;11-05-00;7003;OP3;0000000001;Нет такого;;112026;10.00;",
                  f"07-12-2026;09-00-00;7003;OP4;{desk.number};Иванов И.П.;;112026;10.005;"]
    footer = f"={len(lines)};{total or ('1270.50' if bad_lines else '1250.50')}"
    path.write_bytes(("\r\n".join([*lines, footer]) + "\r\n").encode("cp1251"))
    return path


def test_preview_then_import_then_refuse_the_repeat(db: Database, banked: DeskTown,
                                                    tmp_path: Path) -> None:
    path = sber_file(tmp_path / "sber.txt", banked)
    preview = preview_registry(db, SYSTEM, path, "sber")
    assert preview.can_post and preview.file_problems == []
    assert (preview.declared_lines, preview.declared_total) == (4, 1270_50)
    assert [line.op for line in preview.lines] == ["OP1", "OP2"]
    assert preview.total == 1250_50 and preview.readings == 1
    reasons = [str(p) for p in preview.rejected]
    assert any("строка 3" in r and "0000000001" in r for r in reasons)
    assert any("строка 4" in r and "двух знаков" in r for r in reasons)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 0  # a preview writes none

    result = import_registry(db, SYSTEM, path, "sber", today=date(2026, 12, 8))
    assert (result.posted, result.total) == (2, 1250_50)
    assert "принято 1" in result.readings_summary
    with db.session() as s:
        pays = s.execute(select(Payment.idempotency_key, Payment.amount, Payment.period)
                         .order_by(Payment.id)).all()
        assert pays == [("reg:sber:OP1", 1000_50, 202611), ("reg:sber:OP2", 250_00, None)]
        assert -int(s.scalar(select(func.sum(Operation.amount))
                             .where(Operation.kind == "payment")) or 0) == 1250_50
        assert s.scalars(select(Reading.value).where(Reading.period == DEC.code)).all() \
            == [Decimal("104.5")]

    with pytest.raises(DomainError, match="уже загружен"):
        import_registry(db, SYSTEM, path, "sber")
    again = preview_registry(db, SYSTEM, path, "sber")
    assert again.already_imported and not again.can_post
    # the same operations in another file: each line refused as already posted
    other = sber_file(tmp_path / "sber2.txt", banked)
    other.write_bytes(other.read_bytes() + b"\r\n")  # another file: another digest
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(Payment))
    with pytest.raises(DomainError, match="нет строк"):
        import_registry(db, SYSTEM, other, "sber")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == before


@pytest.mark.parametrize(("total", "encoding", "message"), [
    ("9999.00", "cp1251", "Сумма в итоговой строке"),
    (None, "utf-8", "не в кодировке cp1251"),
])
def test_a_wrong_footer_or_encoding_refuses_the_whole_file(
        db: Database, banked: DeskTown, tmp_path: Path, total: str | None, encoding: str,
        message: str) -> None:
    path = sber_file(tmp_path / "bad.txt", banked, total=total, bad_lines=False)
    if encoding != "cp1251":
        path.write_bytes(path.read_bytes().decode("cp1251").replace("Иванов", "Иванов ✓")
                         .encode("utf-8"))
    preview = preview_registry(db, SYSTEM, path, "sber")
    assert not preview.can_post and any(message in p.message for p in preview.file_problems)
    with pytest.raises(InvalidInput, match=message):
        import_registry(db, SYSTEM, path, "sber")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 0


def test_the_command_line_previews_imports_exports_and_reports(
        db: Database, banked: DeskTown, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    path = sber_file(tmp_path / "sber.txt", banked)
    assert main(["registry", "import", str(path), "--bank", "sber", "--preview",
                 "--db", url]) == 0
    assert "ничего не проведено" in capsys.readouterr().out
    assert main(["registry", "import", str(path), "--bank", "sber", "--db", url]) == 0
    assert "Проведено платежей: 2" in capsys.readouterr().out
    assert main(["registry", "import", str(path), "--bank", "sber", "--db", url]) == 2
    assert "уже загружен" in capsys.readouterr().err

    rows = supplier_owed(db, SYSTEM, date(2026, 12, 1), date(2026, 12, 31))
    assert sum(r.collected for r in rows) == 1250_50
    assert sum(r.commission for r in rows) == pytest.approx(1250_50 * 0.012, abs=2)
    assert all(r.owed == r.collected - r.commission for r in rows)

    out = tmp_path / "accruals.txt"
    assert main(["registry", "export", "--period", "2026-12", "--bank", "sber", "--out",
                 str(out), "--db", url]) == 0
    text = out.read_bytes().decode("cp1251").splitlines()
    assert text[-1].startswith("=") and int(text[-1][1:].split(";")[0]) == len(text) - 1
    assert any(line.startswith(banked.number) for line in text)


def test_an_advance_on_an_uncharged_account_goes_to_a_service_connected_that_day(
        db: Database, banked: DeskTown, tmp_path: Path) -> None:
    """Maintenance comes first in order but is connected only from January: a December
    advance, from a bank or at the desk, lands on cold water, connected since 2020."""
    from app.cashdesk.posting import PaymentRequest, post_payment
    from app.models import AccountService

    town = banked.town
    new = town.account(flat="9", services=("cold_water",))  # never charged
    with db.sessions() as s, s.begin():
        s.add(AccountService(account_id=new.id, service_id=town.services["maintenance"],
                             supplier_id=town.supplier_id, date_from=date(2027, 1, 1)))
    path = tmp_path / "sber.txt"
    path.write_bytes((f"05-12-2026;10-15-00;7003;OP9;{new.number};Новый;;;300.00;\r\n"
                      "=1;300.00\r\n").encode("cp1251"))
    import_registry(db, SYSTEM, path, "sber", today=date(2026, 12, 8))
    post_payment(db, SYSTEM, PaymentRequest(key="desk-advance", account=new.number,
                                            amount=200_00, paid_on=date(2026, 12, 9)))
    with db.session() as s:
        landed = s.execute(select(Operation.service_id, func.sum(Operation.amount))
                           .where(Operation.account_id == new.id)
                           .group_by(Operation.service_id)).all()
    assert landed == [(town.services["cold_water"], -500_00)]
