"""The account card: everything about one account in one window, tab by tab.

Ctrl+1…6 switch tabs, F5 reloads, Esc closes (unless a note is being typed). The notes tab
writes: Ctrl+Enter or «Добавить» calls the application layer's `add_note`, which checks the right
and writes the audit row; its error is shown under the text box, the text kept. The meters tab
registers and replaces meters (`app.ui.card_meters`) for those with the right to.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import titles as T
from app.accounts.views import AccountCard, BalanceRow, CardGeneral, NoteRow
from app.calc.money import format_rub
from app.errors import DomainError
from app.ui import keys
from app.ui import labels as L
from app.ui.card_meters import MeterActions, MetersTab
from app.ui.table_view import TablePanel
from app.ui.tables import accounts as columns
from app.ui.tables.rows import RowsModel
from app.ui.tabs import NamedTabs

Reload = Callable[[], AccountCard]
AddNote = Callable[[str], NoteRow]

TABS = (("general", "Общие сведения"), ("people", "Проживающие и собственники"),
        ("meters", "Приборы учёта"), ("balances", "Начисления и оплаты"),
        ("operations", "История операций"), ("notes", "Заметки"))


def debt_text(debt: int) -> str:
    if debt > 0:
        return f"Задолженность: {format_rub(debt)}"
    if debt < 0:
        return f"Переплата: {format_rub(-debt)}"
    return "Задолженности нет"


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600; margin-top: 6px;")
    return label


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class GeneralTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.account_form, self.premise_form = QFormLayout(), QFormLayout()
        forms = QGridLayout()
        forms.addWidget(_section("Лицевой счёт"), 0, 0)
        forms.addWidget(_section("Помещение"), 0, 1)
        forms.addLayout(self.account_form, 1, 0)
        forms.addLayout(self.premise_form, 1, 1)
        forms.setColumnStretch(0, 1)
        forms.setColumnStretch(1, 1)
        forms.setHorizontalSpacing(32)
        self.services = RowsModel(columns.SERVICE_COLUMNS)
        layout = QVBoxLayout(self)
        layout.addLayout(forms)
        layout.addWidget(_section("Подключённые услуги"))
        layout.addWidget(TablePanel(self.services, "К счёту не подключено ни одной услуги."), 1)

    def show_card(self, card: AccountCard) -> None:
        g = card.general
        _fill(self.account_form, [
            ("Номер", g.number),
            ("Состояние", _status(g)),
            ("Плательщик", g.payer_name),
            ("Управляющая организация", g.company_name or "—"),
            ("Зарегистрировано", f"{g.residents_count} чел."),
            ("Сальдо", debt_text(card.debt)),
        ])
        _fill(self.premise_form, [
            ("Адрес", g.address),
            ("Вид", T.title(T.PREMISE_KIND, g.premise_kind)),
            ("Общая площадь", L.quantity(g.total_area, "м²")),
            ("Жилая площадь", L.quantity(g.living_area, "м²") or "—"),
            ("Площадь по счёту", L.quantity(g.account_area, "м²")),
            ("Комнат", str(g.rooms) if g.rooms is not None else "—"),
        ])
        self.services.set_rows(card.services)


def _status(g: CardGeneral) -> str:
    if g.closed_on is not None:
        return f"{T.title(T.ACCOUNT_STATUS, g.status)} (открыт {L.day(g.opened_on)}, " \
               f"закрыт {L.day(g.closed_on)})"
    return f"{T.title(T.ACCOUNT_STATUS, g.status)} с {L.day(g.opened_on)}"


def _fill(form: QFormLayout, rows: list[tuple[str, str]]) -> None:
    form.setHorizontalSpacing(14)
    while form.rowCount():
        form.removeRow(0)
    for caption, value in rows:
        form.addRow(f"{caption}:", _selectable(value))


class PeopleTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.residents = RowsModel(columns.RESIDENT_COLUMNS)
        self.owners = RowsModel(columns.OWNER_COLUMNS)
        layout = QVBoxLayout(self)
        layout.addWidget(_section("Зарегистрированные"))
        layout.addWidget(TablePanel(self.residents, "Никто не зарегистрирован."), 3)
        layout.addWidget(_section("Собственники"))
        layout.addWidget(TablePanel(self.owners, "Сведений о собственниках нет."), 2)

    def show_card(self, card: AccountCard) -> None:
        self.residents.set_rows(card.residents)
        self.owners.set_rows(card.owners)


class BalancesTab(QWidget):
    """Balances by period and service; a period filter and that period's totals underneath."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[BalanceRow] = []
        self.period = QComboBox()
        self.period.currentIndexChanged.connect(self._apply_filter)
        self.model = RowsModel(columns.BALANCE_COLUMNS)
        self.totals = QLabel()
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.filter = QWidget()
        top = QHBoxLayout(self.filter)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("Период:"))
        top.addWidget(self.period)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        self.panel = TablePanel(self.model, "Начислений и оплат по счёту ещё не было.")
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.totals)

    def show_card(self, card: AccountCard) -> None:
        self._rows = sorted(card.balances, key=lambda b: (-b.period, b.service_name))
        periods = sorted({b.period for b in self._rows}, reverse=True)
        self.period.blockSignals(True)
        self.period.clear()
        for code in periods:
            self.period.addItem(L.period(code), code)
        self.period.addItem("Все периоды", None)
        self.period.blockSignals(False)
        self.filter.setVisible(bool(periods))
        self._apply_filter()

    def _apply_filter(self) -> None:
        code = self.period.currentData()
        rows = [b for b in self._rows if code is None or b.period == code]
        self.model.set_rows(rows)
        self.panel.table.setColumnHidden(0, code is not None)  # one period: said above
        if code is None:  # fitted while hidden it would show «о…»: fit the months now
            self.panel.table.resizeColumnToContents(0)
            header = self.panel.table.horizontalHeader()
            header.resizeSection(0, header.sectionSize(0) + 12)
        if code is None or not rows:
            self.totals.setText("")
            return
        total = {a: sum(getattr(b, a) for b in rows)
                 for a in ("opening", "charged", "recalculated", "penalty", "paid", "corrected",
                           "closing")}
        self.totals.setText(
            f"Итого за {L.period(code)}: входящее сальдо {format_rub(total['opening'])}, "
            f"начислено {format_rub(total['charged'] + total['recalculated'])}, "
            f"пени {format_rub(total['penalty'])}, оплачено {format_rub(total['paid'])}, "
            f"исходящее сальдо {format_rub(total['closing'])}"
        )


