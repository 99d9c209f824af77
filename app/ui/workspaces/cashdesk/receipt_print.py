"""The receipt printed from its saved PDF (`app.cashdesk.receipts.save_receipt`), never drawn a
second way: printed at once after a payment, shown in the print preview on F8.

The printer is the one named by `KVARTAL_RECEIPT_PRINTER`, else the system's default. With no
printer at all (a workstation without one, the offscreen tests) the receipt is «printed» to a
PDF file in `printed/` beside the saved receipts, and the desk says so.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QWidget

from app.ui.print_preview import PrintPreviewDialog, print_pages


@dataclass(frozen=True)
class Printed:
    printer: str  # the printer's name, or "" when printed to a file
    file: Path | None  # the PDF written when there was no printer


def _page_size(pdf: Path) -> QPageSize:
    from pypdf import PdfReader

    box = PdfReader(str(pdf)).pages[0].mediabox
    return QPageSize(QSizeF(float(box.width), float(box.height)), QPageSize.Unit.Point,
                     "Чек", QPageSize.SizeMatchPolicy.ExactMatch)


def receipt_printer(pdf: Path) -> tuple[QPrinter, Printed]:
    """A printer set to the receipt's own page (80 mm roll, its length), no margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(pdf.stem)
    name = os.environ.get("KVARTAL_RECEIPT_PRINTER", "")
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
    if info.isNull():
        out = pdf.parent / "printed" / pdf.name
        out.parent.mkdir(parents=True, exist_ok=True)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printed = Printed("", out)
    else:
        printer.setPrinterName(info.printerName())
        printed = Printed(info.printerName(), None)
    printer.setPageLayout(QPageLayout(_page_size(pdf), QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0)))
    return printer, printed


def print_receipt(pdf: Path) -> Printed:
    """Print the saved receipt as it is; a printer that is not ready says so (DomainError)."""
    printer, printed = receipt_printer(pdf)
    with tempfile.TemporaryDirectory(prefix="kvartal-receipt-") as folder:
        print_pages(pdf, printer, Path(folder))
    return printed


def printed_note(printed: Printed) -> str:
    if printed.file is not None:
        return f"Принтер чеков не подключён: чек напечатан в файл {printed.file}."
    return f"Чек напечатан ({printed.printer})."


def preview_receipt(pdf: Path, number: int, parent: QWidget | None) -> None:
    """The saved receipt in the print preview (printing, a copy, the system's viewer)."""
    PrintPreviewDialog(pdf, f"чек №{number}", parent).exec()
