"""Issue #18's «done when», end to end: the printed ЕПД of a billed account (`kvartal print
epd`) rasterised by pdftoppm, both codes decoded by zbarimg, then paid by `kvartal pay --scan`
and at the desk (the scan typed at full speed into the real widget), under the Latin and the
Russian keyboard layout, on SQLite and PostgreSQL. Every payment is split exactly, receipted
in the cashier's shift, counted in the Z-report and in the supplier (owed) report."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.calc.period import Period
from app.cashdesk.codes import to_russian_layout
from app.cashdesk.registries import supplier_owed
from app.cashdesk.shifts import DENOMINATIONS, close_shift, current_shift, open_shift
from app.cli import main
from app.db import Database
from app.models import Operation, Organization, Payment
from app.rights import SYSTEM
from app.ui.context import Context
from app.ui.workspaces.cashdesk.page import DeskPage
from tests.cashdesk.conftest import make_desk_town
from tests.print.reading import codes_on, page_png

NOV = Period(2026, 11)
LAYOUTS = {"latin": lambda s: s, "russian": to_russian_layout}


def url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def wedge(widget: object, text: str) -> None:
    """A keyboard-wedge scanner: every key of the payload and Enter queued at once, faster
    than the screen updates (nothing is processed between them), then delivered."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.postEvent(widget, QKeyEvent(kind, ord(ch.upper()),
                                                     Qt.KeyboardModifier.NoModifier, ch))
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.postEvent(widget, QKeyEvent(kind, Qt.Key.Key_Return,
                                                 Qt.KeyboardModifier.NoModifier, "\r"))
    QApplication.processEvents()


def coins(amount: int) -> dict[int, int]:
    """`amount` kopecks as the fewest banknotes and coins (the drawer counted right)."""
    out: dict[int, int] = {}
    for d in DENOMINATIONS:
        out[d], amount = divmod(amount, d)
    return {d: n for d, n in out.items() if n}


