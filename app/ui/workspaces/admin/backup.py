"""«Резервное копирование»: when the last copy was made (a warning when it is older than the
setting), «Создать резервную копию» into a folder keeping the newest N copies — run off the UI
thread — and the command for a scheduled copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.admin.backup import BackupInfo
from app.admin.backup_status import MAX_WARN_HOURS, backup_job, backup_status, set_warn_hours
from app.changes import Change, changes_of
from app.errors import DomainError
from app.ui.context import Context
from app.ui.forms import buddy_label, error_label, show_error
from app.ui.jobs import Job

DEFAULT_KEEP = 14
SCHEDULE_HINT = (
    "Копия по расписанию — команда <code>kvartal backup --out ПАПКА --keep 14 --schedule</code> "
    "выводит таймер systemd и строку cron для копии каждую ночь (время — <code>--at 02:30</code>)."
)


def default_folder(ctx: Context, last_path: str | None) -> str:
    if last_path:
        return str(Path(last_path).parent)
    return str(Path.home() / "Квартал" / "Резервные копии")


class BackupPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.job: Job | None = None
        self.status_label = QLabel()
        self.status_label.setObjectName("backup_status")
        self.status_label.setProperty("role", "title")
        self.where_label = QLabel()
        self.where_label.setProperty("role", "muted")
        self.where_label.setWordWrap(True)
        self.warning = error_label()
        self.warning.setObjectName("backup_warning")
        status = backup_status(ctx.db)
        self.folder = QLineEdit(default_folder(ctx, status.path))
        self.folder.setObjectName("backup_folder")
        self.folder.setMinimumWidth(420)
        browse = QPushButton("Выбрать…")
        browse.clicked.connect(self.choose_folder)
        self.keep = QSpinBox()
        self.keep.setRange(1, 365)
        self.keep.setValue(DEFAULT_KEEP)
        self.keep.setSuffix(" последних")
        self.keep.setMaximumWidth(160)
        self.warn_hours = QSpinBox()
        self.warn_hours.setObjectName("backup_warn_hours")
        self.warn_hours.setRange(1, MAX_WARN_HOURS)
        self.warn_hours.setSuffix(" ч")
        self.warn_hours.setValue(status.warn_hours)
        save_warn = QPushButton("Сохранить")
        save_warn.clicked.connect(self.save_warn_hours)
        self.make_button = QPushButton("Создать резервную копию")
        self.make_button.setObjectName("backup_make")
        self.make_button.clicked.connect(self.make_backup)
        self.result = QLabel()
        self.result.setObjectName("backup_result")
        self.result.setWordWrap(True)
        self.error = error_label()

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        warn_row = QHBoxLayout()
        warn_row.addWidget(self.warn_hours)
        warn_row.addWidget(save_warn)
        warn_row.addStretch(1)
        form = QFormLayout()
        form.addRow(buddy_label("&Папка для копий", self.folder), folder_row)
        form.addRow(buddy_label("&Хранить копий", self.keep), self.keep)
        form.addRow(buddy_label("Предупре&ждать, если копии нет дольше", self.warn_hours),
                    warn_row)
        hint = QLabel(SCHEDULE_HINT)
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        buttons = QHBoxLayout()
        buttons.addWidget(self.make_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.where_label)
        layout.addWidget(self.warning)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.error)
        layout.addSpacing(8)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.refresh()
        ctx.subscribe(self.on_changes)

    def on_changes(self, changes: Change) -> None:
        if changes & Change.BACKUP:
            self.refresh()

    def refresh(self) -> None:
        status = backup_status(self.ctx.db)
        self.status_label.setText(status.text)
        self.where_label.setText(f"Файл: {status.path}" if status.path else "")
        show_error(self.warning, status.warning)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Папка для резервных копий",
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save_warn_hours(self) -> None:
        try:
            self.ctx.perform(set_warn_hours, self.warn_hours.value())
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")

    def make_backup(self) -> Job | None:
        folder = self.folder.text().strip()
        if not folder:
            show_error(self.error, "Укажите папку для копий")
            return None
        show_error(self.error, "")
        self.result.setText("")
        self.make_button.setEnabled(False)
        self.job = self.ctx.run_job(
            backup_job(self.ctx.db, self.ctx.actor, folder, self.keep.value()),
            "Резервная копия", on_done=self._done, on_failed=self._failed,
            on_cancelled=lambda: self._failed("Копирование отменено"))
        return self.job

    def _done(self, info: BackupInfo) -> None:
        self.make_button.setEnabled(True)
        removed = f"; удалено старых копий: {len(info.removed)}" if info.removed else ""
        self.result.setText(f"Копия сделана: {info.path} ({info.size / 1_048_576:.1f} МБ)"
                            f"{removed}")
        self.ctx.changed(changes_of(backup_job))

    def _failed(self, message: str) -> None:
        self.make_button.setEnabled(True)
        show_error(self.error, message)
        self.refresh()
