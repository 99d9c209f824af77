"""«Печать ЕПД»: payment documents of a period for a filter — a company, a building, a street,
debtors only — into one PDF in delivery order, off the UI thread with progress and cancel; the
skipped accounts listed with their reasons, the file opened in the preview (its first pages)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.calc.period import Period
from app.documents.epd_print import EpdFilter, MassPrintResult, print_epds
from app.documents.menu import documents_folder
from app.errors import DomainError
from app.tariffs.views import ScopeChoice
from app.ui import labels as L
from app.ui.context import Context
from app.ui.jobs import Job
from app.ui.print_preview import PrintPreviewDialog

PREVIEW_PAGES = 20  # a mass print is shown by its first pages; the whole file is saved


class EpdPrintDialog(QDialog):
    def __init__(self, ctx: Context, period: Period, companies: list[ScopeChoice],
                 buildings: list[ScopeChoice], parent: QWidget | None = None,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.period = ctx, period
        self.folder = folder or documents_folder()
        self.setWindowTitle(f"Печать ЕПД за {L.period(period)}")
        self.job: Job | None = None
        self.result_value: MassPrintResult | None = None
        self.preview: PrintPreviewDialog | None = None
        self.company = QComboBox()
        self.company.addItem("— любая —", None)
        for c in companies:
            self.company.addItem(c.title, c.id)
        self.building = QComboBox()
        self.building.addItem("— любой —", None)
        for b in buildings:
            self.building.addItem(b.title, b.id)
        self.street = QLineEdit()
        self.street.setPlaceholderText("часть названия улицы")
        self.debtors = QCheckBox("только должники (долг на конец периода)")
        self.status = QLabel("Документы — в порядке доставки: улица, дом, квартира.")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 4)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.skipped = QPlainTextEdit()
        self.skipped.setReadOnly(True)
        self.skipped.setVisible(False)
        self.start_button = QPushButton("Сформировать  Enter")
        self.start_button.setDefault(True)
        self.close_button = QPushButton("Закрыть  Esc")
        self.start_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Управляющая организация:", self.company)
        form.addRow("&Дом:", self.building)
        form.addRow("&Улица:", self.street)
        form.addRow("", self.debtors)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.skipped, 1)
        layout.addLayout(buttons)
        self.resize(640, 420)

    def epd_filter(self) -> EpdFilter:
        return EpdFilter(company_id=self.company.currentData(),
                         building_id=self.building.currentData(),
                         street=self.street.text().strip() or None,
                         debtors_only=self.debtors.isChecked())

    def start(self) -> None:
        if self.job is not None and self.job.running:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        out = self.folder / f"ЕПД-{self.period}-{datetime.now():%Y%m%d-%H%M%S}.pdf"
        self.start_button.setEnabled(False)
        self.skipped.setVisible(False)
        self.status.setText("Идёт формирование…")
        self.job = self.ctx.run_job(
            print_epds(self.ctx.db, self.ctx.actor, self.period, self.epd_filter(), out),
            "Печать ЕПД", on_done=self._done, on_failed=self._failed,
            on_cancelled=self._cancelled)

    def _done(self, result: MassPrintResult) -> None:
        self.result_value = result
        self.start_button.setEnabled(True)
        text = f"Сформировано документов: {result.pages}.\nФайл: {result.path}"
        if result.skipped:
            text += f"\nПропущено лицевых счетов: {len(result.skipped)} — причины ниже."
            self.skipped.setPlainText("\n".join(
                f"{sk.account_number}  {sk.address}: {sk.reason}" for sk in result.skipped))
            self.skipped.setVisible(True)
        self.status.setText(text)
        try:
            self.preview = PrintPreviewDialog(result.path, f"ЕПД за {L.period(self.period)}",
                                              self, first_pages=PREVIEW_PAGES,
                                              total_pages=result.pages)
        except DomainError as exc:
            self.status.setText(f"{text}\nПросмотр недоступен: {exc.message}")
            return
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.open()

    def _failed(self, message: str) -> None:
        self.start_button.setEnabled(True)
        self.status.setText(f"ЕПД не сформированы: {message}")

    def _cancelled(self) -> None:
        self.start_button.setEnabled(True)
        self.status.setText("Печать отменена, файл не сохранён")
