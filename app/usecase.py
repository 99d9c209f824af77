"""The one door for writes: rights check, transaction and audit trail together.

    with transaction(db, actor, Right.ACCOUNT_NOTE) as tx:
        tx.session.add(note)
        tx.audit("note.add", "account", account.id, after={...})

Either everything (change and audit rows) commits, or nothing does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.db import Database, is_lock_wait, read_only_problem
from app.errors import STALE, AccessDenied, Conflict, DatabaseProblem, InvalidInput, Problem
from app.models import AuditEntry
from app.models.base import utcnow
from app.models.checks import violated_check
from app.rights import Actor, Right


def jsonable(value: Any) -> Any:
    """Audit, basis and card values as JSON: exact decimals and dates as strings, dataclasses
    as objects."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


@dataclass
class Tx:
    session: Session
    actor: Actor
    now: datetime = field(default_factory=utcnow)

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: object = None,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.session.add(
            AuditEntry(
                at=self.now,
                user_id=self.actor.user_id,
                action=action,
                entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                before=jsonable(before) if before is not None else None,
                after=jsonable(after) if after is not None else None,
            )
        )


@contextmanager
def transaction(db: Database, actor: Actor, right: Right | None = None) -> Iterator[Tx]:
    """Check the right, open a transaction, commit on success, roll everything back on error."""
    if right is not None:
        actor.require(right)
    session = db.sessions()
    try:
        yield Tx(session=session, actor=actor)
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict(STALE) from None
    except IntegrityError as exc:
        session.rollback()
        reason = violated_check(exc)
        if reason is None:
            raise
        raise InvalidInput([Problem("", reason)],
                           "База данных не приняла запись, ничего не записано") from None
    except ProgrammingError as exc:
        session.rollback()
        # a privilege the role lacks (not the audit log's own trigger, which says why itself)
        if getattr(exc.orig, "sqlstate", None) != "42501" \
                or not str(exc.orig).startswith("permission denied"):
            raise
        raise AccessDenied(
            "База данных не разрешает эту запись роли рабочего места (пользователи, роли и "
            "права меняются только через подключение владельца базы — см. «kvartal db "
            "roles»); ничего не записано") from None
    except OperationalError as exc:
        session.rollback()
        if is_lock_wait(exc):
            raise Conflict(
                f"База данных занята другой записью (расчёт начислений, закрытие периода или "
                f"загрузка — на этом или другом рабочем месте): за {db.lock_wait:g} с она не "
                "освободилась. Ничего не записано; повторите, когда та запись закончится"
            ) from None
        raise read_only_problem(exc) or DatabaseProblem(
            f"Ошибка базы данных, ничего не записано: {exc.orig}") from None
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
