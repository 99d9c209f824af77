"""«Найти человека» (Ctrl+L): people by name, registered or departed; Enter opens the flat of the
chosen one with that person selected. Type; ↓ moves into the list; Esc closes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import DomainError
from app.passport.views import PersonHit
from app.ui import labels as L
from app.ui.workspaces.passport.shared import CENTER, Column, RowsModel, make_table

Find = Callable[[str], list[PersonHit]]

PERSON_HIT_COLUMNS = [
    Column("ФИО", lambda h: h.full_name, width=260),
    Column("Рождение", lambda h: L.day(h.birth_date) or "—", CENTER),
    Column("Адрес регистрации", lambda h: h.address or "нет регистрации", stretch=True),
    Column("Л/с", lambda h: h.account_number or ""),
    Column("Состояние", lambda h: "зарегистрирован" if h.registered else "выбыл"),
]

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PersonSearchDialog(QDialog):
    def __init__(self, find: Find, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Найти человека")
        self._find = find
        self.chosen: PersonHit | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Фамилия, имя, отчество: «Иванова Мария»")
        self.message = QLabel("Начните вводить фамилию.")
        self.message.setProperty("role", "muted")
        self.model = RowsModel(PERSON_HIT_COLUMNS)
        self.table = make_table(self.model)
        keys = QLabel("↓ — к списку · Enter — открыть квартиру · Esc — закрыть")
        keys.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(keys)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.search)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda index: self._choose(index.row()))
        self.resize(900, 420)

    def search(self) -> None:
        self._timer.stop()
        text = self.edit.text().strip()
        if len(text) < 2:
            self.model.set_rows([])
            self.message.setText("Начните вводить фамилию.")
            return
        try:
            hits = self._find(text)
        except DomainError as exc:
            self.model.set_rows([])
            self.message.setText(exc.message)
            return
        self.model.set_rows(hits)
        if hits:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.message.setText(f"Найдено: {len(hits)}." if hits else "Никого не найдено.")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in _ENTER:
                if self._timer.isActive():
                    self.search()
                self._choose(self.table.currentIndex().row())
                return True
            if watched is self.edit and key == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _choose(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        hit: PersonHit = self.model.row_at(row)
        if hit.account_number is None:
            self.message.setText(f"{hit.full_name} нигде не зарегистрирован в вашей зоне.")
            return
        self.chosen = hit
        self.accept()
