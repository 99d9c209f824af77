"""How fresh the last backup is, the age after which the window warns, a backup as a job for the
window, and the scheduled backup (a systemd timer or a cron line running `kvartal backup`)."""

from __future__ import annotations

import shlex
from collections.abc import Generator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.admin.backup import BackupInfo, backup, last_backup
from app.changes import Change, reports
from app.db import Database
from app.errors import InvalidInput, Problem
from app.models import AppMeta
from app.models.base import utcnow
from app.rights import Actor, Right
from app.usecase import transaction

WARN_KEY = "backup_warn_hours"
DEFAULT_WARN_HOURS = 26  # a nightly copy plus a little slack
MAX_WARN_HOURS = 24 * 90


@dataclass(frozen=True)
class BackupStatus:
    made_at: datetime | None  # local time
    path: str | None
    warn_hours: int
    stale: bool  # older than warn_hours, or never made

    @property
    def text(self) -> str:
        if self.made_at is None:
            return "Резервных копий этой базы ещё не было"
        return f"Последняя резервная копия: {self.made_at:%d.%m.%Y %H:%M}"

    @property
    def warning(self) -> str:
        if not self.stale:
            return ""
        if self.made_at is None:
            return "Сделайте резервную копию: без неё сбой диска унесёт все данные"
        return (f"Копия старше {self.warn_hours} ч — сделайте новую или проверьте, работает ли "
                "копирование по расписанию")


def warn_hours(db: Database) -> int:
    with db.session() as s:
        value = s.scalar(select(AppMeta.value).where(AppMeta.key == WARN_KEY))
    return int(value) if value and value.isdigit() else DEFAULT_WARN_HOURS


def backup_status(db: Database, now: datetime | None = None) -> BackupStatus:
    """When the last backup was made and whether it is too old (any user may see it)."""
    now = now or utcnow()
    hours = warn_hours(db)
    last = last_backup(db)
    if last is None:
        return BackupStatus(None, None, hours, stale=True)
    made_at, path = last
    return BackupStatus(made_at.astimezone(), path, hours,
                        stale=now - made_at > timedelta(hours=hours))


@reports(Change.BACKUP)
def set_warn_hours(db: Database, actor: Actor, hours: int) -> None:
    """After how many hours without a backup the window warns; audited."""
    actor.require(Right.ADMIN)
    if not 1 <= hours <= MAX_WARN_HOURS:
        raise InvalidInput([Problem("Предупреждать через", f"от 1 до {MAX_WARN_HOURS} ч")],
                           "Настройка не сохранена")
    before = warn_hours(db)
    with transaction(db, actor, Right.ADMIN) as tx:
        tx.session.merge(AppMeta(key=WARN_KEY, value=str(hours)))
        tx.audit("setting.update", "setting", WARN_KEY, before={"value": before},
                 after={"value": hours})


@reports(Change.BACKUP)
def backup_job(db: Database, actor: Actor, folder: Path | str, keep: int | None
               ) -> Generator[tuple[int, int, str], None, BackupInfo]:
    """`backup` into a dated file of `folder` as a job for the window (`app.ui.jobs`)."""
    actor.require(Right.ADMIN)
    yield 0, 1, "Копирование базы…"
    folder = Path(folder)
    if keep is None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidInput([Problem("Папка", f"{folder} не создать: {exc.strerror}")],
                               "Резервная копия не сделана") from None
    info = backup(db, actor, str(folder) + "/", keep=keep)
    yield 1, 1, "Готово"
    return info


def schedule_text(program: str, db_url_env: str, folder: Path, keep: int, at: str) -> str:
    """A systemd service and timer, and the equivalent cron line, for a nightly backup at `at`
    (HH:MM) into `folder`, keeping `keep` copies. The database URL comes from the environment
    variable `db_url_env` (never written into the unit)."""
    hour, _, minute = at.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
        raise InvalidInput([Problem("--at", f"время вида 02:30, а не «{at}»")],
                           "Расписание не составлено")
    command = (f"{shlex.quote(program)} backup --out {shlex.quote(str(folder))} "
               f"--keep {keep}")
    return f"""\
# /etc/systemd/system/kvartal-backup.service
[Unit]
Description=Kvartal: резервная копия базы
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
# {db_url_env}=... в этом файле (права 600): адрес базы с паролем не пишется в юнит
EnvironmentFile=/etc/kvartal/backup.env
ExecStart={command}

# /etc/systemd/system/kvartal-backup.timer
[Unit]
Description=Kvartal: резервная копия каждую ночь

[Timer]
OnCalendar=*-*-* {int(hour):02d}:{int(minute):02d}:00
Persistent=true

[Install]
WantedBy=timers.target

# включить: systemctl daemon-reload && systemctl enable --now kvartal-backup.timer
# или строка crontab (crontab -e), с той же переменной {db_url_env}:
{int(minute)} {int(hour)} * * * set -a && . /etc/kvartal/backup.env && {command}
"""
