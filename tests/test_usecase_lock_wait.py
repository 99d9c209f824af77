"""A write that waits for a lock someone else holds gives up after the stated time
(`LOCK_WAIT_SECONDS`: SQLite's busy timeout, PostgreSQL's lock_timeout) with a Russian
message, nothing written — it never waits silently for ever."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select, text, update

from app.db import LOCK_WAIT_SECONDS, Database
from app.errors import Conflict
from app.models import Account
from app.rights import SYSTEM, Right
from app.usecase import transaction
from tests.factories import TownFactory


def test_a_writer_held_up_by_another_gives_up_in_the_stated_time(db: Database) -> None:
    acc = TownFactory(db).build().account()
    assert db.lock_wait == LOCK_WAIT_SECONDS == 30
    impatient = Database(db.engine.url.render_as_string(hide_password=False), lock_wait=1)
    holder = db.engine.connect()
    try:
        if db.dialect == "sqlite":
            holder.exec_driver_sql("BEGIN IMMEDIATE")  # the one write lock of the file
        else:
            holder.execute(text("SELECT id FROM account WHERE id = :id FOR UPDATE"),
                           {"id": acc.id})
        started = time.monotonic()
        with pytest.raises(Conflict) as refused, \
                transaction(impatient, SYSTEM, Right.ACCOUNT_NOTE) as tx:
            tx.session.execute(update(Account).where(Account.id == acc.id)
                               .values(payer_name="Петров"))
        assert time.monotonic() - started < 10
        assert "занята другой записью" in refused.value.message
        assert "за 1 с" in refused.value.message and "Ничего не записано" in refused.value.message
    finally:
        holder.rollback()
        holder.close()
        impatient.engine.dispose()
    with db.session() as s:
        assert s.scalar(select(Account.payer_name).where(Account.id == acc.id)) != "Петров"
