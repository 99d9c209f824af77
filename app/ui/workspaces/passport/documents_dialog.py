"""«Документы»: change a person's identity document, СНИЛС and citizenship.

The form opens with the current data (that view is in the audit log); Enter saves, Esc cancels;
a refusal is shown under the form and the input is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.calc.identity import DOCUMENT_TYPES
from app.errors import DomainError
from app.passport.views import DocumentInput, PersonCard
from app.ui.workspaces.passport.shared import (
    DayEdit,
    buddy_label,
    dialog_buttons,
    error_label,
    show_error,
)

Change = Callable[[DocumentInput, int], PersonCard]


class DocumentsDialog(QDialog):
    def __init__(self, card: PersonCard, change: Change, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Документы — {card.full_name}")
        self.card, self._change = card, change
        self.result_value: PersonCard | None = None
        self.doc_type = QComboBox()
        self.doc_type.setEditable(True)
        self.doc_type.addItems(list(DOCUMENT_TYPES))
        self.doc_type.setCurrentText(card.doc_type or DOCUMENT_TYPES[0])
        self.doc_series, self.doc_number = QLineEdit(card.doc_series), QLineEdit(card.doc_number)
        self.doc_issued_by = QLineEdit(card.doc_issued_by or "")
        self.doc_issued_on = DayEdit(card.doc_issued_on)
        self.doc_code = QLineEdit(card.doc_code or "")
        self.snils = QLineEdit(card.snils)
        self.citizenship = QLineEdit(card.citizenship or "")
        form = QFormLayout()
        for title, widget in (("&Документ", self.doc_type), ("&Серия", self.doc_series),
                              ("&Номер", self.doc_number), ("Кем выдан", self.doc_issued_by),
                              ("Дата выдачи", self.doc_issued_on),
                              ("Код подразделения", self.doc_code), ("СНИ&ЛС", self.snils),
                              ("Гражданство", self.citizenship)):
            form.addRow(buddy_label(title, widget), widget)
        keys = QLabel("Enter — сохранить · Esc — отмена. Прежние данные остаются в журнале.")
        keys.setProperty("role", "muted")
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{card.full_name}</b>"))
        layout.addLayout(form)
        layout.addWidget(keys)
        layout.addWidget(self.error)
        buttons = dialog_buttons(self, "Сохранить", self.save)
        buttons.button(buttons.StandardButton.Save).setDefault(True)  # Enter saves
        layout.addWidget(buttons)
        self.doc_series.setFocus()
        self.resize(560, 360)

    def save(self) -> None:
        try:
            data = DocumentInput(
                doc_type=self.doc_type.currentText().strip() or None,
                doc_series=self.doc_series.text().strip() or None,
                doc_number=self.doc_number.text().strip() or None,
                doc_issued_by=self.doc_issued_by.text().strip() or None,
                doc_issued_on=self.doc_issued_on.day("Дата выдачи"),
                doc_code=self.doc_code.text().strip() or None,
                snils=self.snils.text().strip() or None,
                citizenship=self.citizenship.text().strip() or None)
            self.result_value = self._change(data, self.card.version)
        except (DomainError, ValueError) as exc:
            show_error(self.error, exc.message if isinstance(exc, DomainError) else str(exc))
            return
        self.accept()
