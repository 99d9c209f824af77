"""Upgrading a database's schema to this program's version, safely: never while other
workstations are connected (PostgreSQL names them: each connection carries its workstation's
name), and only after a backup of the database as it was."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from app.admin.backup import backup
from app.db import Database, check_connection
from app.errors import DatabaseProblem, DomainError
from app.rights import SYSTEM, Actor, Right
from app.schema import check_ours, current_revision, head_revision


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str | None
    backup: Path | None  # None: nothing to upgrade, so no copy was made


def other_connections(db: Database) -> list[str]:
    """The other sessions on this PostgreSQL database, as «workstation (user, address)»."""
    if db.dialect != "postgresql":
        return []
    with db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT coalesce(nullif(application_name, ''), 'неизвестная программа'), "
            "coalesce(usename, '?'), coalesce(host(client_addr), 'локально') "
            "FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")).all()
    return [f"{app} ({user}, {addr})" for app, user, addr in rows]


def upgrade_with_backup(db: Database, actor: Actor, backup_dir: Path) -> UpgradeResult:
    actor.require(Right.ADMIN)
    check_ours(db.engine)
    before, after = current_revision(db.engine), head_revision(db.engine)
    if before == after:
        return UpgradeResult(before, after, None)
    others = other_connections(db)
    if others:
        raise DomainError("Схему нельзя обновлять, пока подключены другие рабочие места: "
                          + "; ".join(others[:10]) + ". Закройте на них программу и повторите")
    copy = None
    if before is not None:
        try:
            backup_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DomainError(f"Папку для копии {backup_dir} не создать: {exc.strerror}") \
                from None
        copy = backup(db, actor, backup_dir)
    db.upgrade()
    return UpgradeResult(before, current_revision(db.engine), copy.path if copy else None)


def prepare_schema(db: Database, backup_dir: Path) -> None:
    """What opening a database does to its schema, from a workstation or a command: an empty
    database gets this program's schema; an older local file is copied, then upgraded; an older
    shared server is refused — its upgrade is the administrator's `kvartal db upgrade`, run
    when no workstation is connected, not the side effect of whoever starts first."""
    from app.admin.connection import MESSAGES, Verdict

    check_connection(db.engine)
    check_ours(db.engine)
    before, after = current_revision(db.engine), head_revision(db.engine)
    if before == after:
        return
    if before is None:
        db.upgrade()
        return
    if db.dialect == "postgresql":
        raise DatabaseProblem(MESSAGES[Verdict.OLDER].format(
            where=db.location, detail=f"{before} при нужной {after}"))
    upgrade_with_backup(db, SYSTEM, backup_dir)
