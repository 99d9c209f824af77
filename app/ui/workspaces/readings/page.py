"""«Показания»: a month of readings for a building, street or route, typed from the keyboard;
files from controllers and companies loaded with a per-row report (Ctrl+O).

Ctrl+S saves: errors are listed and nothing is written; warnings are listed and saved only after
the operator confirms. The work is done by `app.meters.entry`; this page only shows it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.calc.period import Period
from app.changes import Change, changes_of
from app.errors import DomainError, InvalidInput, Problem
from app.meters.entry import (
    SheetRow,
    check_readings,
    default_period,
    enter_readings,
    is_closed_period,
    reading_sheet,
    sheet_choices,
)
from app.meters.importing import ImportReport, import_readings
from app.meters.validation import ReadingEntry, WarningsNotConfirmed
from app.models.enums import ReadingSource
from app.rights import Right
from app.titles import READING_SOURCE
from app.ui import keys
from app.ui import labels as L
from app.ui.context import Context
from app.ui.forms import PeriodBox
from app.ui.workspaces.readings.file_import import FileImport, ask_to_post
from app.ui.workspaces.readings.grid import ReadingsGrid, ReadingsModel

FILTERS = (("building", "Дом"), ("street", "Улица"), ("route", "Маршрут"))
SOURCES = (ReadingSource.OPERATOR, ReadingSource.CONSUMER, ReadingSource.CONTROLLER,
           ReadingSource.IMPORT)  # in the order offered
MAX_LISTED = 25
MAX_RECALC_LINES = 12  # lines of a correction's recalculation shown; the journal has all
RECENT_PERIODS = 11  # months before the open one offered for corrections


class ReadingsPage(QWidget):
    def __init__(self, ctx: Context, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today or date.today()
        heading = QLabel("Показания приборов учёта")
        heading.setProperty("role", "title")
        hint = QLabel("Наберите показание и нажмите Enter — курсор перейдёт к следующему "
                      "прибору. Delete — стереть, Ctrl+S — сохранить.")
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        current = default_period(ctx.db, self.today)
        recent = [current]
        for _ in range(RECENT_PERIODS):
            recent.append(recent[-1].prev())
        self.period_box = PeriodBox(recent, current)
        self.period_box.setToolTip("Расчётный период, за который вводятся показания")
        self.kind = QComboBox()
        for key, title in FILTERS:
            self.kind.addItem(title, key)
        self.source = QComboBox()
        for key in SOURCES:
            self.source.addItem(READING_SOURCE[key], key)
        self.source.setToolTip("Кто сообщил показания: записывается с каждым показанием")
        self.target = QComboBox()
        self.target.setMinimumWidth(240)
        self.open_button = QPushButton("Открыть")
        self.save_button = QPushButton("Сохранить (Ctrl+S)")
        self.import_button = QPushButton("Загрузить из файла… (Ctrl+O)")
        self.import_button.setToolTip("Показания контролёров, управляющих компаний, жителей: "
                                      "XLSX или CSV; сначала проверка, потом загрузка")
        self.status = QLabel("")
        self.status.setProperty("role", "muted")
        self.model = ReadingsModel(self)
        self.model.checker = self._check
        self.grid = ReadingsGrid(self.model)
        self._layout(heading, hint)
        self.choices = sheet_choices(ctx.db, ctx.actor)
        self.kind.currentIndexChanged.connect(self._fill_targets)
        self.open_button.clicked.connect(self.open_sheet)
        self.target.activated.connect(lambda _i: self.open_sheet())
        for box in (self.period_box, self.target):
            keys.bind(box, "Return", "открыть ведомость", self.open_sheet)
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(ctx.actor.can(Right.READINGS_ENTER))
        self.import_button.clicked.connect(lambda: self.import_file())
        self.import_button.setEnabled(ctx.actor.can(Right.READINGS_ENTER))
        if ctx.actor.can(Right.READINGS_ENTER):
            keys.bind(self, "Ctrl+S", "сохранить введённые показания", self.save)
            keys.bind(self, "Ctrl+O", "загрузить показания из файла", self.import_file)
        self._fill_targets()
        self.setFocusProxy(self.grid)
        ctx.subscribe(self.on_changes)

    def _layout(self, heading: QLabel, hint: QLabel) -> None:
        bar = QHBoxLayout()
        for widget in (QLabel("Период:"), self.period_box, self.kind, self.target,
                       self.open_button, QLabel("Источник:"), self.source):
            bar.addWidget(widget)
        bar.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(bar)
        layout.addWidget(self.grid, 1)
        layout.addLayout(bottom)

    def _fill_targets(self) -> None:
        self.target.clear()
        for choice in self.choices[self.kind.currentData()]:
            self.target.addItem(choice.title, choice.key)

    def period(self) -> Period:
        return self.period_box.period()

    # --- loading --------------------------------------------------------------------------
    def open_sheet(self) -> None:
        if self.model.unsaved() and not self.ask_confirm(
                "Введённые показания не сохранены и будут потеряны. Открыть другую ведомость?"):
            return
        if self.target.currentData() is None:
            self.status.setText("Выберите дом, улицу или маршрут")
            return
        try:
            period = self.period()
            rows = self._sheet(period)
        except (DomainError, ValueError) as exc:
            self.show_error(getattr(exc, "message", str(exc)))
            return
        self.model.load(rows)
        self.status.setText(f"{self.target.currentText()}, {L.period(period)}: приборов "
                            f"{len({r.meter_id for r in rows})}, строк {len(rows)}"
                            if rows else "Приборов учёта для ввода нет")
        self.grid.setFocus()

    def _check(self, row: SheetRow, value: Decimal) -> tuple[Decimal | None, list[Problem]]:
        entry = ReadingEntry(row.meter_id, value, row.zone)
        try:
            check = check_readings(self.ctx.db, self.ctx.actor, self.period(), [entry],
                                   today=self.today)[0]
        except (DomainError, ValueError) as exc:
            return None, [Problem("", getattr(exc, "message", str(exc)))]
        return check.consumption, [Problem("", p.message, p.warning) for p in check.problems]

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        self.grid.commit_editing()
        unreadable = self.model.unreadable()
        if unreadable:
            self.grid.go_to(unreadable[0][0])
            self.status.setText("Не сохранено: есть показания, которые не удалось прочитать")
            self.show_error(_listing(
                "Показания не сохранены: исправьте значения, которые не удалось прочитать:",
                [Problem(_where(row), "; ".join(p.message for p in st.problems))
                 for _i, row, st in unreadable]))
            return False
        pending = self.model.pending()
        if not pending:
            self.status.setText("Нечего сохранять: новых показаний нет")
            return False
        source = self.source.currentData()
        entries = [ReadingEntry(r.meter_id, v, r.zone, source=source) for _, r, v in pending]
        try:
            period = self.period()
            reason = ""
            if is_closed_period(self.ctx.db, self.ctx.actor, period):
                reason = self.ask_reason(period).strip()
                if not reason:
                    self.status.setText(f"Не сохранено: период {period.title()} закрыт, "
                                        "исправление требует причины")
                    return False
            try:
                result = self.ctx.perform(enter_readings, period, entries, today=self.today,
                                          reason=reason)
            except WarningsNotConfirmed as warn:
                if not self.ask_confirm(_listing("Сохранить показания с предупреждениями?",
                                                 warn.problems)):
                    self.status.setText("Не сохранено: предупреждения не подтверждены")
                    return False
                result = self.ctx.perform(enter_readings, period, entries, today=self.today,
                                          confirm_warnings=True, reason=reason)
        except InvalidInput as exc:
            self.show_error(_listing("Показания не сохранены, исправьте ошибки:",
                                     [p for p in exc.problems if not p.warning]))
            return False
        except (DomainError, ValueError) as exc:
            self.show_error(getattr(exc, "message", str(exc)))
            return False
        row = self.grid.currentIndex().row()
        self.model.load(self._sheet(period))
        self.grid.go_to(max(0, min(row, self.model.rowCount() - 1)))
        saved = f"Сохранено: новых {result.inserted}, исправлено {result.updated}"
        recalculated = result.recalculation.summary()
        self.status.setText(f"{saved}. {recalculated[0]}" if recalculated else saved)
        if len(recalculated) > 1:
            self.show_info("\n".join(recalculated[:MAX_RECALC_LINES + 1]))
        return True

    def _sheet(self, period: Period) -> list[SheetRow]:
        kind, key = self.kind.currentData(), self.target.currentData()
        return reading_sheet(self.ctx.db, self.ctx.actor, period,
                             building_id=key if kind == "building" else None,
                             street=key if kind == "street" else None,
                             list_id=key if kind == "route" else None)

    # --- import from a file ---------------------------------------------------------------
    def import_file(self, path: Path | None = None) -> None:
        path = path or self.pick_file()
        if path is None:
            return
        try:
            period: Period | None = self.period()
        except ValueError:
            period = None  # the file must then name its periods
        source = self.source.currentData()
        if source == ReadingSource.OPERATOR:
            source = ReadingSource.IMPORT  # a file is never typed by the operator
        FileImport(self.ctx, path, period, self.today, source, ask=self.ask_import,
                   done=self._imported, failed=self.show_error).start()

    def _imported(self, report: ImportReport) -> None:
        self.status.setText(report.summary())
        if report.written:
            self.ctx.changed(changes_of(import_readings))

    def on_changes(self, changes: Change) -> None:
        """Readings or meters changed elsewhere (a file, a card): the open sheet shows them,
        unless the operator has typed values not yet saved — those are never thrown away."""
        if not changes & (Change.READINGS | Change.METERS | Change.PERIODS):
            return
        if not self.model.rowCount() or self.model.unsaved():
            return
        try:
            self.model.load(self._sheet(self.period()))
        except (DomainError, ValueError) as exc:
            self.show_error(getattr(exc, "message", str(exc)))

    # --- dialogs (tests replace these) ----------------------------------------------------
    def pick_file(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self, "Файл показаний", "",
                                              "Показания (*.xlsx *.csv);;Все файлы (*)")
        return Path(name) if name else None

    def ask_import(self, report: ImportReport) -> bool | None:
        return ask_to_post(report, self)

    def ask_confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "Показания", text)
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, "Показания", text)

    def show_info(self, text: str) -> None:
        QMessageBox.information(self, "Показания", text)

    def ask_reason(self, period: Period) -> str:
        text, ok = QInputDialog.getText(
            self, "Исправление закрытого периода",
            f"Период {period.title()} закрыт. Показания за него сохраняются как исправление: "
            "начисления пересчитываются, разница записывается в открытый период.\n\n"
            "Причина исправления:")
        return text if ok else ""


def _where(row: SheetRow) -> str:
    flat = f", кв. {row.flat}" if row.flat else ""
    zone = f", {row.zone_title}" if row.zone_title else ""
    return f"д. {row.house}{flat}, {row.resource_title} №{row.serial}{zone}"


def _listing(title: str, problems: list[Problem]) -> str:
    lines = [f"• {p}" for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"… и ещё {len(problems) - MAX_LISTED}")
    return "\n".join([title, *lines])

