"""Backup and restore of a whole Kvartal database.

- **SQLite**: the online backup API copies the file page by page in one step, a consistent picture
  even while desks are writing (they wait for the copy, a fraction of a second per 100 MB); the
  copy is checked (`PRAGMA integrity_check`, ours, ledger = snapshots) before it gets its name.
- **PostgreSQL**: `pg_dump` in custom format (the password goes through the environment, never
  the command line); the archive's table of contents is read back with `pg_restore --list`.

A restore is verified before it replaces anything: the file is restored beside the target (a
copy of the SQLite file, a scratch database on the PostgreSQL server), brought to this program's
schema, and `verify` must find the ledger and the snapshots equal. Only then does it take the
target's place; a target that holds data is kept under a `before-restore` name, never deleted.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, create_engine, select, text
from sqlalchemy.engine import URL, make_url

from app.db import Database
from app.errors import DatabaseProblem, DomainError
from app.models import AppMeta
from app.models.base import utcnow
from app.rights import Actor, Right
from app.usecase import transaction

LAST_BACKUP_KEY = "last_backup"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PG_MAGIC = b"PGDMP"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    dialect: str
    made_at: datetime
    removed: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RestoreInfo:
    target: str
    kept_previous: str | None  # where the replaced database now lives


# --------------------------------------------------------------------------- backup


def _stamp(now: datetime) -> str:
    return now.astimezone().strftime("%Y%m%d-%H%M%S")


def _target_file(out: Path | str, dialect: str, now: datetime, folder: bool) -> Path:
    ext = ".db" if dialect == "sqlite" else ".dump"
    if folder or str(out).endswith(("/", os.sep)) or Path(out).is_dir():
        out = Path(out)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DomainError(f"Папку {out} не создать: {exc.strerror}") from None
        return out / f"kvartal-{_stamp(now)}{ext}"
    out = Path(out)
    if not out.parent.is_dir():
        raise DomainError(f"Папки {out.parent} нет — резервная копия не сделана")
    return out


def backup(db: Database, actor: Actor, out: Path | str, *, keep: int | None = None
           ) -> BackupInfo:
    """Copy the whole database to `out`: a file, or a folder (an existing one, a path ending in
    '/', or any path given with `keep`) for a dated name; with `keep`, leave only that many
    newest dated copies in the folder."""
    actor.require(Right.ADMIN)
    if keep is not None and keep < 1:
        raise DomainError("Сколько копий хранить — не меньше одной")
    now = utcnow()
    target = _target_file(out, db.dialect, now, folder=keep is not None)
    partial = target.with_name(target.name + ".partial")
    try:
        if db.dialect == "sqlite":
            _sqlite_copy(_sqlite_path(db), partial)
            _check_sqlite_copy(partial)
        else:
            _pg_dump(db.engine.url, partial)
        os.replace(partial, target)
    except OSError as exc:
        raise DomainError(f"Не удалось записать резервную копию {target}: {exc.strerror}") \
            from None
    finally:
        partial.unlink(missing_ok=True)
    removed = _prune(target.parent, target.suffix, keep) if keep else ()
    info = BackupInfo(path=target, size=target.stat().st_size, dialect=db.dialect, made_at=now,
                      removed=removed)
    record = {"at": now.isoformat(), "path": str(target), "size": info.size}
    with transaction(db, actor, Right.ADMIN) as tx:
        # "<ISO time> <path>", the path cut to the column: the time is what the window shows
        tx.session.merge(AppMeta(key=LAST_BACKUP_KEY, value=f"{now.isoformat()} {target}"[:200]))
        tx.audit("backup.create", "database", None, after=record)
    return info


def last_backup(db: Database) -> tuple[datetime, str] | None:
    """When and where the last backup of this database was made (None: never)."""
    with db.session() as s:
        value = s.scalar(select(AppMeta.value).where(AppMeta.key == LAST_BACKUP_KEY))
    if not value:
        return None
    stamp, _, path = value.partition(" ")
    try:
        return datetime.fromisoformat(stamp), path
    except ValueError:
        return None


def _sqlite_path(db: Database) -> Path:
    name = db.engine.url.database
    if not name or name == ":memory:":
        raise DomainError("База в памяти не копируется")
    return Path(name)


def _sqlite_copy(source: Path, dest: Path, progress: Callable[..., object] | None = None) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(dest)
    try:
        # one step: a consistent snapshot under one read lock (pages > 0 would restart whenever
        # a desk writes in between)
        src.backup(dst, pages=-1, progress=progress)
    except sqlite3.OperationalError as exc:
        raise DatabaseProblem(f"Резервная копия не сделана: {exc}") from None
    finally:
        dst.close()
        src.close()


def _check_sqlite_copy(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
    if result != "ok":
        raise DatabaseProblem(f"Копия {path} повреждена: {result}")


def _pg_env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    for var, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[var] = str(value)
    return env


def _run_pg_tool(args: list[str], env: dict[str, str], what: str) -> str:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=6 * 3600,
                              check=False)
    except FileNotFoundError:
        raise DomainError(f"Нужна программа {args[0]} (пакет postgresql-client)") from None
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["без сообщения"])[-1]
        raise DatabaseProblem(f"{what}: {args[0]} завершился с ошибкой: {detail}")
    return done.stdout


def _pg_dump(url: URL, dest: Path) -> None:
    env = _pg_env(url)
    _run_pg_tool(["pg_dump", "--format=custom", "--file", str(dest)], env,
                 "Резервная копия не сделана")
    _run_pg_tool(["pg_restore", "--list", str(dest)], env, "Резервная копия не читается")


def _prune(folder: Path, suffix: str, keep: int) -> tuple[Path, ...]:
    dated = sorted(folder.glob(f"kvartal-*{suffix}"), key=lambda p: p.name, reverse=True)
    old = tuple(dated[keep:])
    for path in old:
        path.unlink(missing_ok=True)
    return old


# --------------------------------------------------------------------------- restore


def _kind_of(file: Path) -> str:
    try:
        with file.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise DomainError(f"Файл {file} не читается: {exc.strerror}") from None
    if head == _SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(_PG_MAGIC):
        return "postgresql"
    raise DomainError(f"Файл {file} — не резервная копия «Квартала» (ни SQLite, ни pg_dump)")


def _verified(db: Database) -> None:
    """The restored copy: ours, at this program's schema, ledger equal to its snapshots."""
    from app.ledger.snapshots import verify

    db.upgrade()
    diffs = verify(db)
    if diffs:
        raise DomainError(f"Копия не прошла сверку: расхождений {len(diffs)} — "
                          "база не заменена")


