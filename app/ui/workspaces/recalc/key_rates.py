"""The key-rate table (Bank of Russia, in force from a date) and the penalty rules with their
switches: a rate is entered or corrected here, a moratorium that is a setting switched on."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError
from app.penalties.rules import rate_text
from app.penalties.tables import (
    KeyRateRow,
    RuleRow,
    key_rates,
    penalty_rules,
    set_key_rate,
    set_rule_enabled,
)
from app.rights import Right
from app.ui.context import Context
from app.ui.table_view import TablePanel
from app.ui.tables.rows import RIGHT, Column, RowsModel

RATE_COLUMNS = (
    Column("Действует с", lambda r: f"{r.date_from:%d.%m.%Y}"),
    Column("Ставка, %", lambda r: rate_text(r.rate), RIGHT, stretch=True),
)


def _span(r: RuleRow) -> str:
    end = f" по {r.date_to:%d.%m.%Y}" if r.date_to else ""
    return f"с {r.date_from:%d.%m.%Y}{end}"


RULE_COLUMNS = (
    Column("Правило", lambda r: r.title),
    Column("Значение", lambda r: rate_text(r.value) if r.value is not None else "—", RIGHT),
    Column("Действует", _span),
    Column("Применяется", lambda r: "да" if r.enabled else "нет"),
    Column("Основание", lambda r: r.source or "", stretch=True),
)


class KeyRatesPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.rates = RowsModel(RATE_COLUMNS)
        self.rules = RowsModel(RULE_COLUMNS)
        self.date = QLineEdit()
        self.date.setPlaceholderText("ДД.ММ.ГГГГ")
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("ставка, %")
        self.add_button = QPushButton("&Внести ставку")
        self.add_button.clicked.connect(self.add_rate)
        self.rate.returnPressed.connect(self.add_rate)
        self.toggle_button = QPushButton("Включить / &выключить правило")
        self.toggle_button.clicked.connect(self.toggle_rule)
        editable = ctx.actor.can(Right.TARIFFS_EDIT)
        for w in (self.date, self.rate, self.add_button, self.toggle_button):
            w.setVisible(editable)
        row = QHBoxLayout()
        row.addWidget(QLabel("С даты:"))
        row.addWidget(self.date)
        row.addWidget(self.rate)
        row.addWidget(self.add_button)
        row.addStretch(1)
        self.status = QLabel("")
        self.status.setProperty("role", "muted")
        self.rate_table = TablePanel(self.rates, "Ставок нет")
        self.rule_table = TablePanel(self.rules, "Правил нет")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        tables = QHBoxLayout()
        tables.addWidget(self.rate_table, 1)
        right = QVBoxLayout()
        right.addWidget(self.rule_table, 1)
        right.addWidget(self.toggle_button)
        tables.addLayout(right, 3)
        layout.addLayout(tables, 1)
        self.reload()

    def reload(self) -> None:
        rates: list[KeyRateRow] = key_rates(self.ctx.db, self.ctx.actor)
        self.rates.set_rows(rates)
        self.rules.set_rows(penalty_rules(self.ctx.db, self.ctx.actor))

    def add_rate(self) -> None:
        try:
            day, month, year = (int(p) for p in self.date.text().strip().split("."))
            since = date(year, month, day)
        except ValueError:
            self.status.setText("Дата — в виде ДД.ММ.ГГГГ")
            return
        try:
            set_key_rate(self.ctx.db, self.ctx.actor, since, self.rate.text())
        except DomainError as exc:
            self.status.setText(exc.message)
            return
        self.status.setText(f"Ставка {self.rate.text()} % с {since:%d.%m.%Y} записана")
        self.date.clear()
        self.rate.clear()
        self.reload()

    def toggle_rule(self) -> None:
        index = self.rule_table.table.currentIndex()
        if not index.isValid():
            self.status.setText("Выберите правило в таблице")
            return
        rule: RuleRow = self.rules.row_at(index.row())
        try:
            set_rule_enabled(self.ctx.db, self.ctx.actor, rule.id, not rule.enabled)
        except DomainError as exc:
            self.status.setText(exc.message)
            return
        self.status.setText(f"{rule.title} {_span(rule)}: "
                            f"{'не применяется' if rule.enabled else 'применяется'}")
        self.reload()
