"""The audit log is append-only in the database, not only by convention (issue #23)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError

from app.db import Database
from app.models import AuditEntry
from app.models.base import utcnow
from app.rights import Actor, Role
from app.usecase import transaction

VIEWER = Actor(user_id=None, login="prosmotr", full_name="Просмотр",
               roles=frozenset({Role.VIEWER.value}))


def _one_entry(db: Database) -> int:
    with transaction(db, VIEWER) as tx:
        tx.audit("probe", "account", 1, after={"note": "исходная"})
    with db.sessions() as s:
        return s.scalars(select(AuditEntry.id)).one()


@pytest.mark.parametrize("statement", ["update", "delete"])
def test_audit_rows_cannot_be_changed_or_deleted(db: Database, statement: str) -> None:
    entry = _one_entry(db)
    change = (update(AuditEntry).where(AuditEntry.id == entry).values(action="forged")
              if statement == "update" else delete(AuditEntry).where(AuditEntry.id == entry))
    with pytest.raises(DBAPIError, match="Журнал аудита не изменяется"), \
            transaction(db, VIEWER) as tx:
        tx.session.execute(change)
    with db.sessions() as s:
        row = s.get(AuditEntry, entry)
        assert row is not None and row.action == "probe"
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_audit_rows_are_still_added(db: Database) -> None:
    _one_entry(db)
    with transaction(db, VIEWER) as tx:
        tx.session.add(AuditEntry(at=utcnow(), user_id=None, action="second", entity="account"))
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 2
