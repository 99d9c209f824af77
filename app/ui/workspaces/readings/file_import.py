"""Importing a reading file from the «Показания» page: check first, show the per-row report,
then post on the operator's word (with or without the rows that carry warnings).

The work runs as a job (`Context.run_job`): a 100 000-line file keeps the window alive.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.calc.period import Period
from app.meters.importing import ImportReport, RowStatus, import_readings, parse_file
from app.ui.context import Context

MAX_SHOWN = 2000


def import_steps(ctx: Context, path: Path, period: Period | None, today: date, source: str,
                 *, dry_run: bool, confirm: bool
                 ) -> Generator[tuple[int, int, str], None, ImportReport]:
    """A job: parse, then check (and post unless `dry_run`); returns the ImportReport."""
    yield 0, 2, f"Чтение файла {path.name}"
    parsed = parse_file(path, period=period)
    yield 1, 2, "Проверка показаний" if dry_run else "Загрузка показаний"
    report = import_readings(ctx.db, ctx.actor, parsed, today=today,
                             source=source, dry_run=dry_run,
                             confirm_warnings=confirm)
    yield 2, 2, "Готово"
    return report


def report_text(report: ImportReport) -> str:
    """Rows that need attention first, then the accepted ones."""
    order = (RowStatus.REJECTED, RowStatus.WARNING, RowStatus.DUPLICATE, RowStatus.ACCEPTED)
    rows = sorted(report.rows, key=lambda r: order.index(r.status))
    lines = [str(r) for r in rows[:MAX_SHOWN]]
    if len(rows) > MAX_SHOWN:
        lines.append(f"… и ещё {len(rows) - MAX_SHOWN} строк")
    return "\n".join(lines)


class ImportPreviewDialog(QDialog):
    """The check's report; «Загрузить» posts the accepted rows (and, ticked, the warned ones)."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Загрузка показаний — {report.file}")
        self.resize(860, 520)
        summary = QLabel(report.summary())
        summary.setWordWrap(True)
        text = QPlainTextEdit(report_text(report))
        text.setReadOnly(True)
        self.with_warnings = QCheckBox(
            f"Загрузить и строки с предупреждениями ({report.count(RowStatus.WARNING)})")
        self.with_warnings.setEnabled(report.count(RowStatus.WARNING) > 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.load_button = buttons.addButton("Загрузить", QDialogButtonBox.ButtonRole.AcceptRole)
        can_load = report.count(RowStatus.ACCEPTED) + report.count(RowStatus.WARNING) > 0
        self.load_button.setEnabled(can_load)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(text, 1)
        layout.addWidget(self.with_warnings)
        layout.addWidget(buttons)


def ask_to_post(report: ImportReport, parent: QWidget | None) -> bool | None:
    """None: cancelled; otherwise whether to post the rows with warnings too."""
    dialog = ImportPreviewDialog(report, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.with_warnings.isChecked()


class FileImport:
    """The two jobs of one import, driven by the page: check → ask → post → done."""

    def __init__(self, ctx: Context, path: Path, period: Period | None, today: date,
                 source: str, ask: Callable[[ImportReport], bool | None],
                 done: Callable[[ImportReport], None], failed: Callable[[str], None]) -> None:
        self.ctx, self.path, self.period, self.today = ctx, path, period, today
        self.source = source
        self.ask, self.done, self.failed = ask, done, failed

    def start(self) -> None:
        self.ctx.run_job(import_steps(self.ctx, self.path, self.period, self.today, self.source,
                                      dry_run=True, confirm=False),
                         "Проверка файла показаний", on_done=self._checked,
                         on_failed=self.failed)

    def _checked(self, report: ImportReport) -> None:
        confirm = self.ask(report)
        if confirm is None:
            return
        self.ctx.run_job(import_steps(self.ctx, self.path, self.period, self.today, self.source,
                                      dry_run=False, confirm=confirm),
                         "Загрузка показаний", on_done=self.done, on_failed=self.failed)
