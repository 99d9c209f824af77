"""«Реестр банка» (Ctrl+B at the desk): choose the file and the bank's profile, check it —
the control totals, the lines and sum that would post, each rejected line with its reason —
and only then post it. Both run off the UI thread with progress; the same file twice posts
nothing (the second check already says so, and posting is refused)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.calc.money import format_rub
from app.cashdesk.registries import (
    RegistryPreview,
    RegistryResult,
    import_steps,
    preview_steps,
)
from app.cashdesk.registry_format import PROFILES
from app.ui import keys
from app.ui.context import Context


class RegistryDialog(QDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: RegistryPreview | None = None
        self.checked: tuple[str, str] | None = None  # the file and bank the preview is of
        self.outcome: RegistryResult | None = None
        self.setWindowTitle("Реестр платежей банка: проверка и проведение")
        self.resize(900, 600)

        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("registryFile")
        self.file_edit.setPlaceholderText("файл реестра (Ctrl+O — выбрать)")
        choose = QPushButton("Выбрать… (Ctrl+O)")
        choose.clicked.connect(self.choose_file)
        self.bank = QComboBox()
        self.bank.setObjectName("registryBank")
        for code, prof in PROFILES.items():
            dates = (prof.date_format.replace("%d", "ДД").replace("%m", "ММ")
                     .replace("%Y", "ГГГГ").replace("%y", "ГГ"))
            self.bank.addItem(f"{prof.title} (кодировка {prof.encoding}, даты {dates})", code)
        self.check_button = QPushButton("Проверить (F5)")
        self.check_button.clicked.connect(self.check)
        self.post_button = QPushButton("Провести (Ctrl+Enter)")
        self.post_button.setObjectName("registryPost")
        self.post_button.clicked.connect(self.post)
        self.post_button.setEnabled(False)
        close = QPushButton("Закрыть (Esc)")
        close.clicked.connect(self.reject)
        for button in (choose, self.check_button, self.post_button, close):
            button.setAutoDefault(False)

        top = QGridLayout()
        top.addWidget(QLabel("Файл"), 0, 0)
        top.addWidget(self.file_edit, 0, 1)
        top.addWidget(choose, 0, 2)
        top.addWidget(QLabel("Банк"), 1, 0)
        top.addWidget(self.bank, 1, 1, 1, 2)
        self.totals = QLabel("Выберите файл и банк, затем проверьте реестр (F5): до проверки "
                             "ничего не проводится.")
        self.totals.setObjectName("registryTotals")
        self.totals.setWordWrap(True)
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        self.totals.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.totals.setMinimumHeight(self.fontMetrics().lineSpacing() * 7)
        self.rejected_table = QTableWidget(0, 2)
        self.rejected_table.setObjectName("registryRejected")
        self.rejected_table.setHorizontalHeaderLabels(("Строка", "Почему отклонена"))
        self.rejected_table.verticalHeader().setVisible(False)
        self.rejected_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.rejected_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.post_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.totals)
        layout.addWidget(QLabel("Отклонённые строки"))
        layout.addWidget(self.rejected_table, 1)
        layout.addLayout(buttons)
        keys.bind(self, "Ctrl+O", "выбрать файл реестра", self.choose_file)
        keys.bind(self, "F5", "проверить реестр: контрольные суммы и строки", self.check)
        keys.bind(self, "Ctrl+Return", "провести проверенный реестр", self.post)
        self.file_edit.textChanged.connect(self._forget)
        self.bank.currentIndexChanged.connect(self._forget)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Реестр платежей банка", "",
                                              "Реестры (*.txt *.csv *.dat);;Все файлы (*)")
        if name:
            self.file_edit.setText(name)

    def _what(self) -> tuple[str, str]:
        return self.file_edit.text().strip(), str(self.bank.currentData())

    def _forget(self) -> None:
        """Another file or bank: the check shown is not of it, nothing may post."""
        if self.checked is not None and self.checked != self._what():
            self.checked = self.preview = None
            self.post_button.setEnabled(False)
            self.totals.setText("Файл или банк изменены: проверьте реестр заново (F5).")
            self.rejected_table.setRowCount(0)

    def check(self) -> None:
        path, bank = self._what()
        if not path:
            self.totals.setText("Выберите файл реестра (Ctrl+O)")
            return
        self.post_button.setEnabled(False)
        self.totals.setText("Проверка…")

        def done(preview: RegistryPreview) -> None:
            self.show_preview(preview, (path, bank))

        self.ctx.run_job(preview_steps(self.ctx.db, self.ctx.actor, Path(path), bank),
                         "Проверка реестра", on_done=done, on_failed=self.totals.setText)

    def show_preview(self, preview: RegistryPreview, checked: tuple[str, str]) -> None:
        self.preview, self.checked = preview, checked
        declared = (f"платежей {preview.declared_lines}, сумма "
                    f"{format_rub(preview.declared_total or 0)}"
                    if preview.declared_lines is not None else "нет")
        lines = [f"Реестр {preview.file} — {preview.bank}",
                 f"Контрольные суммы реестра: {declared}",
                 f"Будет проведено: {len(preview.lines)} платежей на "
                 f"{format_rub(preview.total)}; показаний приборов: {preview.readings}",
                 f"Отклонено строк: {len(preview.rejected)}"]
        lines += [f"Реестр не принимается: {p.message}" for p in preview.file_problems]
        if preview.already_imported:
            lines.append(preview.already_imported)
        lines.append("Ctrl+Enter — провести." if preview.can_post else "Проводить нечего.")
        self.totals.setText("\n".join(lines))
        self.rejected_table.setRowCount(len(preview.rejected))
        for row, problem in enumerate(preview.rejected):
            self.rejected_table.setItem(row, 0, QTableWidgetItem(problem.where))
            self.rejected_table.setItem(row, 1, QTableWidgetItem(problem.message))
        self.post_button.setEnabled(preview.can_post)

    def post(self) -> None:
        if self.preview is not None and self.checked == self._what() \
                and not self.preview.can_post:
            return  # the check on screen says why nothing can post
        if self.preview is None or self.checked != self._what():
            self.totals.setText("Сначала проверьте реестр (F5): проводится только "
                                "проверенный файл")
            return
        path, bank = self.checked
        self.post_button.setEnabled(False)

        def done(result: RegistryResult) -> None:
            self.outcome = result
            text = (f"Проведено платежей: {result.posted} на {format_rub(result.total)} "
                    f"(реестр №{result.registry_id}).")
            if result.readings_summary:
                text += f"\nПоказания: {result.readings_summary}"
            self.totals.setText(text)
            self.preview = None

        self.ctx.run_job(import_steps(self.ctx.db, self.ctx.actor, Path(path), bank),
                         "Проведение реестра", on_done=done, on_failed=self.totals.setText)
