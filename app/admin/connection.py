"""Where a workstation's database is: this computer, or a shared server — and a test of a
server's address before it is saved, with one clear reason for each way it can fail.

The choice is remembered per user without the password: the password is asked when the server
wants one (or taken from PGPASSWORD / ~/.pgpass, which libpq reads itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import URL, inspect, select
from sqlalchemy.exc import OperationalError

from app.db import APP_ID, Database, default_db_url


class Place(StrEnum):
    LOCAL = "local"
    SERVER = "server"


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int = 5432
    database: str = "kvartal"
    user: str = "kvartal"

    def url(self, password: str = "") -> str:
        return URL.create("postgresql+psycopg", username=self.user, password=password or None,
                          host=self.host, port=self.port,
                          database=self.database).render_as_string(hide_password=False)

    def label(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


@dataclass(frozen=True)
class Choice:
    place: Place
    server: ServerAddress | None = None

    def url(self, password: str = "") -> str:
        if self.place is Place.LOCAL or self.server is None:
            return default_db_url()
        return self.server.url(password)


class Verdict(StrEnum):
    READY = "ready"  # ours, this program's schema
    EMPTY = "empty"  # no tables: `kvartal server init` (or this workstation) creates the schema
    NO_ROUTE = "no_route"
    NEEDS_PASSWORD = "needs_password"
    WRONG_PASSWORD = "wrong_password"
    NO_DATABASE = "no_database"
    NOT_OURS = "not_ours"
    OLDER = "older"
    NEWER = "newer"
    OTHER = "other"


# what the operator reads for each verdict; {where} is the server, {detail} the driver's words
MESSAGES = {
    Verdict.READY: "Подключение проверено: база «Квартала» {where}, схема {detail}",
    Verdict.EMPTY: "Подключение проверено: база {where} пуста. Администратор создаёт в ней "
                   "схему и первого пользователя командой «kvartal server init --db …»",
    Verdict.NO_ROUTE: "Сервер {where} не отвечает: проверьте адрес, порт и сеть "
                      "(и что PostgreSQL принимает подключения с этого компьютера). {detail}",
    Verdict.NEEDS_PASSWORD: "Сервер {where} требует пароль пользователя",
    Verdict.WRONG_PASSWORD: "Сервер {where} не принял пользователя или пароль",
    Verdict.NO_DATABASE: "На сервере нет базы данных «{detail}»: проверьте имя базы или "
                         "попросите администратора создать её",
    Verdict.NOT_OURS: "База {where} не является базой «Квартала» — работать с ней не буду",
    Verdict.OLDER: "Схема базы {where} старее этой программы ({detail}). Администратор "
                   "обновляет её командой «kvartal db upgrade», когда все рабочие места закрыты",
    Verdict.NEWER: "База {where} обновлена более новой версией «Квартала» (схема {detail}). "
                   "Обновите программу на этом компьютере",
    Verdict.OTHER: "Не удалось подключиться к {where}: {detail}",
}


@dataclass(frozen=True)
class Probe:
    verdict: Verdict
    message: str

    @property
    def usable(self) -> bool:
        """The workstation may open it (an empty base gets its schema on the first start)."""
        return self.verdict in (Verdict.READY, Verdict.EMPTY)


def classify_connect_error(exc: BaseException) -> Verdict:
    """A failed connection's reason, from libpq's SQLSTATE where the server sent one."""
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None)
    text = str(orig).lower()
    if state == "28P01" or "password authentication failed" in text:
        return Verdict.WRONG_PASSWORD
    if state == "28000" or ("role" in text and "does not exist" in text):
        return Verdict.WRONG_PASSWORD
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return Verdict.NO_DATABASE
    if "no password supplied" in text or "fe_sendauth" in text:
        return Verdict.NEEDS_PASSWORD
    if state is None and any(w in text for w in (
            "connection refused", "could not translate host", "timeout expired", "timed out",
            "no route to host", "network is unreachable", "name or service not known",
            "could not connect")):
        return Verdict.NO_ROUTE
    return Verdict.OTHER


def schema_verdict(db: Database) -> tuple[Verdict, str]:
    """READY, EMPTY, NOT_OURS, OLDER or NEWER for a database that answers."""
    from app.models import AppMeta
    from app.schema import alembic_config, current_revision, head_revision, is_known_revision

    tables = set(inspect(db.engine).get_table_names())
    if not tables:
        return Verdict.EMPTY, ""
    if "app_meta" not in tables or "alembic_version" not in tables:
        return Verdict.NOT_OURS, ""
    with db.session() as s:
        if s.scalar(select(AppMeta.value).where(AppMeta.key == "app")) != APP_ID:
            return Verdict.NOT_OURS, ""
    rev, head = current_revision(db.engine), head_revision(db.engine)
    if rev == head:
        return Verdict.READY, str(rev)
    if rev is not None and not is_known_revision(alembic_config(db.engine), rev):
        return Verdict.NEWER, str(rev)
    return Verdict.OLDER, f"{rev} при нужной {head}"


def probe(address: ServerAddress, password: str = "") -> Probe:
    """Connect once and read the schema's version; nothing is written."""
    where = address.label()
    try:
        db = Database(address.url(password), create=False)
    except Exception as exc:  # an address SQLAlchemy cannot even parse
        return Probe(Verdict.OTHER, MESSAGES[Verdict.OTHER].format(where=where, detail=exc))
    try:
        try:
            with db.engine.connect():
                pass
        except OperationalError as exc:
            verdict = classify_connect_error(exc)
            detail = address.database if verdict is Verdict.NO_DATABASE else _first_line(exc)
            return Probe(verdict, MESSAGES[verdict].format(where=where, detail=detail))
        verdict, detail = schema_verdict(db)
        return Probe(verdict, MESSAGES[verdict].format(where=where, detail=detail))
    finally:
        db.close()


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__
