"""The last backup's age and the warning after a setting; a backup as a window job; the
scheduled backup's systemd timer and cron line."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from app.admin.audit_log import AuditFilter, audit_entries
from app.admin.backup import backup
from app.admin.backup_status import (
    DEFAULT_WARN_HOURS,
    backup_job,
    backup_status,
    schedule_text,
    set_warn_hours,
)
from app.cli import main
from app.db import Database
from app.errors import AccessDenied, InvalidInput
from app.models.base import utcnow
from app.rights import SYSTEM
from tests.admin.test_organizations import CASHIER


def test_no_backup_yet_is_a_warning(sqlite_db: Database) -> None:
    status = backup_status(sqlite_db)
    assert status.made_at is None and status.stale
    assert "ещё не было" in status.text and "Сделайте резервную копию" in status.warning


def test_a_fresh_backup_is_shown_and_warned_about_after_the_setting(
        sqlite_db: Database, tmp_path: Path) -> None:
    info = backup(sqlite_db, SYSTEM, tmp_path / "copy.db")
    status = backup_status(sqlite_db)
    assert not status.stale and status.warning == ""
    assert status.path == str(info.path) and status.warn_hours == DEFAULT_WARN_HOURS
    assert status.text == f"Последняя резервная копия: {info.made_at.astimezone():%d.%m.%Y %H:%M}"
    later = utcnow() + timedelta(hours=DEFAULT_WARN_HOURS + 1)
    assert backup_status(sqlite_db, later).stale
    set_warn_hours(sqlite_db, SYSTEM, 48)
    assert not backup_status(sqlite_db, later).stale
    assert "старше 48 ч" in backup_status(sqlite_db, later + timedelta(days=1)).warning
    [entry] = audit_entries(sqlite_db, SYSTEM, AuditFilter(entity="setting"))
    assert (entry.before, entry.after) == ({"value": DEFAULT_WARN_HOURS}, {"value": 48})


def test_the_warning_setting_is_bounded_and_for_administrators(sqlite_db: Database) -> None:
    with pytest.raises(InvalidInput, match="от 1 до"):
        set_warn_hours(sqlite_db, SYSTEM, 0)
    with pytest.raises(AccessDenied):
        set_warn_hours(sqlite_db, CASHIER, 12)


def test_the_job_backs_up_into_a_dated_file_and_keeps_the_newest(
        sqlite_db: Database, tmp_path: Path) -> None:
    steps = backup_job(sqlite_db, SYSTEM, tmp_path / "copies", keep=1)
    progress = []
    try:
        while True:
            progress.append(next(steps))
    except StopIteration as done:
        info = done.value
    assert progress[-1] == (1, 1, "Готово")
    assert info.path.parent == tmp_path / "copies" and info.path.name.startswith("kvartal-")
    assert backup_status(sqlite_db).path == str(info.path)


def test_schedule_prints_a_timer_and_a_cron_line_that_systemd_accepts(tmp_path: Path) -> None:
    text = schedule_text("/usr/bin/kvartal", "KVARTAL_DB", Path("/srv/backups"), 7, "3:05")
    assert "OnCalendar=*-*-* 03:05:00" in text
    assert "ExecStart=/usr/bin/kvartal backup --out /srv/backups --keep 7" in text
    assert "\n5 3 * * * set -a && . /etc/kvartal/backup.env && /usr/bin/kvartal backup" in text
    timer = text.split("# /etc/systemd/system/kvartal-backup.timer\n")[1].split("\n# ")[0]
    unit = tmp_path / "kvartal-backup.timer"
    unit.write_text(timer)
    try:
        done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                              text=True, check=False)
    except FileNotFoundError:
        return  # no systemd here: the text is checked above
    assert "OnCalendar" not in done.stderr


def test_schedule_refuses_a_bad_time() -> None:
    with pytest.raises(InvalidInput, match="02:30"):
        schedule_text("kvartal", "KVARTAL_DB", Path("/x"), 7, "25:00")


def test_cli_schedule_prints_without_copying(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    assert main(["backup", "--out", str(tmp_path / "copies"), "--schedule", "--at", "01:15"]) == 0
    out = capsys.readouterr().out
    assert "--keep 14" in out and "OnCalendar=*-*-* 01:15:00" in out
    assert not (tmp_path / "copies").exists()
