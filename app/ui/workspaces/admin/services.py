"""«Услуги»: what is charged and how — the method from the registry of charge methods, the
resource, the norm base, zones, penalties, absence and interruption rules."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox, QWidget

from app.admin.services import (
    MAX_HOURS,
    MAX_ZONES,
    TITLES,
    ServiceData,
    list_services,
    method_choices,
    save_service,
)
from app.titles import NORM_BASE, PENALTY_KIND, RESOURCE
from app.ui.context import Context
from app.ui.tables.rows import RIGHT, Column
from app.ui.workspaces.admin.listing import EditDialog, ListSection, choose, combo

NONE = "— нет —"
COLUMNS = [
    Column("Код", lambda s: s.code),
    Column("Наименование", lambda s: s.name, stretch=True),
    Column("Ед.", lambda s: s.unit),
    Column("Способ расчёта", lambda s: s.method_title),
    Column("Ресурс", lambda s: RESOURCE.get(s.resource or "", "")),
    Column("Норматив", lambda s: NORM_BASE.get(s.norm_base or "", "")),
    Column("Зон", lambda s: str(s.zones), align=RIGHT),
    Column("Порядок", lambda s: str(s.sort_order), align=RIGHT),
]


def _hours(value: int | None) -> QSpinBox:
    box = QSpinBox()
    box.setRange(-1, MAX_HOURS)
    box.setSpecialValueText("не задано")  # -1
    box.setValue(-1 if value is None else value)
    box.setMaximumWidth(140)
    return box


class ServiceDialog(EditDialog):
    def __init__(self, ctx: Context, row: ServiceData | None, parent: QWidget | None = None
                 ) -> None:
        super().__init__(ctx, "Услуга" if row else "Новая услуга", save_service, parent)
        self.row = row
        self.code = QLineEdit(row.code if row else "")
        self.code.setReadOnly(row is not None)  # the code is the service's key: set once
        self.name = QLineEdit(row.name if row else "")
        self.unit = QLineEdit(row.unit if row else "")
        self.method = combo(method_choices())
        self.resource = combo(list(RESOURCE.items()), empty=NONE)
        self.norm_base = combo(list(NORM_BASE.items()), empty=NONE)
        self.penalty = combo(list(PENALTY_KIND.items()))
        self.zones = QSpinBox()
        self.zones.setRange(1, MAX_ZONES)
        self.zones.setMaximumWidth(80)
        self.raising = QCheckBox("применяется без прибора учёта")
        self.absence = QCheckBox("перерасчёт при временном отсутствии")
        self.hours_month = _hours(row.permitted_hours_month if row else None)
        self.hours_once = _hours(row.permitted_hours_once if row else None)
        self.sort_order = QSpinBox()
        self.sort_order.setRange(0, 9999)
        self.sort_order.setMaximumWidth(100)
        for name, widget in (("code", self.code), ("name", self.name), ("unit", self.unit),
                             ("method", self.method), ("resource", self.resource),
                             ("norm_base", self.norm_base), ("zones", self.zones),
                             ("penalty_kind", self.penalty), ("raising_applies", self.raising),
                             ("absence_applies", self.absence),
                             ("permitted_hours_month", self.hours_month),
                             ("permitted_hours_once", self.hours_once),
                             ("sort_order", self.sort_order)):
            self.form.addRow(TITLES[name], widget)
        if row is not None:
            for box, value in ((self.method, row.method), (self.resource, row.resource),
                               (self.norm_base, row.norm_base), (self.penalty, row.penalty_kind)):
                choose(box, value)
            self.zones.setValue(row.zones)
            self.raising.setChecked(row.raising_applies)
            self.absence.setChecked(row.absence_applies)
            self.sort_order.setValue(row.sort_order)
            self.name.setFocus()
        self.setMinimumWidth(520)

    def collect(self) -> ServiceData:
        def hours(box: QSpinBox) -> int | None:
            return None if box.value() < 0 else box.value()

        return ServiceData(
            code=self.code.text(), name=self.name.text(), unit=self.unit.text(),
            method=self.method.currentData(), resource=self.resource.currentData(),
            norm_base=self.norm_base.currentData(), penalty_kind=self.penalty.currentData(),
            zones=self.zones.value(), raising_applies=self.raising.isChecked(),
            absence_applies=self.absence.isChecked(),
            permitted_hours_month=hours(self.hours_month),
            permitted_hours_once=hours(self.hours_once), sort_order=self.sort_order.value(),
            id=self.row.id if self.row else None, version=self.row.version if self.row else None)


class ServicesPage(ListSection):
    what = "услуга"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, COLUMNS, "services_table")
        self.reload()

    def load(self) -> list[ServiceData]:
        return list_services(self.ctx.db, self.ctx.actor)

    def count_text(self, n: int) -> str:
        return f"Услуг: {n}"

    def dialog_for(self, row: ServiceData | None) -> ServiceDialog:
        return ServiceDialog(self.ctx, row, self)
