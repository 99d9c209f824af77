"""`kvartal server init`: a new shared database — this program's schema and its first
administrator, on an empty PostgreSQL database the server's administrator has created."""

from __future__ import annotations

from dataclasses import dataclass

from app.auth.login import check_first_admin, create_first_admin
from app.db import Database
from app.errors import DatabaseProblem
from app.schema import current_revision


@dataclass(frozen=True)
class ServerInit:
    revision: str | None
    admin: str


def init_server(db: Database, login_name: str, full_name: str, password: str,
                repeat: str) -> ServerInit:
    """Only an empty database: one that has tables is somebody's data (ours is upgraded by
    `kvartal db upgrade`, a foreign one is not touched)."""
    if not db.is_empty():
        raise DatabaseProblem(
            f"База {db.location} не пуста: новую базу «Квартала» создаю только в пустой. "
            "Схему существующей базы обновляет «kvartal db upgrade»")
    check_first_admin(login_name, full_name, password, repeat)  # before anything is made
    db.upgrade()
    actor = create_first_admin(db, login_name, full_name, password, repeat)
    return ServerInit(current_revision(db.engine), actor.login)

