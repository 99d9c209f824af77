"""«Прибытие»: register one person or a whole family at the flat, from the keyboard.

Tab moves between fields; Ctrl+N keeps the person typed so far in the list and clears the form
for the next one (the surname stays); Enter (or «Зарегистрировать») registers everyone listed
and the one in the form, all at once or none; a refusal is shown under the form, input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.calc.identity import DOCUMENT_TYPES
from app.errors import DomainError
from app.passport.views import ArrivalInput, ChangeResult, IdentityInput, Newcomer
from app.ui.workspaces.passport.shared import (
    DayEdit,
    buddy_label,
    dialog_buttons,
    error_label,
    show_error,
)

Register = Callable[[ArrivalInput], ChangeResult]


def _text(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None


class PersonForm(QGroupBox):
    """Who arrives: name, birth, citizenship, identity document, СНИЛС, relation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Прибывающий", parent)
        self.last_name, self.first_name, self.middle_name = QLineEdit(), QLineEdit(), QLineEdit()
        self.birth_date = DayEdit()
        self.sex = QComboBox()
        self.sex.addItems(["м", "ж"])
        self.birth_place = QLineEdit()
        self.citizenship = QLineEdit("Российская Федерация")
        self.snils = QLineEdit()
        self.snils.setPlaceholderText("123-456-789 01")
        self.doc_type = QComboBox()
        self.doc_type.setEditable(True)
        self.doc_type.addItems(list(DOCUMENT_TYPES))
        self.doc_series, self.doc_number = QLineEdit(), QLineEdit()
        self.doc_series.setPlaceholderText("45 07 или IV-АИ")
        self.doc_issued_by = QLineEdit()
        self.doc_issued_on = DayEdit()
        self.doc_code = QLineEdit()
        self.doc_code.setPlaceholderText("660-005")
        self.relation = QLineEdit()
        self.relation.setPlaceholderText("жена, сын, дочь…")
        left, right = QFormLayout(), QFormLayout()
        for form, rows in ((left, [("&Фамилия", self.last_name), ("&Имя", self.first_name),
                                   ("&Отчество", self.middle_name),
                                   ("Дата &рождения", self.birth_date), ("Пол", self.sex),
                                   ("Место рождения", self.birth_place),
                                   ("Родство", self.relation)]),
                           (right, [("Гражданство", self.citizenship),
                                    ("&Документ", self.doc_type), ("&Серия", self.doc_series),
                                    ("Номер", self.doc_number), ("Кем выдан", self.doc_issued_by),
                                    ("Дата выдачи", self.doc_issued_on),
                                    ("Код подразделения", self.doc_code),
                                    ("СНИ&ЛС", self.snils)])):
            for title, widget in rows:
                form.addRow(buddy_label(title, widget), widget)
        grid = QGridLayout(self)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setHorizontalSpacing(24)
        order = [self.last_name, self.first_name, self.middle_name, self.birth_date, self.sex,
                 self.birth_place, self.relation, self.citizenship, self.doc_type,
                 self.doc_series, self.doc_number, self.doc_issued_by, self.doc_issued_on,
                 self.doc_code, self.snils]
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)  # Tab follows the columns, top to bottom

    def filled(self) -> bool:
        return bool(self.last_name.text().strip() or self.first_name.text().strip())

    def newcomer(self) -> Newcomer:
        identity = IdentityInput(
            last_name=self.last_name.text(), first_name=self.first_name.text(),
            middle_name=_text(self.middle_name),
            birth_date=self.birth_date.day("Дата рождения"), sex=self.sex.currentText(),
            birth_place=_text(self.birth_place), citizenship=_text(self.citizenship),
            snils=_text(self.snils), doc_type=self.doc_type.currentText().strip() or None,
            doc_series=_text(self.doc_series), doc_number=_text(self.doc_number),
            doc_issued_by=_text(self.doc_issued_by),
            doc_issued_on=self.doc_issued_on.day("Дата выдачи"), doc_code=_text(self.doc_code))
        return Newcomer(relation=_text(self.relation), identity=identity)

    def clear_for_next(self) -> None:
        """Empty the form for the next family member; the surname stays."""
        for edit in (self.first_name, self.middle_name, self.birth_place, self.snils,
                     self.doc_series, self.doc_number, self.doc_issued_by, self.doc_code,
                     self.relation, self.birth_date, self.doc_issued_on):
            edit.clear()
        self.first_name.setFocus()


