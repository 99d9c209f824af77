"""«Паспортный стол»: find a flat, see who is and was registered there and who owns it,
register arrivals and departures, change documents — from the keyboard, keys shown on screen.

Documents are masked in every list; F3 shows the selected person's documents in full (for those
with the right; the view is written to the audit log).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.accounts.lookup import lookup
from app.db import user_data_dir
from app.errors import DomainError
from app.passport import billing_effect, flat, forms, people, registration
from app.passport.views import ChangeResult, FlatView, PersonCard, ResidentLine
from app.rights import Right
from app.titles import REGISTRATION_KIND, title
from app.ui import labels as L
from app.ui.context import Context
from app.ui.lookup_widget import LookupWidget
from app.ui.workspaces.passport.arrival_dialog import ArrivalDialog
from app.ui.workspaces.passport.departure_dialog import DepartureDialog
from app.ui.workspaces.passport.documents_dialog import DocumentsDialog
from app.ui.workspaces.passport.person_search import PersonSearchDialog
from app.ui.workspaces.passport.shared import (
    AUDIT_COLUMNS,
    HISTORY_COLUMNS,
    OWNER_COLUMNS,
    PERSON_HISTORY_COLUMNS,
    RECALC_COLUMNS,
    REQUEST_COLUMNS,
    RESIDENT_COLUMNS,
    RowsModel,
    TablePanel,
    make_table,
)

KEYS = ("Ctrl+F — найти квартиру · Ctrl+L — найти человека · Ins — прибытие · Del — убытие · "
        "F3 — документы полностью · F4 — изменить документы · F5 — обновить · F7 — форма №9 · "
        "F8 — форма №10 · F9 — листок прибытия · Shift+F9 — листок убытия")


def _preview(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


class PersonPanel(QWidget):
    """The selected person: masked data from the list, or the full card after F3."""

    def __init__(self) -> None:
        super().__init__()
        self.text = QLabel("Выберите человека в списке жильцов.")
        self.text.setObjectName("personCard")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history = RowsModel(PERSON_HISTORY_COLUMNS)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(TablePanel(self.history, "Истории пока нет."), 2)

    def show_line(self, r: ResidentLine | None) -> None:
        if r is None:
            self.text.setText("Выберите человека в списке жильцов.")
            return
        self.text.setText(
            f"<b>{r.full_name}</b><br>Дата рождения: {L.day(r.birth_date) or 'скрыта'}<br>"
            f"Документ: {r.doc_text or '—'}<br>СНИЛС: {r.snils_text or '—'}<br>"
            f"Регистрация {title(REGISTRATION_KIND, r.kind)} с {L.day(r.date_from)}"
            + (f" по {L.day(r.date_to)}" if r.date_to else "")
            + (f"<br>Откуда: {r.arrived_from}" if r.arrived_from else "")
            + (f"<br>Куда выбыл: {r.departed_to}" if r.departed_to else "")
            + "<br><i>F3 — документы полностью</i>")

    def show_card(self, c: PersonCard) -> None:
        issued = ", ".join(x for x in (c.doc_issued_by or "", L.day(c.doc_issued_on),
                                       f"код {c.doc_code}" if c.doc_code else "") if x)
        self.text.setText(
            f"<b>{c.full_name}</b><br>Дата рождения: {L.day(c.birth_date)}"
            f"{', ' + c.birth_place if c.birth_place else ''}<br>"
            f"Пол: {c.sex or '—'} · Гражданство: {c.citizenship or '—'}<br>"
            f"{c.doc_type or 'Документ'}: {c.doc_series} {c.doc_number}<br>"
            f"Выдан: {issued or '—'}<br>СНИЛС: {c.snils or '—'}<br>"
            "<i>Просмотр записан в журнал · F4 — изменить документы</i>")


class PassportPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.clock: Callable[[], date] = date.today  # read at each action, never kept
        self.documents_dir = user_data_dir() / "documents"
        self.preview: Callable[[Path], None] = _preview  # the saved PDF shown to the clerk
        self.flat: FlatView | None = None
        self.dialog: QDialog | None = None
        db, actor = ctx.db, ctx.actor

        heading = QLabel("Паспортный стол")
        heading.setProperty("role", "title")
        self.lookup = LookupWidget(lambda text: lookup(db, actor, text))
        self.lookup.account_chosen.connect(self.open_flat)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.addWidget(heading)
        left_layout.addWidget(_muted("Квартира — по номеру счёта, адресу или фамилии жильца. "
                                     "Enter — открыть."))
        left_layout.addWidget(self.lookup, 1)

        self.header = QLabel("Квартира не выбрана")
        self.header.setObjectName("flatHeader")
        self.header.setStyleSheet("font-weight: 600;")
        self.keys = _muted(KEYS)
        self.keys.setObjectName("passportKeys")
        self.message = QLabel()
        self.message.setObjectName("passportMessage")
        self.message.setWordWrap(True)
        self.posted = RowsModel(RECALC_COLUMNS)  # the last change's recalculation, line by line
        self.posted_view = make_table(self.posted)
        self.posted_view.setObjectName("passportRecalculation")
        self.posted_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the flat
        self.posted_view.setMaximumHeight(150)
        self.posted_view.hide()
        self.residents = RowsModel(RESIDENT_COLUMNS)
        self.residents_panel = TablePanel(self.residents, "В квартире никто не зарегистрирован.")
        self.residents_view = self.residents_panel.table
        self.residents_view.selectionModel().currentRowChanged.connect(self._selected)
        self.person = PersonPanel()
        residents_tab = QSplitter(Qt.Orientation.Vertical)
        residents_tab.addWidget(self.residents_panel)
        residents_tab.addWidget(self.person)
        residents_tab.setSizes([260, 200])
        self.history = RowsModel(HISTORY_COLUMNS)
        self.owners = RowsModel(OWNER_COLUMNS)
        self.requests = RowsModel(REQUEST_COLUMNS)
        self.audit = RowsModel(AUDIT_COLUMNS)
        self.tabs = QTabWidget()
        self.tabs.addTab(residents_tab, "Жильцы")
        self.tabs.addTab(TablePanel(self.history, "Событий нет."), "История квартиры")
        self.tabs.addTab(TablePanel(self.owners, "Собственники не указаны."), "Собственники")
        self.tabs.addTab(TablePanel(self.requests, "Очередь пуста: все изменения учтены."),
                         "Очередь перерасчётов")
        if ctx.actor.can(Right.PERSONAL_DATA):
            self.tabs.addTab(TablePanel(self.audit, "Действий с персональными данными "
                                                    "выбранного человека нет."),
                             "Журнал персональных данных")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.keys)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.message)
        right_layout.addWidget(self.posted_view)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([330, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(split)
        self.setFocusProxy(self.lookup.edit)
        for keys, slot in (("Ctrl+F", self.lookup.focus), ("Ctrl+L", self.find_person),
                           ("Ins", self.arrival),
                           ("Del", self.departure), ("F3", self.reveal),
                           ("F4", self.change_documents), ("F5", self.reload),
                           ("F7", self.print_form9), ("F8", self.print_form10),
                           ("F9", lambda: self.print_sheet(arrival=True)),
                           ("Shift+F9", lambda: self.print_sheet(arrival=False))):
            QShortcut(QKeySequence(keys), self, slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._load_requests()

    # --- data -----------------------------------------------------------------------------
    def open_flat(self, number: str) -> None:
        try:
            self.flat = flat.flat_view(self.ctx.db, self.ctx.actor, number, self.today)
            history = flat.flat_history(self.ctx.db, self.ctx.actor, number)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return
        f = self.flat
        kind = " (комната коммунальной квартиры)" if f.communal else ""
        self.header.setText(f"{f.city}, {f.address}{kind} · л/с {f.account_number} · "
                            f"{f.payer_name} · зарегистрировано: {len(f.current)}")
        self.residents.set_rows(f.residents)
        self.history.set_rows(history)
        self.owners.set_rows(f.owners)
        if f.residents:
            self.residents_view.setCurrentIndex(self.residents.index(0, 0))
        self.tabs.setCurrentIndex(0)
        self.residents_view.setFocus()

    def reload(self) -> None:
        if self.flat is not None:
            row = self.residents_view.currentIndex().row()
            self.open_flat(self.flat.account_number)
            if 0 <= row < self.residents.rowCount():
                self.residents_view.setCurrentIndex(self.residents.index(row, 0))
        self._load_requests()

    def _load_requests(self) -> None:
        try:
            self.requests.set_rows(billing_effect.open_requests(self.ctx.db, self.ctx.actor))
        except DomainError as exc:
            self._say(exc.message, error=True)

    def find_person(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        dialog = PersonSearchDialog(lambda text: people.find_persons(db, actor, text), self)

        def chosen() -> None:
            hit = dialog.chosen
            if hit is None or hit.account_number is None:
                return
            self.open_flat(hit.account_number)
            for row, line in enumerate(self.residents.rows()):
                if line.person_id == hit.person_id:
                    self.residents_view.setCurrentIndex(self.residents.index(row, 0))
                    break
        dialog.accepted.connect(chosen)
        self._open(dialog)
        dialog.edit.setFocus()

    def selected(self) -> ResidentLine | None:
        index = self.residents_view.currentIndex()
        return self.residents.row_at(index.row()) if index.isValid() else None

    def _selected(self) -> None:
        line = self.selected()
        self.person.show_line(line)
        if line is None:
            self.person.history.set_rows([])
            return
        try:
            self.person.history.set_rows(
                people.person_history(self.ctx.db, self.ctx.actor, line.person_id))
            if self.ctx.actor.can(Right.PERSONAL_DATA):
                self.audit.set_rows(
                    people.personal_data_log(self.ctx.db, self.ctx.actor, line.person_id))
        except DomainError as exc:
            self._say(exc.message, error=True)

    @property
    def today(self) -> date:
        """The date of the action being taken (a page left open overnight is not stuck on the
        day it was opened)."""
        return self.clock()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    # --- actions --------------------------------------------------------------------------
    def _can_edit(self) -> bool:
        if not self.ctx.actor.can(Right.PASSPORT_EDIT):
            self._say("Нет права «паспортный стол».", error=True)
            return False
        if self.flat is None:
            self._say("Сначала найдите квартиру (Ctrl+F).", error=True)
            return False
        return True

    def arrival(self) -> None:
        if not self._can_edit():
            return
        assert self.flat is not None
        db, actor, today = self.ctx.db, self.ctx.actor, self.today
        dialog = ArrivalDialog(
            self.flat.account_number, self.flat.address,
            lambda data: registration.register_arrival(db, actor, data, today), today, self)
        dialog.accepted.connect(lambda: self._changed(dialog.result_value))
        self._open(dialog)

    def departure(self) -> None:
        if not self._can_edit():
            return
        line = self.selected()
        if line is None or (line.date_to is not None and not line.current):
            self._say("Выберите в списке человека, который сейчас зарегистрирован.", error=True)
            return
        db, actor, today = self.ctx.db, self.ctx.actor, self.today
        dialog = DepartureDialog(
            line, lambda data: registration.register_departure(db, actor, data, today),
            today, self)
        dialog.accepted.connect(lambda: self._changed(dialog.result_value))
        self._open(dialog)

    def reveal(self) -> None:
        line = self.selected()
        if line is None:
            return
        if not self.ctx.actor.can(Right.PERSONAL_DATA):
            self._say("Документы видны только пользователям с правом «просмотр персональных "
                      "данных».", error=True)
            return
        try:
            card = people.person_card(self.ctx.db, self.ctx.actor, line.person_id)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return
        self.person.show_card(card)

    def change_documents(self) -> None:
        line = self.selected()
        if line is None or not self._can_edit():
            return
        if not self.ctx.actor.can(Right.PERSONAL_DATA):
            self._say("Нет права «просмотр персональных данных».", error=True)
            return
        db, actor, today = self.ctx.db, self.ctx.actor, self.today
        try:
            card = people.person_card(db, actor, line.person_id)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return
        dialog = DocumentsDialog(card, lambda data, version: people.change_documents(
            db, actor, card.person_id, data, version, today), self)

        def done() -> None:
            if dialog.result_value is not None:
                self.reload()
                self.person.show_card(dialog.result_value)
                self._say(f"Документы {dialog.result_value.full_name} изменены.")
        dialog.accepted.connect(done)
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._closed)
        dialog.open()

    def _closed(self) -> None:
        self.dialog = None
        self.window().activateWindow()  # the keys go on working where the clerk was
        self.residents_view.setFocus()

    def _changed(self, result: ChangeResult | None) -> None:
        self.reload()
        if result is not None:
            self._say(result.headline(), error=result.recalculation.error is not None)
            lines = list(result.recalculation.lines)
            self.posted.set_rows(lines)
            self.posted_view.setVisible(bool(lines))

    # --- printing -------------------------------------------------------------------------
    def print_form9(self) -> None:
        line = self.selected()
        if line is None or self.flat is None:
            self._say("Выберите человека в списке жильцов.", error=True)
            return
        number = self.flat.account_number
        self._print(f"Форма 9 {line.full_name}", lambda: forms.form9(
            self.ctx.db, self.ctx.actor, line.person_id, number, self.today))

    def print_form10(self) -> None:
        if self.flat is None:
            self._say("Сначала найдите квартиру (Ctrl+F).", error=True)
            return
        number = self.flat.account_number
        self._print(f"Форма 10 {number}", lambda: forms.form10(
            self.ctx.db, self.ctx.actor, number, self.today))

    def print_sheet(self, *, arrival: bool) -> None:
        line = self.selected()
        if line is None:
            self._say("Выберите человека в списке жильцов.", error=True)
            return
        name = "Листок прибытия" if arrival else "Листок убытия"
        self._print(f"{name} {line.full_name}", lambda: forms.address_sheet(
            self.ctx.db, self.ctx.actor, line.registration_id, arrival=arrival,
            today=self.today))

    def _print(self, name: str, render: Callable[[], bytes]) -> Path | None:
        """Render, save the PDF in the documents folder, show it; the path is on screen."""
        try:
            pdf = render()
            self.documents_dir.mkdir(parents=True, exist_ok=True)
            path = self.documents_dir / f"{name} {self.today:%Y-%m-%d}.pdf"
            path.write_bytes(pdf)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return None
        except OSError as exc:
            self._say(f"Документ не сохранён: {exc}", error=True)
            return None
        self._say(f"Сохранено: {path}")
        self.preview(path)
        self._selected()  # the print is in the person's log now
        return path
