"""Notices and warnings printed for a list into one PDF (read back with pdftotext): numbered in
the journal, each with its debt and penalty; a cancelled print leaves neither file nor journal;
the п. 117 test refuses a warning whose debt does not exceed two monthly charges by the norm."""

from __future__ import annotations

import subprocess
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.calc.money import format_rub
from app.calc.period import Period
from app.cli import main
from app.db import Database
from app.debtors.limitation import check_limitation
from app.debtors.notice_print import print_notices
from app.debtors.notices import compose_notices, issue_notices
from app.errors import DomainError
from app.ledger.periods import open_period
from app.models import Account, DebtNotice, Operation
from app.models.enums import NoticeKind, OperationKind
from app.penalties.calculate import account_penalty
from tests.debtors.world import LAWYER, TODAY, number_of, pay
from tests.factories import TestTown

LATER = date(2027, 6, 30)  # November's debt is past its 30 days of grace: penalties accrue


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout.replace("\xa0", " ")


def _rub(kopecks: int) -> str:
    return format_rub(kopecks).replace("\xa0", " ")


def _run(steps):  # type: ignore[no-untyped-def]
    while True:
        try:
            next(steps)
        except StopIteration as end:
            return end.value


def test_notices_of_a_list_print_into_one_pdf_numbered_with_debt_and_penalty(
        db: Database, town: TestTown, tmp_path: Path) -> None:
    out = tmp_path / "notices.pdf"
    result = _run(print_notices(db, LAWYER, town.accounts, NoticeKind.DEBT_NOTICE, LATER, out))
    assert result.numbers == ["У-2027/1", "У-2027/2"]
    assert [why for _a, why in result.skipped] == ["долга на дату нет"]
    text = _text(out)
    (tmp_path.parent / "notices.txt").write_text(text)
    for aid, number in zip(town.accounts[1:], result.numbers, strict=True):
        account = number_of(db, aid)
        penalty = account_penalty(db, LAWYER, account, LATER)
        assert penalty.total > 0
        with db.session() as s:
            notice = s.execute(select(DebtNotice.penalty, DebtNotice.account_id, DebtNotice.debt)
                               .where(DebtNotice.number == number)).one()
            payer = s.get_one(Account, aid).payer_name
        assert notice.penalty == penalty.total and notice.account_id == aid
        assert f"№ {number} от 30.06.2027" in text
        assert f"лицевой счёт № {account}" in text and payer in text
        assert _rub(notice.debt) in text and _rub(penalty.total) in text
    assert "УВЕДОМЛЕНИЕ" in text and "Расчёт пеней" in text and "1/300" in text
    assert number_of(db, town.accounts[0]) not in text  # paid up: no notice
    again = _run(print_notices(db, LAWYER, town.accounts[1:2], NoticeKind.DEBT_NOTICE, LATER,
                               tmp_path / "more.pdf"))
    assert again.numbers == ["У-2027/3"]


def test_a_cancelled_print_leaves_no_file_and_no_journal(db: Database, town: TestTown,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "cancelled.pdf"
    steps = print_notices(db, LAWYER, town.accounts, NoticeKind.DEBT_NOTICE, LATER, out)
    next(steps)
    next(steps)  # the first notice drawn
    steps.close()
    assert not out.exists() and not list(tmp_path.glob("cancelled*"))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(DebtNotice)) == 0


def test_a_warning_names_its_service_with_the_threshold_and_never_heating(
        db: Database, town: TestTown, tmp_path: Path) -> None:
    out = tmp_path / "warnings.pdf"
    result = _run(print_notices(db, LAWYER, town.accounts, NoticeKind.LIMITATION_WARNING,
                                LATER, out, ["hot_water"]))
    assert result.numbers == ["П-2027/1", "П-2027/2"]
    text = " ".join(_text(out).split())
    assert "ПРЕДУПРЕЖДЕНИЕ" in text and "Горячее водоснабжение" in text
    # flat 3: 3 residents × 3.1 m³ × 210.40 ₽ = 1 956.72 ₽ a month by the norm
    assert "1 956,72" not in text and _rub(2 * 195672) in text
    assert "20 дней" in text and "п. 117, 118" in text
    assert "отоплен" not in text.lower() and "холодн" not in text.lower()


