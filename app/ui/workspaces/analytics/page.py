"""The analytics page: a range of periods and a filter, F5 builds the figures off the UI thread
(`app.reports.analytics`), four charts draw them, each saved as a PNG by its button."""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.calc.money import format_rub
from app.calc.period import Period
from app.errors import DomainError
from app.reports.analytics import Dashboard, dashboard
from app.reports.choices import report_choices
from app.reports.filters import ReportFilter
from app.ui import keys
from app.ui.context import Context
from app.ui.forms import buddy_label, error_label, show_error
from app.ui.workspaces.analytics.charts import (
    Chart,
    draw_ages,
    draw_buildings,
    draw_flows,
    draw_rate,
)

ANY = "— все —"
CHARTS: tuple[tuple[str, str, Callable[[Chart, Dashboard], None]], ...] = (
    ("flows", "Начислено и собрано по месяцам", draw_flows),
    ("rate", "Собираемость по месяцам, %", draw_rate),
    ("ages", "Долг по возрасту", draw_ages),
    ("buildings", "Дома с наибольшим долгом", draw_buildings),
)


def _combo(items: Sequence[tuple[object, str]], with_any: bool = True) -> QComboBox:
    box = QComboBox()
    if with_any:
        box.addItem(ANY, None)
    for value, text in items:
        box.addItem(text, value)
    box.setMinimumContentsLength(12)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box


class AnalyticsPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.board: Dashboard | None = None
        choices = report_choices(ctx.db, ctx.actor)
        periods = [(p, p.title()) for p in choices.periods]
        self.period_from = _combo(periods, with_any=False)
        self.period_to = _combo(periods, with_any=False)
        if periods:  # the last twelve months by default
            self.period_from.setCurrentIndex(min(11, len(periods) - 1))
        self.company = _combo(choices.companies)
        self.building = _combo(choices.buildings)
        self.build_button = QPushButton("Построить (F5)")
        self.build_button.clicked.connect(self.build)

        bar = QHBoxLayout()
        for text, box in (("&с", self.period_from), ("&по", self.period_to),
                          ("&Компания", self.company), ("&Дом", self.building)):
            bar.addWidget(buddy_label(text, box))
            bar.addWidget(box)
        bar.addStretch(1)
        bar.addWidget(self.build_button)

        self.summary = QLabel("Выберите период и нажмите F5")
        self.summary.setObjectName("analytics_summary")
        self.summary.setWordWrap(True)
        self.error = error_label()
        self.charts: dict[str, Chart] = {}
        self.save_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for n, (key, title, _draw) in enumerate(CHARTS):
            frame = QGroupBox(title)
            inner = QVBoxLayout(frame)
            chart = Chart(title)
            chart.setMinimumSize(300, 180)
            save = QPushButton("Сохранить PNG…")
            save.setEnabled(False)
            save.clicked.connect(lambda _=False, k=key: self.save_png(k))
            inner.addWidget(chart, 1)
            inner.addWidget(save)
            self.charts[key], self.save_buttons[key] = chart, save
            grid.addWidget(frame, n // 2, n % 2)

        page = QVBoxLayout(self)
        page.addLayout(bar)
        page.addWidget(self.summary)
        page.addWidget(self.error)
        page.addLayout(grid, 1)
        keys.bind(self, "F5", "построить графики", self.build, context=keys.WINDOW)

    def current_filter(self) -> ReportFilter:
        first, last = self.period_from.currentData(), self.period_to.currentData()
        if not isinstance(first, Period) or not isinstance(last, Period):
            raise DomainError("В базе ещё нет расчётных периодов")
        return ReportFilter(first, last, company_id=self.company.currentData(),
                            building_id=self.building.currentData())

    def build(self) -> None:
        try:
            f = self.current_filter()
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")
        db, actor = self.ctx.db, self.ctx.actor

        def steps() -> Generator[tuple[int, int, str], None, Dashboard]:
            yield 0, 1, "Аналитика: начисления, платежи и долги…"
            return dashboard(db, actor, f)

        self.build_button.setEnabled(False)
        self.ctx.run_job(steps(), "Аналитика", on_done=self.show_board, on_failed=self._failed,
                         on_cancelled=lambda: self.build_button.setEnabled(True))

    def _failed(self, message: str) -> None:
        self.build_button.setEnabled(True)
        show_error(self.error, message)

    def show_board(self, board: Dashboard) -> None:
        self.build_button.setEnabled(True)
        self.board = board
        rate = f"{board.rate} %".replace(".", ",") if board.rate is not None else "—"
        self.summary.setText(
            f"<b>{board.subtitle}</b>: начислено {format_rub(board.charged)}, собрано "
            f"{format_rub(board.collected)}, собираемость {rate}; долг "
            f"{format_rub(board.debt)} у {board.debtors} лицевых счетов")
        for key, _title, draw in CHARTS:
            draw(self.charts[key], board)
            self.save_buttons[key].setEnabled(True)

    def save_png(self, key: str, path: str | None = None) -> Path | None:
        if self.board is None:
            return None
        chart = self.charts[key]
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, f"Сохранить график «{chart.title}»",
                                                  f"{key}.png", "Рисунок PNG (*.png)")
            if not path:
                return None
        target = Path(path)
        partial = target.with_name(f".{target.name}.partial")
        try:
            if not target.parent.is_dir():
                raise DomainError(f"Папки {target.parent} нет — график не записан")
            if not chart.grab().save(str(partial), "PNG"):
                raise DomainError(f"Не удалось записать {target}")
            os.replace(partial, target)
        except OSError as exc:
            show_error(self.error, f"Не удалось записать {target}: {exc.strerror}")
            return None
        except DomainError as exc:
            show_error(self.error, exc.message)
            return None
        finally:
            partial.unlink(missing_ok=True)
        show_error(self.error, "")
        self.summary.setToolTip(f"Сохранено: {target}")
        return target
