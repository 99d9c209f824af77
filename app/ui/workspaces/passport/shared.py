"""What the passport workspace borrows from the rest of the UI (one place to follow a move),
its date field, and its table columns."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import QLineEdit, QWidget

from app.calc.money import format_rub
from app.passport.views import ResidentLine
from app.titles import REGISTRATION_KIND, REGISTRATION_PLACE, title
from app.ui import labels as L
from app.ui.forms import buddy_label, dialog_buttons, error_label, show_error
from app.ui.table_view import TablePanel, make_table
from app.ui.tables.rows import CENTER, Column, RowsModel

__all__ = ["CENTER", "Column", "DayEdit", "RowsModel", "TablePanel", "buddy_label",
           "dialog_buttons", "error_label", "make_table", "show_error"]


class DayEdit(QLineEdit):
    """A date typed as digits: «05112026» shows as 05.11.2026; empty means no date."""

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setInputMask("00.00.0000;_")
        self.setPlaceholderText("дд.мм.гггг")
        self.setMaximumWidth(120)
        self.set_day(day)

    def set_day(self, day: date | None) -> None:
        self.setText(day.strftime("%d.%m.%Y") if day else "")

    def day(self, title: str) -> date | None:
        """The typed date; None when empty; ValueError naming the field when not a date."""
        text = self.text().strip(" ._")
        if not text:
            return None
        try:
            return datetime.strptime(self.text(), "%d.%m.%Y").date()
        except ValueError:
            raise ValueError(f"{title}: «{self.text()}» — не дата (дд.мм.гггг)") from None


_PLACE = REGISTRATION_PLACE


def _state(r: ResidentLine) -> str:
    if r.current:
        return "зарегистрирован"
    return "выбыл" if r.date_to else "с будущей даты"


RESIDENT_COLUMNS = [
    Column("ФИО", lambda r: r.full_name, stretch=True, tooltip=_state),
    Column("Рождение", lambda r: L.day(r.birth_date) or "—", CENTER),
    Column("Родство", lambda r: r.relation or "", width=80),
    Column("По месту", lambda r: _PLACE.get(r.kind, r.kind),
           tooltip=lambda r: title(REGISTRATION_KIND, r.kind)),
    Column("С", lambda r: L.day(r.date_from), CENTER),
    Column("По", lambda r: L.day(r.date_to) or "—", CENTER),
    Column("Документ", lambda r: r.doc_text, width=170, tooltip=lambda r: r.doc_text or None),
]

RECALC_COLUMNS = [  # what the clerk's last change posted (app.recalc.outcome.PostedLine)
    Column("Л/с", lambda p: p.account_number),
    Column("За период", lambda p: L.period(p.period)),
    Column("Услуга", lambda p: p.service, stretch=True),
    Column("Было", lambda p: format_rub(p.old)),
    Column("Стало", lambda p: format_rub(p.new)),
    Column("Перерасчёт", lambda p: format_rub(p.amount, sign=True)),
]

HISTORY_COLUMNS = [
    Column("Дата", lambda h: L.day(h.day), CENTER),
    Column("Событие", lambda h: h.event, width=260),
    Column("ФИО", lambda h: h.full_name, width=250),
    Column("Подробности", lambda h: h.details, stretch=True, tooltip=lambda h: h.details or None),
]

PERSON_HISTORY_COLUMNS = [
    Column("Дата", lambda h: L.day(h.day), CENTER),
    Column("Событие", lambda h: h.event, width=190, tooltip=lambda h: h.event),
    Column("Адрес", lambda h: h.address, stretch=True, tooltip=lambda h: h.address),
    Column("Подробности", lambda h: h.details, width=110, tooltip=lambda h: h.details or None),
]

OWNER_COLUMNS = [
    Column("Собственник", lambda o: o.name, stretch=True),
    Column("Доля", lambda o: o.share, CENTER),
    Column("С", lambda o: L.day(o.date_from), CENTER),
    Column("По", lambda o: L.day(o.date_to) or "—", CENTER),
    Column("Документ", lambda o: o.document or "", width=260),
]

REQUEST_COLUMNS = [
    Column("Л/с", lambda q: q.account_number),
    Column("Адрес", lambda q: q.address, width=220),
    Column("С периода", lambda q: L.period(q.from_period)),
    Column("Причина", lambda q: q.cause, stretch=True, tooltip=lambda q: q.cause),
    Column("Кто", lambda q: q.created_by),
    Column("Когда", lambda q: L.moment(q.created_at), CENTER),
]


AUDIT_COLUMNS = [
    Column("Когда", lambda a: L.moment(a.at), CENTER),
    Column("Кто", lambda a: a.user, width=260),
    Column("Действие", lambda a: a.action, width=220),
    Column("Подробности", lambda a: a.details, stretch=True),
]
