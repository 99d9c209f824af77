"""What to print for the debtors chosen: a notice of the debt or a warning of limitation (with
the services it names — never heating or cold water), and where the PDF goes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.debtors.views import debtor_choices
from app.models.enums import NoticeKind
from app.ui.context import Context
from app.ui.forms import buddy_label, dialog_buttons, error_label, show_error


class NoticesDialog(QDialog):
    def __init__(self, ctx: Context, count: int, on: date, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Уведомления и предупреждения должникам")
        self.notice = QRadioButton("&Уведомление о задолженности")
        self.warning = QRadioButton("&Предупреждение об ограничении (приостановлении) услуги")
        self.notice.setChecked(True)
        self.service_list = QListWidget()
        # by the norm per person, never heating or cold water (ПП 354 п. 117, 119)
        for code, name in debtor_choices(ctx.db, ctx.actor).limitable:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.service_list.addItem(item)
        self.service_list.setMaximumHeight(130)
        self.skip_refused = QCheckBox("пропускать счета, где долг по услуге не превышает "
                                      "двух месяцев по нормативу (п. 117)")
        self.file = QLineEdit(str(Path.home() / f"Уведомления {on:%Y-%m-%d}.pdf"))
        browse = QPushButton("Обзор…")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(QLabel(f"Должников в списке: {count}; на дату {on:%d.%m.%Y}"))
        form.addRow(self.notice)
        form.addRow(self.warning)
        form.addRow("&Услуги:", self.service_list)
        form.addRow(self.skip_refused)
        form.addRow(buddy_label("&Файл PDF:", self.file), file_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "Печатать", self._ok, save=False))
        self.warning.toggled.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        on = self.warning.isChecked()
        self.service_list.setEnabled(on)
        self.skip_refused.setEnabled(on)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Куда сохранить", self.file.text(),
                                              "Документ PDF (*.pdf)")
        if path:
            self.file.setText(path)

    def kind(self) -> NoticeKind:
        return NoticeKind.LIMITATION_WARNING if self.warning.isChecked() \
            else NoticeKind.DEBT_NOTICE

    def services(self) -> list[str]:
        if self.kind() != NoticeKind.LIMITATION_WARNING:
            return []
        out = []
        for i in range(self.service_list.count()):
            item = self.service_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def check_service(self, code: str) -> None:
        for i in range(self.service_list.count()):
            item = self.service_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                item.setCheckState(Qt.CheckState.Checked)

    def path(self) -> Path:
        return Path(self.file.text().strip()).expanduser()

    def _ok(self) -> None:
        if self.kind() == NoticeKind.LIMITATION_WARNING and not self.services():
            show_error(self.error, "Отметьте услугу, которую ограничат")
            return
        if not self.file.text().strip().lower().endswith(".pdf"):
            show_error(self.error, "Имя файла — с расширением .pdf")
            return
        self.accept()
