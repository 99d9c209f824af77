"""`kvartal refund`: a payment of a closed shift returned from the cashier's open shift — the
split reversed, a «возврат прихода» receipt, the refund audited with its reason, once; a
payment of a shift still open, a cashier without the right or without a shift: exit 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.calc.period import Period
from app.cashdesk.posting import PaymentRequest
from app.cashdesk.shifts import close_shift, open_shift, take_payment, x_report
from app.cli import main
from app.db import Database
from app.models import AuditEntry, Operation, Payment
from app.rights import Actor, Role
from tests.cashdesk.conftest import DeskTown, make_desk_town
from tests.factories import make_user

NOV = Period(2026, 11)


def url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def owed(db: Database, account_id: int) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.sum(Operation.amount))
                            .where(Operation.account_id == account_id)) or 0)


def refund(db: Database, *args: str) -> int:
    return main(["refund", *args, "--db", url(db)])


def test_a_payment_of_a_closed_shift_is_refunded_once_with_its_reason(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KVARTAL_FISCAL_JOURNAL", str(tmp_path / "journal.jsonl"))
    monkeypatch.setenv("KVARTAL_RECEIPTS", str(tmp_path / "receipts"))
    desk: DeskTown = make_desk_town(db)
    k = desk.cashier
    uid = make_user(db, "starshiy", [Role.ADMIN.value])
    boss = Actor(uid, "starshiy", "Старший кассир", frozenset({Role.ADMIN.value}))
    before = owed(db, desk.account_id)
    first = open_shift(db, k, "Касса 1", opening_cash=1000_00)
    paid = take_payment(db, k, first.shift_id, PaymentRequest(
        key="p1", account=desk.number, amount=300_00, period=NOV)).posted
    pid = str(paid.payment_id)

    own = open_shift(db, boss, "Касса 2", opening_cash=1000_00)
    assert refund(db, "--payment", pid, "--reason", "Ошибся", "--cashier", "starshiy") == 2
    assert "ещё открыта" in capsys.readouterr().err  # inside its shift: cancelled, not refunded
    close_shift(db, k, first.shift_id, {100000: 1, 20000: 1, 10000: 1})

    assert refund(db, "--payment", pid, "--reason", "Заявление №7", "--cashier", "kassa") == 2
    assert re.search("прав|нет открытой смены", capsys.readouterr().err)
    assert refund(db, "--payment", pid, "--reason", " ", "--cashier", "starshiy") == 2
    assert "причину" in capsys.readouterr().err
    assert owed(db, desk.account_id) == before - 300_00

    assert refund(db, "--payment", pid, "--reason", "Заявление №7", "--cashier",
                  "starshiy") == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["refund_of"], out["amount"], out["receipt"]) == (paid.payment_id, 300_00, 1)
    assert Path(out["receipt_file"]).read_bytes().startswith(b"%PDF")
    assert owed(db, desk.account_id) == before  # the split reversed exactly
    x = x_report(db, boss, own.shift_id)
    assert (x.cash, x.refunds, x.expected_cash) == (-300_00, 1, 700_00)
    with db.session() as s:
        audit = s.scalars(select(AuditEntry.after)
                          .where(AuditEntry.action == "payment.refund")).all()
        refunds = s.scalar(select(func.count()).select_from(Payment)
                           .where(Payment.refund_of_id == paid.payment_id))
    assert len(audit) == 1 and audit[0]["reason"] == "Заявление №7"
    assert refunds == 1

    assert refund(db, "--payment", pid, "--reason", "Ещё раз", "--cashier", "starshiy") == 2
    err = capsys.readouterr().err
    assert err.startswith("Ошибка:") and "уже оформлен" in err and "Traceback" not in err
    assert owed(db, desk.account_id) == before