def restore(file: Path, target_url: str, actor: Actor, *, replace: bool = False) -> RestoreInfo:
    """Restore `file` into the database at `target_url`, verified first (see the module)."""
    actor.require(Right.ADMIN)
    kind = _kind_of(file)
    target = make_url(target_url)
    if target.get_backend_name() != kind:
        raise DomainError(f"Копия — база {kind}, а восстановить её просят в "
                          f"{target.get_backend_name()}: так нельзя")
    info = (_restore_sqlite(file, target, replace) if kind == "sqlite"
            else _restore_pg(file, target, replace))
    db = Database(target_url)
    try:
        with transaction(db, actor, Right.ADMIN) as tx:
            tx.audit("backup.restore", "database", None,
                     after={"file": str(file), "kept_previous": info.kept_previous})
    finally:
        db.engine.dispose()
    return info


def _restore_sqlite(file: Path, target: URL, replace: bool) -> RestoreInfo:
    dest = Path(target.database or "")
    if not target.database or target.database == ":memory:":
        raise DomainError("Укажите файл базы SQLite, в который восстановить копию")
    if dest.exists() and not replace:
        raise DomainError(f"База {dest} уже есть; чтобы заменить её копией, укажите --replace")
    if not dest.parent.is_dir():
        raise DomainError(f"Папки {dest.parent} нет")
    scratch = dest.with_name(dest.name + ".restoring")
    try:
        shutil.copyfile(file, scratch)
        _check_sqlite_copy(scratch)
        db = Database(f"sqlite:///{scratch}")
        try:
            _verified(db)
        finally:
            db.engine.dispose()
        kept = _retire_sqlite(dest) if dest.exists() else None
        os.replace(scratch, dest)
    except OSError as exc:
        raise DomainError(f"Восстановление не выполнено: {exc.strerror} ({exc.filename})") \
            from None
    finally:
        scratch.unlink(missing_ok=True)
    return RestoreInfo(target=str(dest), kept_previous=kept)