class OperationsTab(QWidget):
    """Every operation, newest first; below, how the selected one was calculated, in full."""

    def __init__(self) -> None:
        super().__init__()
        self.model = RowsModel(columns.OPERATION_COLUMNS)
        self.panel = TablePanel(self.model, "Операций по счёту ещё не было.", hide_empty=True)
        self.explanation = QPlainTextEdit()
        self.explanation.setObjectName("operationExplanation")
        self.explanation.setReadOnly(True)
        self.explanation.setMaximumHeight(96)
        self.explanation.setPlaceholderText("Выберите операцию — здесь будет, как она рассчитана")
        self.panel.table.selectionModel().currentRowChanged.connect(self._explain)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(_section("Как рассчитано"))
        layout.addWidget(self.explanation)

    def show_card(self, card: AccountCard) -> None:
        self.model.set_rows(sorted(card.operations, reverse=True,
                                   key=lambda o: (o.op_date, o.operation_id)))
        if self.model.rowCount():
            self.panel.table.setCurrentIndex(self.model.index(0, 0))
        else:
            self.explanation.clear()

    def _explain(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.explanation.clear()
            return
        op = self.model.row_at(current.row())
        self.explanation.setPlainText(op.explanation or op.cause or "Пояснения к операции нет.")


class NotesTab(QWidget):
    def __init__(self, add_note: AddNote | None) -> None:
        super().__init__()
        self._add_note = add_note
        self.model = RowsModel(columns.NOTE_COLUMNS)
        self.text = QPlainTextEdit()
        self.text.setObjectName("noteText")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(90)
        self.text.setPlaceholderText("Текст заметки… Ctrl+Enter — добавить")
        self.add_button = QPushButton("Добавить")
        self.add_button.clicked.connect(self.submit)
        self.error = QLabel()
        self.error.setObjectName("noteError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(TablePanel(self.model, "Заметок пока нет."), 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        if add_note is None:
            self.text.setEnabled(False)
            self.add_button.setEnabled(False)
            self.error.setProperty("role", "muted")
            self.error.setText("Добавлять заметки может пользователь с правом "
                               "«заметки к лицевым счетам».")
        self.text.installEventFilter(self)

    def show_card(self, card: AccountCard) -> None:
        self.model.set_rows(sorted(card.notes, key=lambda n: n.created_at, reverse=True))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.text and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.submit()
            return True
        return super().eventFilter(watched, event)

    def submit(self) -> None:
        if self._add_note is None:
            return
        try:
            note = self._add_note(self.text.toPlainText())
        except DomainError as exc:
            self.error.setText(exc.message)  # the text stays for the operator to fix
            return
        self.error.setText("")
        self.text.clear()
        if all(n.note_id != note.note_id for n in self.model.rows()):  # not yet reloaded
            self.model.set_rows([note, *self.model.rows()])


class AccountCardWindow(QWidget):
    def __init__(self, card: AccountCard, *, reload: Reload, add_note: AddNote | None,
                 meter_actions: MeterActions | None = None,
                 print_menu: Callable[[QWidget], QMenu] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._reload = reload
        self.setObjectName("accountCard")
        self.resize(1100, 640)
        self.heading, self.subheading, self.debt = QLabel(), QLabel(), QLabel()
        self.heading.setProperty("role", "title")
        self.subheading.setProperty("role", "muted")
        self.debt.setProperty("role", "title")
        self.general, self.people = GeneralTab(), PeopleTab()
        self.meters = MetersTab(meter_actions, self.reload)
        self.balances = BalancesTab()
        self.operations = OperationsTab()
        self.notes = NotesTab(add_note)
        self.tabs = NamedTabs()
        for i, (name, title) in enumerate(TABS):
            self.tabs.add(name, getattr(self, name), title)
            keys.bind(self, f"Ctrl+{i + 1}", f"вкладка «{title}»",
                      partial(self.tabs.show_tab, name), context=keys.WINDOW)
        keys.bind(self, "F5", "перечитать карточку", self.reload, context=keys.WINDOW)
        keys.bind(self, "F1", "эти клавиши", self.show_keys, context=keys.WINDOW)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        head.addLayout(titles, 1)
        head.addWidget(self.debt, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.print_button: QPushButton | None = None
        if print_menu is not None:  # «Печать»: the documents this user may print (Ctrl+P)
            self.print_button = QPushButton("Печать…  Ctrl+P")
            self.print_button.setMenu(print_menu(self))
            head.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)
            keys.bind(self, "Ctrl+P", "печать документов по счёту", self.print_button.showMenu,
                      context=keys.WINDOW)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        self.show_card(card)

    def show_card(self, card: AccountCard) -> None:
        self.card = card
        g = card.general
        self.setWindowTitle(f"Лицевой счёт {g.number} — {g.payer_name}")
        self.heading.setText(f"Лицевой счёт {g.number} · {g.payer_name}")
        self.subheading.setText(f"{g.address} · {_status(g)}")
        self.debt.setText(debt_text(card.debt))
        self.general.show_card(card)
        self.people.show_card(card)
        self.meters.show_meters(g.account_id, card.meters)
        self.balances.show_card(card)
        self.operations.show_card(card)
        self.notes.show_card(card)

    def reload(self) -> None:
        try:
            self.show_card(self._reload())
        except DomainError as exc:
            self.subheading.setText(exc.message)

    def keys_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """What F1 lists here: the card's keys that act now (the meter keys on that tab)."""
        lines = keys.shortcut_lines(keys.listed(self))
        return [("В карточке лицевого счёта",
                 [*lines, ("Esc", "закрыть карточку (если не набирается заметка)")])]

    def show_keys(self) -> None:
        self.keys_box = QMessageBox(QMessageBox.Icon.NoIcon, "Клавиши карточки",
                                    keys.keys_html(self.keys_sections()),
                                    QMessageBox.StandardButton.Close, self)
        self.keys_box.setObjectName("keysBox")
        self.keys_box.open()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self.notes.text.toPlainText().strip():
            self.close()
            return
        super().keyPressEvent(event)