class ArrivalDialog(QDialog):
    def __init__(self, account_number: str, address: str, register: Register, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Прибытие — {address}")
        self.account_number, self._register = account_number, register
        self.result_value: ChangeResult | None = None
        self.listed: list[Newcomer] = []

        self.kind = QComboBox()
        self.kind.addItem("по месту жительства", "permanent")
        self.kind.addItem("по месту пребывания", "temporary")
        self.date_from = DayEdit(today)
        self.date_to = DayEdit()
        self.arrived_from = QLineEdit()
        self.reason = QLineEdit("по заявлению")
        self.document = QLineEdit()
        common = QFormLayout()
        for title, widget in (("&Вид регистрации", self.kind),
                              ("Дата ре&гистрации", self.date_from),
                              ("Сро&к пребывания до", self.date_to),
                              ("Откуда прибыл", self.arrived_from),
                              ("Основание", self.reason),
                              ("Документ-основание", self.document)):
            common.addRow(buddy_label(title, widget), widget)
        self.kind.currentIndexChanged.connect(self._sync_kind)
        self._sync_kind()

        self.family = QListWidget()
        self.family.setMaximumHeight(70)
        self.family.setFocusPolicy(self.family.focusPolicy().NoFocus)
        self.person = PersonForm()
        keys = QLabel("Tab — следующее поле · Ctrl+N — ещё человек (член семьи) · "
                      "Enter — зарегистрировать · Esc — отмена")
        keys.setProperty("role", "muted")
        self.error = error_label()
        buttons = dialog_buttons(self, "Зарегистрировать", self.save)
        buttons.button(buttons.StandardButton.Save).setDefault(True)  # Enter registers
        layout = QVBoxLayout(self)
        layout.addLayout(common)
        layout.addWidget(QLabel("Уже в списке:"))
        layout.addWidget(self.family)
        layout.addWidget(self.person)
        layout.addWidget(keys)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_person)
        self.person.last_name.setFocus()
        self.resize(900, 600)

    def _sync_kind(self) -> None:
        stay = self.kind.currentData() == "temporary"
        self.date_to.setEnabled(stay)
        if not stay:
            self.date_to.clear()

    def add_person(self) -> None:
        """Ctrl+N: the person in the form joins the list; the form is cleared for the next."""
        if not self.person.filled():
            return
        try:
            newcomer = self.person.newcomer()
        except ValueError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        self.listed.append(newcomer)
        ident = newcomer.identity
        assert ident is not None
        self.family.addItem(f"{ident.last_name} {ident.first_name} {ident.middle_name or ''}"
                            f" — {newcomer.relation or 'родство не указано'}")
        self.person.clear_for_next()

    def arrival(self) -> ArrivalInput:
        newcomers = list(self.listed)
        if self.person.filled():
            newcomers.append(self.person.newcomer())
        date_from = self.date_from.day("Дата регистрации")
        if date_from is None:
            raise ValueError("Дата регистрации: не заполнена")
        return ArrivalInput(
            account_number=self.account_number, kind=self.kind.currentData(),
            date_from=date_from, newcomers=tuple(newcomers),
            date_to=self.date_to.day("Срок пребывания"),
            arrived_from=_text(self.arrived_from), reason=_text(self.reason),
            document=_text(self.document))

    def save(self) -> None:
        try:
            self.result_value = self._register(self.arrival())
        except (DomainError, ValueError) as exc:
            show_error(self.error, exc.message if isinstance(exc, DomainError) else str(exc))
            return
        self.accept()
