"""The list of what is wrong after a refused calculation, one line per account and problem,
with the choice to skip those accounts and calculate the rest."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.errors import Problem
from app.ui.table_view import make_table
from app.ui.tables.rows import Column, RowsModel

PROBLEM_COLUMNS = (
    Column("Лицевой счёт", lambda p: p.where, width=330),
    Column("Что не так", lambda p: p.message, tooltip=lambda p: p.message),
)


class ProblemsDialog(QDialog):
    """`skip_chosen` is True when the operator chose to calculate the other accounts."""

    def __init__(self, title: str, problems: list[Problem], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Расчёт не выполнен")
        self.skip_chosen = False
        accounts = len({p.where for p in problems})
        heading = QLabel(f"{title}.\nСчетов с ошибками: {accounts}, ошибок: {len(problems)}.")
        heading.setWordWrap(True)
        self.model = RowsModel(PROBLEM_COLUMNS, problems)
        self.table = make_table(self.model)
        self.skip_button = QPushButton("Пропустить эти счета и рассчитать остальные")
        self.skip_button.clicked.connect(self._skip)
        close = QPushButton("Закрыть")
        close.clicked.connect(self.reject)
        close.setDefault(True)  # Enter never skips accounts by accident
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(820, 420)

    def _skip(self) -> None:
        self.skip_chosen = True
        self.accept()
