"""«Убытие»: end a person's registration in the flat; the row stays in the history.

Enter saves, Esc cancels; a refusal is shown under the form and the input is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import DomainError
from app.passport.views import ChangeResult, DepartureInput, ResidentLine
from app.titles import REGISTRATION_KIND
from app.titles import title as title_of
from app.ui import labels as L
from app.ui.workspaces.passport.shared import (
    DayEdit,
    buddy_label,
    dialog_buttons,
    error_label,
    show_error,
)

Depart = Callable[[DepartureInput], ChangeResult]


class DepartureDialog(QDialog):
    def __init__(self, resident: ResidentLine, depart: Depart, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Убытие — {resident.full_name}")
        self.resident, self._depart = resident, depart
        self.result_value: ChangeResult | None = None
        who = QLabel(f"<b>{resident.full_name}</b>, зарегистрирован "
                     f"{title_of(REGISTRATION_KIND, resident.kind)} с "
                     f"{L.day(resident.date_from)}"
                     + (f" по {L.day(resident.date_to)}" if resident.date_to else ""))
        self.date_to = DayEdit(today)
        self.departed_to = QLineEdit()
        self.reason = QLineEdit("по заявлению")
        self.document = QLineEdit()
        form = QFormLayout()
        for title, widget in (("Дата &убытия (последний день)", self.date_to),
                              ("&Куда выбыл", self.departed_to), ("Основание", self.reason),
                              ("Документ-основание", self.document)):
            form.addRow(buddy_label(title, widget), widget)
        keys = QLabel("Enter — снять с регистрации · Esc — отмена")
        keys.setProperty("role", "muted")
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addLayout(form)
        layout.addWidget(keys)
        layout.addWidget(self.error)
        buttons = dialog_buttons(self, "Снять с регистрации", self.save)
        buttons.button(buttons.StandardButton.Save).setDefault(True)  # Enter saves
        layout.addWidget(buttons)
        self.date_to.setFocus()
        self.resize(560, 260)

    def save(self) -> None:
        try:
            day = self.date_to.day("Дата убытия")
            if day is None:
                raise ValueError("Дата убытия: не заполнена")
            self.result_value = self._depart(DepartureInput(
                self.resident.registration_id, day,
                departed_to=self.departed_to.text().strip() or None,
                reason=self.reason.text().strip() or None,
                document=self.document.text().strip() or None))
        except (DomainError, ValueError) as exc:
            show_error(self.error, exc.message if isinstance(exc, DomainError) else str(exc))
            return
        self.accept()
