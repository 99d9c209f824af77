"""Several cashier processes paying one account (PostgreSQL row lock, SQLite write lock):
nothing lost, nothing doubled; a connection lost mid-posting leaves nothing and the same key
can be retried."""

from __future__ import annotations

import multiprocessing as mp

import pytest
from sqlalchemy import func, select, text

from app.cashdesk import posting
from app.cashdesk.posting import PaymentRequest, PostingInterrupted, post_payment
from app.db import Database
from app.models import Operation, Payment
from tests.cashdesk.conftest import DeskTown

WORKERS, EACH = 4, 12


def _cashier(url: str, number: str, actor_args: tuple, worker: int) -> list[int]:
    from app.rights import Actor

    db = Database(url)
    actor = Actor(*actor_args)
    ids = []
    for i in range(EACH):
        # every key twice: once by this worker, once by its neighbour (a double scan elsewhere)
        for key in (f"w{worker}-{i}", f"w{(worker + 1) % WORKERS}-{i}"):
            ids.append(post_payment(db, actor, PaymentRequest(
                key=key, account=number, amount=10_00 + i)).payment_id)
    db.engine.dispose()
    return ids


def test_cashier_processes_on_one_account_never_lose_or_double(db: Database, desk: DeskTown
                                                               ) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    a = desk.cashier
    args = (a.user_id, a.login, a.full_name, a.roles)
    with mp.get_context("spawn").Pool(WORKERS) as pool:
        results = pool.starmap(_cashier, [(url, desk.number, args, w) for w in range(WORKERS)])
    expected = WORKERS * sum(10_00 + i for i in range(EACH))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == WORKERS * EACH
        assert s.scalar(select(func.sum(Payment.amount))) == expected
        assert -int(s.scalar(select(func.sum(Operation.amount))
                             .where(Operation.kind == "payment")) or 0) == expected
        # every payment's operations sum to the payment exactly
        bad = s.execute(
            select(Payment.id).join(Operation, Operation.payment_id == Payment.id)
            .group_by(Payment.id, Payment.amount)
            .having(func.sum(Operation.amount) != -Payment.amount)).all()
        assert bad == []
    assert len({i for ids in results for i in ids}) == WORKERS * EACH


def test_a_lost_connection_posts_nothing_and_the_key_can_be_retried(
        db: Database, desk: DeskTown, monkeypatch: pytest.MonkeyPatch) -> None:
    if db.dialect != "postgresql":
        pytest.skip("a server connection to lose: the PostgreSQL case")
    real = posting.account_debts
    killer = Database(db.engine.url.render_as_string(hide_password=False))

    def cut_then_read(s, account_id):  # type: ignore[no-untyped-def]
        pid = s.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with killer.engine.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        return real(s, account_id)

    monkeypatch.setattr(posting, "account_debts", cut_then_read)
    req = PaymentRequest(key="lost-1", account=desk.number, amount=777_00)
    with pytest.raises(PostingInterrupted, match=r"не проведён.*тем же ключом"):
        post_payment(db, desk.cashier, req)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 0
    monkeypatch.setattr(posting, "account_debts", real)
    posted = post_payment(db, desk.cashier, req)
    assert not posted.already_posted and posted.amount == 777_00
    assert post_payment(db, desk.cashier, req).payment_id == posted.payment_id
    killer.engine.dispose()
