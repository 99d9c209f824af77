"""The dashboard's four charts on pyqtgraph: white, labelled in Russian, money in thousands of
roubles (the figures arrive in kopecks; floats only for drawing)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from app.calc.debt import AGE_BUCKETS
from app.reports.analytics import Dashboard

CHARGED = QColor("#4e79a7")
COLLECTED = QColor("#59a14f")
DEBT = QColor("#e15759")
RATE = QColor("#f28e2b")


def thousands(kopecks: int) -> float:
    """For drawing only: kopecks to thousands of roubles."""
    return float(Decimal(kopecks) / 100_000)


class Chart(pg.PlotWidget):
    def __init__(self, title: str) -> None:
        super().__init__(background="w")
        self.setObjectName("chart")
        self.title = title
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        small = QFont()
        small.setPointSize(8)
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setPen(pg.mkPen("#444"))
            axis.setTextPen(pg.mkPen("#222"))
            axis.setTickFont(small)
        item.showGrid(x=False, y=True, alpha=0.25)

    def reset(self) -> pg.PlotItem:
        item = self.getPlotItem()
        item.clear()
        return item


def _ticks(labels: Sequence[str]) -> list[list[tuple[float, str]]]:
    return [[(float(i), text) for i, text in enumerate(labels)]]


def draw_flows(chart: Chart, board: Dashboard) -> None:
    item = chart.reset()
    xs = list(range(len(board.months)))
    key = []
    for shift, values, color, name in (
            (-0.2, [thousands(m.charged) for m in board.months], CHARGED, "Начислено"),
            (0.2, [thousands(m.collected) for m in board.months], COLLECTED, "Собрано")):
        item.addItem(pg.BarGraphItem(x=[x + shift for x in xs], height=values, width=0.38,
                                     brush=color, pen=pg.mkPen(color.darker(120))))
        key.append(f'<span style="color:{color.name()}">■</span> '
                   f'<span style="color:#222">{name}</span>')
    item.setTitle("&nbsp;&nbsp;&nbsp;".join(key), size="9pt")  # the legend, above the bars
    item.getAxis("bottom").setTicks(_ticks([f"{m.period.month:02d}.{m.period.year % 100:02d}"
                                            for m in board.months]))
    item.setLabel("left", "тыс. ₽")
    item.setXRange(-0.7, max(len(xs) - 0.3, 0.7), padding=0)
    item.enableAutoRange(axis="y")


def draw_rate(chart: Chart, board: Dashboard) -> None:
    item = chart.reset()
    points = [(float(i), float(m.rate)) for i, m in enumerate(board.months) if m.rate is not None]
    dashed = pg.mkPen("#999", style=Qt.PenStyle.DashLine)
    item.addItem(pg.InfiniteLine(pos=100, angle=0, pen=dashed))
    if points:
        item.plot([x for x, _y in points], [y for _x, y in points], pen=pg.mkPen(RATE, width=2),
                  symbol="o", symbolBrush=RATE, symbolPen=pg.mkPen(RATE), symbolSize=7)
    item.getAxis("bottom").setTicks(_ticks([f"{m.period.month:02d}.{m.period.year % 100:02d}"
                                            for m in board.months]))
    item.setLabel("left", "%")
    top = max([y for _x, y in points] + [100.0])
    item.setYRange(-top * 0.05, top * 1.1, padding=0)
    item.setXRange(-0.5, max(len(board.months) - 0.5, 0.5), padding=0)


def draw_ages(chart: Chart, board: Dashboard) -> None:
    item = chart.reset()
    values = [thousands(v) for _t, v in board.ages]
    item.addItem(pg.BarGraphItem(x=list(range(len(values))), height=values, width=0.6,
                                 brush=DEBT, pen=pg.mkPen(DEBT.darker(120))))
    short = {title: f"{lo}–{hi} мес." if hi is not None else f"> {lo} мес."
             for lo, hi, title in AGE_BUCKETS}
    item.getAxis("bottom").setTicks(_ticks([short.get(t, t) for t, _v in board.ages]))
    item.setLabel("left", "тыс. ₽")
    item.setXRange(-0.6, len(values) - 0.4, padding=0)
    item.enableAutoRange(axis="y")


def draw_buildings(chart: Chart, board: Dashboard) -> None:
    item = chart.reset()
    rows = list(reversed(board.buildings))  # the most at the top
    values = [thousands(v) for _a, v in rows]
    item.addItem(pg.BarGraphItem(x0=0, y=list(range(len(rows))), width=values, height=0.6,
                                 brush=DEBT, pen=pg.mkPen(DEBT.darker(120))))
    item.getAxis("left").setTicks(_ticks([a for a, _v in rows]))
    item.getAxis("left").setWidth(150)
    item.setLabel("bottom", "тыс. ₽")
    item.setYRange(-0.6, max(len(rows) - 0.4, 0.4), padding=0)
    item.enableAutoRange(axis="x")