def test_a_warning_below_two_monthly_norm_charges_is_refused_in_russian(
        db: Database, town: TestTown) -> None:
    # flat 2 owes for hot water November–February: 4 × 1 304.48 ₽, over 2 × 1 304.48 ₽
    with db.session() as s:
        account = s.get_one(Account, town.accounts[1])
        check = check_limitation(s, account, "hot_water", TODAY, open_period(s))
    assert check.threshold == 2 * 130448 and check.debt == 4 * 130448 and check.allowed
    # three months of hot water paid back: the one month left does not exceed the threshold
    with db.sessions() as s, s.begin():
        s.add(Operation(kind=OperationKind.PAYMENT, op_date=date(2027, 2, 9), period=202702,
                        account_id=town.accounts[1], service_id=town.services["hot_water"],
                        amount=-3 * 130448, created_at=datetime.now(UTC)))
    with db.session() as s:
        account = s.get_one(Account, town.accounts[1])
        check = check_limitation(s, account, "hot_water", TODAY, open_period(s))
    assert not check.allowed
    with pytest.raises(DomainError, match=r"нельзя.*не превышает двух месячных размеров платы "
                                          "по нормативу 2\xa0608,96"):
        issue_notices(db, LAWYER, [town.accounts[1]], NoticeKind.LIMITATION_WARNING, TODAY,
                      ["hot_water"])
    with pytest.raises(DomainError, match="не рассчитывается по нормативу на человека"):
        issue_notices(db, LAWYER, [town.accounts[2]], NoticeKind.LIMITATION_WARNING, TODAY,
                      ["maintenance"])
    with pytest.raises(DomainError, match="не подключена"):
        issue_notices(db, LAWYER, [town.accounts[2]], NoticeKind.LIMITATION_WARNING, TODAY,
                      ["sewerage"])
    skipped = issue_notices(db, LAWYER, town.accounts[1:], NoticeKind.LIMITATION_WARNING,
                            TODAY, ["hot_water"], skip_refused=True)
    assert len(skipped) == 1  # flat 3 warned, flat 2 left out
    with db.session() as s:
        assert s.scalar(select(DebtNotice.account_id)) == town.accounts[2]


def test_the_command_prints_warnings_of_the_criteria_and_refuses_bad_input(
        db: Database, town: TestTown, tmp_path: Path, capsys: pytest.CaptureFixture[str]
        ) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "w.pdf"
    base = ["debtors", "notices", "--db", url, "--on", "2027-06-30", "--quiet"]
    assert main([*base, "--kind", "warning", "--services", "heating", "--out", str(out)]) == 2
    assert "отопление" in capsys.readouterr().err and not out.exists()
    assert main([*base, "--kind", "warning", "--services", "hot_water", "--min-debt", "15000",
                 "--out", str(out)]) == 0
    assert "Напечатано 1 (П-2027/1 — П-2027/1)" in capsys.readouterr().out
    text = _text(out)
    assert number_of(db, town.accounts[2]) in text and number_of(db, town.accounts[1]) not in text


def test_two_prints_at_once_take_numbers_one_after_the_other(db: Database, town: TestTown,
                                                            tmp_path: Path) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one transaction write at a time: the second cannot start")
    first = print_notices(db, LAWYER, town.accounts[1:2], NoticeKind.DEBT_NOTICE, LATER,
                          tmp_path / "a.pdf")
    next(first)
    next(first)  # numbered and drawing: its transaction is still open
    second: dict[str, object] = {}
    worker = threading.Thread(target=lambda: second.setdefault("result", _run(print_notices(
        db, LAWYER, town.accounts[2:3], NoticeKind.DEBT_NOTICE, LATER, tmp_path / "b.pdf"))))
    worker.start()
    worker.join(1.5)
    assert worker.is_alive()  # waiting for the first to commit its numbers
    assert _run(first).numbers == ["У-2027/1"]
    worker.join(60)
    assert second["result"].numbers == ["У-2027/2"]  # type: ignore[attr-defined]


def test_the_month_table_sums_to_the_debt_and_the_penalty_when_a_payment_named_a_month(
        db: Database, town: TestTown) -> None:
    # flat 2 pays one month in February's document: the balance is read as the newest three
    # months unpaid, while the penalty keeps running on November, named by no payment
    with db.session() as s:
        month = int(s.scalar(select(func.sum(Operation.amount)).where(
            Operation.account_id == town.accounts[1], Operation.period == 202611)) or 0)
    pay(db, town.accounts[1], month, date(2027, 2, 9), 202702)
    with db.session() as s:
        batch = compose_notices(s, LAWYER, [town.accounts[1]], NoticeKind.DEBT_NOTICE, LATER)
    (content,) = batch.contents
    assert sum(m.debt for m in content.months) == content.debt.debt
    assert sum(m.penalty for m in content.months) == content.penalty_total > 0
    november = content.months[0]
    assert november.period == Period(2026, 11) and november.debt == 0 < november.penalty