def test_printed_epd_codes_are_paid_by_command_and_desk_in_both_layouts(
        qtbot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KVARTAL_FISCAL_JOURNAL", str(tmp_path / "journal.jsonl"))
    monkeypatch.setenv("KVARTAL_RECEIPTS", str(tmp_path / "receipts"))
    town = make_desk_town(db)
    pdf = tmp_path / "epd.pdf"
    assert main(["print", "epd", "--period", "2026-11", "--account", town.number,
                 "--out", str(pdf), "--quiet", "--db", url(db)]) == 0
    capsys.readouterr()
    codes = codes_on(page_png(pdf))  # pdftoppm, then zbarimg for each symbology
    assert len(codes["QR-Code"]) == 1 and len(codes["CODE-128"]) == 1
    scans = {"qr": codes["QR-Code"][0], "code128": codes["CODE-128"][0]}
    shift = open_shift(db, town.cashier, "Касса 1", opening_cash=500_00)

    posted: list[dict] = []  # payment id, amount, receipt, how it came
    for layout, typed in LAYOUTS.items():
        for kind, payload in scans.items():
            assert main(["pay", "--scan", typed(payload), "--cashier", "kassa",
                         "--key", f"cli:{layout}:{kind}", "--db", url(db)]) == 0
            out = json.loads(capsys.readouterr().out)
            assert out["account"] == town.number and out["receipt"] is not None
            assert Path(out["receipt_file"]).read_bytes().startswith(b"%PDF")
            posted.append({"id": out["payment_id"], "amount": out["amount"],
                           "receipt": out["receipt"], "via": f"cli/{layout}/{kind}"})

    page = DeskPage(Context(db=db, actor=town.cashier))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    for layout, typed in LAYOUTS.items():
        for kind, payload in scans.items():
            wedge(page.table, typed(payload))  # the scan lands whatever has the focus
            assert page.doc is not None, page.message.text()
            assert page.doc.account == town.number and page.doc.period == NOV
            wedge(page.amount_edit, "")  # Enter alone: accept the amount due and post
            qtbot.waitUntil(lambda: page.doc is None)
            paid = page.posted[-1].posted
            assert paid.receipt_number and not page.waiting
            posted.append({"id": paid.payment_id, "amount": paid.amount,
                           "receipt": paid.receipt_number, "via": f"desk/{layout}/{kind}"})

    with db.session() as s:
        due = s.scalar(select(Payment.amount).where(Payment.id == posted[0]["id"]))
        splits = Counter({pid: 0 for pid in (p["id"] for p in posted)})
        for pid, amount in s.execute(select(Operation.payment_id, Operation.amount)
                                     .where(Operation.payment_id.in_(list(splits)))):
            splits[pid] += -amount
        supplier = s.scalar(select(Organization.short_name)
                            .where(Organization.inn == "7701000002"))
    # each of the eight: the document's amount, split exactly, its own receipt number
    assert len(posted) == 8 and {p["amount"] for p in posted} == {due}
    assert all(splits[p["id"]] == p["amount"] for p in posted)
    assert sorted(p["receipt"] for p in posted) == list(range(1, 9))
    assert len(set(splits)) == 8

    view = current_shift(db, town.cashier)
    assert view is not None and view.payments == 8 and view.cash_total == 8 * due
    z = close_shift(db, town.cashier, shift.shift_id, coins(500_00 + 8 * due))
    assert z.receipts == 8 and z.cash == 8 * due and z.difference == 0
    assert sum(a for _, a in z.by_supplier) == 8 * due
    assert sum(a for _, a in z.by_service) == 8 * due
    owed = supplier_owed(db, SYSTEM, date.today(), date.today())
    by_supplier = {row.supplier: row.collected for row in owed}
    assert by_supplier == dict(z.by_supplier) and supplier in by_supplier
    journal = (tmp_path / "journal.jsonl").read_text("utf-8").splitlines()
    assert len(journal) == 8  # every receipt reached the register's journal
    assert len(list((tmp_path / "receipts").glob("*.pdf"))) == 8


@pytest.mark.slow
def test_a_bank_registry_of_the_demo_town_is_previewed_posted_and_refused_the_second_time(
        db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The bank gets the demo town's accruals registry (`kvartal registry export`), its payers
    pay, and the bank's payment registry comes back: checked first, posted once."""
    from app.billing.history import calculate_history
    from app.demo import generate

    for _ in generate(db, accounts=30, seed=7, history_calculator=calculate_history):
        pass
    accruals = tmp_path / "accruals.txt"
    assert main(["registry", "export", "--period", "2026-09", "--bank", "sber", "--out",
                 str(accruals), "--db", url(db)]) == 0
    owed = [line.split(";") for line in accruals.read_bytes().decode("cp1251").splitlines()
            if line and not line.startswith("=")]
    assert len(owed) >= 10
    paid = owed[:10]
    lines = [f"05-10-2026;10-{i:02d}-00;7003;DEMO{i};{number};{payer};{address};{period};"
             f"{amount.replace(',', '.')};"
             for i, (number, payer, address, period, amount) in enumerate(paid)]
    total = sum(int(a.replace(",", "")) for *_, a in paid)
    registry = tmp_path / "sber-payments.txt"
    registry.write_bytes(("\r\n".join([*lines, f"={len(lines)};{total // 100}.{total % 100:02d}"])
                          + "\r\n").encode("cp1251"))
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(Payment))

    assert main(["registry", "import", str(registry), "--bank", "sber", "--preview",
                 "--db", url(db)]) == 0
    preview = capsys.readouterr().out.replace("\xa0", " ")
    assert "Будет проведено: 10" in preview and "Отклонено строк: 0" in preview
    assert "ничего не проведено" in preview
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == before
    assert main(["registry", "import", str(registry), "--bank", "sber", "--db", url(db)]) == 0
    assert "Проведено платежей: 10" in capsys.readouterr().out
    assert main(["registry", "import", str(registry), "--bank", "sber", "--db", url(db)]) == 2
    assert "уже загружен" in capsys.readouterr().err
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == before + 10
        assert -s.scalar(select(func.sum(Operation.amount)).join(
            Payment, Payment.id == Operation.payment_id)
            .where(Payment.idempotency_key.like("reg:sber:DEMO%"))) == total