def _retire_sqlite(dest: Path) -> str:
    """Move a database file out of the way with its WAL and shared-memory files: a WAL left
    beside the restored file would be replayed into it. Checkpointed first, and refused while
    another program holds it."""
    con = sqlite3.connect(dest, timeout=5)
    try:
        busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise DomainError(f"База {dest} не открывается для замены: {exc}") from None
    finally:
        con.close()
    if busy:
        raise DomainError(f"База {dest} занята другой программой — закройте её и повторите")
    kept = dest.with_name(f"{dest.name}.before-restore-{_stamp(utcnow())}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{dest}{suffix}")
        if part.exists():
            os.replace(part, Path(f"{kept}{suffix}"))
    return str(kept)


def _restore_pg(file: Path, target: URL, replace: bool) -> RestoreInfo:
    name = target.database
    if not name:
        raise DomainError("Укажите базу PostgreSQL, в которую восстановить копию")
    if target.drivername == "postgresql":
        target = target.set(drivername="postgresql+psycopg")
    scratch_name = f"{name}__restoring"
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                 {"n": name}) is not None
            has_data = exists and _pg_has_tables(target)
            if has_data and not replace:
                raise DomainError(f"В базе {name} уже есть данные; чтобы заменить их копией, "
                                  "укажите --replace")
            conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch_name}"'))
            conn.execute(text(f'CREATE DATABASE "{scratch_name}"'))
        try:
            _run_pg_tool(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                          "--dbname", scratch_name, str(file)],
                         _pg_env(target.set(database=scratch_name)), "Копия не восстановлена")
            scratch = Database(engine=create_engine(target.set(database=scratch_name)))
            try:
                _verified(scratch)
            finally:
                scratch.engine.dispose()
            with admin.connect() as conn:
                kept = _swap_in(conn, name, scratch_name, exists)
        except BaseException:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch_name}" WITH (FORCE)'))
            raise
    finally:
        admin.dispose()
    return RestoreInfo(target=name, kept_previous=kept)


def _pg_has_tables(url: URL) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.scalar(text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")))
    finally:
        engine.dispose()


def _swap_in(conn: Connection, name: str, scratch_name: str, exists: bool) -> str | None:
    kept = None
    if exists:
        others = conn.execute(text(
            "SELECT coalesce(usename, '?'), coalesce(application_name, ''), "
            "coalesce(host(client_addr), 'локально') FROM pg_stat_activity "
            "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name}).all()
        if others:
            who = "; ".join(f"{u} {app} ({addr})".strip() for u, app, addr in others[:10])
            raise DomainError(f"К базе {name} подключены: {who}. Закройте программу на этих "
                              "рабочих местах и повторите")
        kept = f"{name}__before_restore_{_stamp(utcnow()).replace('-', '_')}"
        conn.execute(text(f'ALTER DATABASE "{name}" RENAME TO "{kept}"'))
    conn.execute(text(f'ALTER DATABASE "{scratch_name}" RENAME TO "{name}"'))
    return kept
