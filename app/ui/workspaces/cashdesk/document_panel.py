"""The payer's document on the desk: account entry, payer and address, the debt by service and
supplier with penalties and the document's amounts, and the amounts the payer names (F7)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.calc.money import format_rub, parse_rub
from app.cashdesk.intake import DeskDocument

COLUMNS = ("Услуга", "Поставщик", "Долг", "в т. ч. пени", "По документу", "Оплата (F7)")
SCAN_KINDS = {"qr": "QR-код платёжного документа", "desk": "штрихкод кассы",
              "account": "номер лицевого счёта"}


class DocumentPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.account_edit = QLineEdit()
        self.account_edit.setObjectName("accountEdit")
        self.account_edit.setPlaceholderText("Номер лицевого счёта (F2) и Enter — или "
                                             "отсканируйте код платёжного документа")
        self.payer_label = QLabel()
        self.payer_label.setObjectName("payerLabel")
        self.payer_label.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.address_label = QLabel()
        self.period_label = QLabel()
        self.period_label.setProperty("role", "muted")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("debtTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()  # whole titles before a document is scanned too
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totalsLabel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.account_edit, self.payer_label, self.address_label,
                       self.period_label):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals_label)

    def show_document(self, doc: DeskDocument) -> None:
        self.account_edit.setText(doc.account)
        self.payer_label.setText(f"{doc.payer} — л/с {doc.account}")
        self.address_label.setText(doc.address + (f" · {doc.company}" if doc.company else ""))
        period = f" за {doc.period.title()}" if doc.period else ""
        self.period_label.setText(f"Прочитан {SCAN_KINDS[doc.scan.kind]}{period}")
        self.table.setRowCount(len(doc.lines))
        for row, line in enumerate(doc.lines):
            cells = (line.service_name, line.supplier, format_rub(line.debt),
                     format_rub(line.penalty) if line.penalty else "",
                     format_rub(line.document) if line.document else "", "")
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if col < len(COLUMNS) - 1:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                item.setData(Qt.ItemDataRole.UserRole, line.service_code)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.totals_label.setText(
            f"Долг: {format_rub(doc.debt)}   в т. ч. пени: {format_rub(doc.penalty)}   "
            f"К оплате: {format_rub(doc.amount_due)}")

    def clear(self) -> None:
        self.account_edit.clear()
        self.payer_label.setText("Отсканируйте код платёжного документа")
        self.address_label.clear()
        self.period_label.clear()
        self.table.setRowCount(0)
        self.totals_label.clear()

    def named_amounts(self) -> dict[str, int] | None:
        """Service code → kopecks the payer named in «Оплата (F7)»; None when none was."""
        named: dict[str, int] = {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, len(COLUMNS) - 1)
            if item is not None and item.text().strip():
                named[str(item.data(Qt.ItemDataRole.UserRole))] = parse_rub(item.text())
        return named or None

    def focus_amounts(self) -> None:
        if self.table.rowCount():
            self.table.setFocus()
            self.table.setCurrentCell(0, len(COLUMNS) - 1)
