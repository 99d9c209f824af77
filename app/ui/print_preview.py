"""Print preview: the saved PDF's pages on screen, printed through the system's printers.

Pages are rasterised by poppler (`app.print.rasterize`) — at screen resolution for the preview,
at the printer's for printing — so what is printed is exactly the saved file. Keys: Ctrl+P
print, Ctrl+S save a copy, Ctrl+O open in the system's viewer, +/− zoom, Esc close.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.documents.menu import printables_for, produce, render_pages
from app.errors import DomainError
from app.ui.context import Context

SCREEN_DPI = 96
PRINT_DPI = 300


class PrintPreviewDialog(QDialog):
    def __init__(self, pdf: Path, title: str, parent: QWidget | None = None, *,
                 first_pages: int | None = None, total_pages: int | None = None) -> None:
        """`first_pages`: show only so many (a mass print of thousands of pages); the whole
        file is what is saved and printed."""
        super().__init__(parent)
        self.pdf = pdf
        self.setWindowTitle(f"Просмотр: {title}")
        self.resize(980, 720)
        self._tmp = tempfile.TemporaryDirectory(prefix="kvartal-preview-")
        self.zoom = 1.0
        self.pages = render_pages(pdf, Path(self._tmp.name), SCREEN_DPI, 1 if first_pages else None,
                                  first_pages)
        self.images = [QPixmap(str(p)) for p in self.pages]

        self.column = QVBoxLayout()
        self.column.setSpacing(12)
        self.labels = [QLabel() for _ in self.images]
        for label in self.labels:
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setFrameShape(QLabel.Shape.Box)
            self.column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget()
        holder.setLayout(self.column)
        self.pages_area = QScrollArea()
        self.pages_area.setWidget(holder)
        self.pages_area.setWidgetResizable(True)
        self.pages_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        count = f"страниц: {total_pages or len(self.images)}"
        if total_pages and total_pages > len(self.images):
            count += f", показаны первые {len(self.images)}"
        self.where = QLabel(f"Сохранён: {pdf}  ·  {count}")
        self.where.setProperty("role", "muted")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        for text, keys, slot in (("Печать…", "Ctrl+P", self.print_pdf),
                                 ("Сохранить копию…", "Ctrl+S", self.save_copy),
                                 ("Открыть в программе просмотра", "Ctrl+O", self.open_outside),
                                 ("Закрыть", "Esc", self.reject)):
            button = QPushButton(f"{text}  {keys}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            QShortcut(QKeySequence(keys), self, slot)
        QShortcut(QKeySequence("+"), self, lambda: self.set_zoom(self.zoom * 1.25))
        QShortcut(QKeySequence("="), self, lambda: self.set_zoom(self.zoom * 1.25))
        QShortcut(QKeySequence("-"), self, lambda: self.set_zoom(self.zoom / 1.25))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages_area, 1)
        layout.addWidget(self.where)
        layout.addLayout(buttons)
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(0.3, min(zoom, 3.0))
        for label, image in zip(self.labels, self.images, strict=True):
            label.setPixmap(image.scaledToWidth(int(image.width() * self.zoom),
                                                Qt.TransformationMode.SmoothTransformation))

    def print_pdf(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf.stem)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            print_pages(self.pdf, printer, Path(self._tmp.name))
        except DomainError as exc:
            QMessageBox.warning(self, "Печать", exc.message)

    def save_copy(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Сохранить копию", self.pdf.name,
                                              "PDF (*.pdf)")
        if name:
            shutil.copyfile(self.pdf, name)
            self.where.setText(f"Сохранён: {self.pdf}; копия: {name}")

    def open_outside(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf)))

    def done(self, result: int) -> None:
        self._tmp.cleanup()
        super().done(result)


def print_pages(pdf: Path, printer: QPrinter, folder: Path) -> int:
    """Each page rasterised at the printer's resolution and painted to fit its page; returns
    the pages sent."""
    dpi = min(printer.resolution(), PRINT_DPI) or PRINT_DPI
    first, last = printer.fromPage() or None, printer.toPage() or None
    pages = render_pages(pdf, folder / "print", dpi, first, last)
    painter = QPainter()
    if not painter.begin(printer):
        raise DomainError("Принтер не готов к печати")
    try:
        for i, path in enumerate(pages):
            if i:
                printer.newPage()
            image = QImage(str(path))
            target = printer.pageRect(QPrinter.Unit.DevicePixel)
            size = image.size().scaled(int(target.width()), int(target.height()),
                                       Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
    finally:
        painter.end()
    return len(pages)


def document_menu(items: list[tuple[str, str]], produce: Callable[[str], None],
                  parent: QWidget) -> QMenu:
    """«Печать»: one action per (code, title) the user may print; choosing one calls
    `produce(code)`."""
    menu = QMenu("Печать", parent)
    for code, title in items:
        action = menu.addAction(title)
        action.triggered.connect(lambda _=False, code=code: produce(code))
    if not items:
        menu.addAction("Нет документов, доступных для печати").setEnabled(False)
    return menu


def card_print_menu(ctx: Context, number: str, parent: QWidget) -> QMenu:
    """The account card's «Печать»: the documents this user may print; the chosen one is made
    off the UI thread, saved, and opened in the preview."""
    items = [(p.code, p.title) for p in printables_for(ctx.actor)]
    titles = dict(items)

    def produce_one(code: str) -> None:
        def show(path: Path) -> None:
            try:
                dialog = PrintPreviewDialog(path, f"{titles[code]} — {number}", parent)
            except DomainError as exc:
                QMessageBox.warning(parent, "Печать", exc.message)
                return
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

        def failed(message: str) -> None:
            QMessageBox.warning(parent, "Печать", message)

        ctx.run_job(produce(ctx.db, ctx.actor, code, number), titles[code], on_done=show,
                    on_failed=failed)

    return document_menu(items, produce_one, parent)
