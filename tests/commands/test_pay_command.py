"""`kvartal pay --scan`: the codes of a billed account, drawn and read back by zbarimg, paid
from the command line under either keyboard layout; JSON out, once per key, errors exit 2."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import segno
from barcode import Code128
from barcode.writer import ImageWriter
from sqlalchemy import func, select

from app.calc.period import Period
from app.cashdesk.codes import compose_desk_code, compose_gost_qr, qr_bytes, to_russian_layout
from app.cashdesk.debts import account_debts
from app.cli import main
from app.db import Database
from app.models import Payment
from tests.cashdesk.conftest import DeskTown, make_desk_town

NOV = Period(2026, 11)


@pytest.fixture
def desk(db: Database) -> DeskTown:
    return make_desk_town(db)


def url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def zbar(png: Path) -> str:
    return subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True,
                          check=True).stdout.decode("utf-8").strip()


def nov_due(db: Database, account_id: int) -> int:
    with db.session() as s:
        return sum(d.amount for d in account_debts(s, account_id).of_period(NOV))


def pay(db: Database, capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["pay", *args, "--db", url(db)]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_desk_code_read_by_zbar_is_paid_split_and_once(
        db: Database, desk: DeskTown, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    due = nov_due(db, desk.account_id)
    code = compose_desk_code(desk.number, NOV, due)
    png = Path(Code128(code, writer=ImageWriter()).save(str(tmp_path / "c128")))
    scanned = zbar(png)
    assert scanned == code
    out = pay(db, capsys, "--scan", scanned, "--cashier", "kassa")
    assert out["account"] == desk.number and out["amount"] == due
    assert sum(p["amount"] for p in out["split"]) == due
    assert {p["period"] for p in out["split"]} == {NOV.code}
    assert {p["supplier"] for p in out["split"]} == {"7701000002"}
    assert {p["service"] for p in out["split"]} == {"maintenance", "cold_water", "waste"}
    again = pay(db, capsys, "--scan", scanned, "--cashier", "kassa")
    assert again["payment_id"] == out["payment_id"] and again["already_posted"]
    assert nov_due(db, desk.account_id) == 0


def test_a_gost_qr_typed_under_the_russian_layout_is_paid(
        db: Database, desk: DeskTown, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = compose_gost_qr({
        "Name": "ООО «УК Тестовая»", "PersonalAcc": "40702810938000000001",
        "BankName": "ПАО Сбербанк", "BIC": "044525225", "CorrespAcc": "30101810400000000225",
        "PersAcc": desk.number, "PaymPeriod": "112026", "Sum": "50000"})
    png = tmp_path / "qr.png"
    segno.make(qr_bytes(payload), mode="byte", error="m").save(png, scale=4)
    assert zbar(png) == payload
    wedge = to_russian_layout(payload)  # what a scanner types with the РУС layout on
    assert wedge != payload
    out = pay(db, capsys, "--scan", wedge, "--amount", "300,00", "--card")
    assert out["amount"] == 300_00
    assert {p["period"] for p in out["split"]} == {NOV.code}


@pytest.mark.parametrize(("args", "message"), [
    (["--scan", "0000000000"], "не найден|контрольн"),
    (["--scan", "ЫЕ00012ээ"], "QR|код"),
    (["--amount", "0"], "больше нуля"),
    (["--amount", "10,005"], "двух знаков"),
])
def test_bad_input_exits_2_with_a_russian_message_and_posts_nothing(
        db: Database, desk: DeskTown, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    full = args if "--scan" in args else ["--scan", desk.number, *args]
    assert main(["pay", *full, "--db", url(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Ошибка:") and re.search(message, err), err
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 0
