"""The dialogs of «Дома и лицевые счета»: a building, a premise, and an account opened, closed,
split or merged. Each keeps the operator's input when the save is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton, QSpinBox, QWidget

from app.accounts.lifecycle import (
    Part,
    PremiseAccount,
    Seen,
    close_account,
    merge_accounts,
    open_account,
    split_account,
)
from app.admin.contracts import party_choices
from app.admin.housing import (
    BUILDING_TITLES,
    PREMISE_TITLES,
    BuildingData,
    PremiseData,
    save_building,
    save_premise,
)
from app.tariffs.rules import parse_value
from app.titles import HEATING_MODE, HEATING_TYPE, PREMISE_KIND
from app.ui import labels as L
from app.ui.context import Context
from app.ui.forms import DateField
from app.ui.workspaces.admin.listing import EditDialog, choose, combo


def _area_text(value: Decimal | None) -> str:
    return L.quantity(value) if value is not None else ""


def _area(edit: QLineEdit, title: str) -> Decimal | None:
    text = edit.text().strip()
    return parse_value(text, title) if text else None


def _count(maximum: int, value: int | None, minimum: int = 0) -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum - 1, maximum)
    box.setSpecialValueText("—")  # minimum − 1: not given
    box.setValue(minimum - 1 if value is None else value)
    box.setMaximumWidth(110)
    return box


def _count_value(box: QSpinBox) -> int | None:
    return None if box.value() == box.minimum() else box.value()


class BuildingDialog(EditDialog):
    def __init__(self, ctx: Context, row: BuildingData | None, parent: QWidget | None = None
                 ) -> None:
        super().__init__(ctx, "Дом" if row else "Новый дом", save_building, parent)
        self.row = row
        self.company = combo(party_choices(ctx.db, ctx.actor).companies, empty="— нет —")
        self.city = QLineEdit(row.city if row else "")
        self.street = QLineEdit(row.street if row else "")
        self.house = QLineEdit(row.house if row else "")
        self.postcode = QLineEdit((row.postcode or "") if row else "")
        self.fias = QLineEdit((row.fias_guid or "") if row else "")
        self.year = _count(date.today().year, row.year_built if row else None, 1700)
        self.floors = _count(200, row.floors if row else None, 1)
        self.entrances = _count(100, row.entrances if row else None, 1)
        self.areas = {name: QLineEdit(_area_text(getattr(row, name)) if row else "")
                      for name in ("total_area", "living_area", "common_area")}
        self.heating_type = combo(list(HEATING_TYPE.items()))
        self.heating_mode = combo(list(HEATING_MODE.items()))
        widgets: list[tuple[str, QWidget]] = [
            ("company_id", self.company), ("city", self.city), ("street", self.street),
            ("house", self.house), ("postcode", self.postcode), ("fias_guid", self.fias),
            ("year_built", self.year), ("floors", self.floors), ("entrances", self.entrances),
            *self.areas.items(), ("heating_type", self.heating_type),
            ("heating_mode", self.heating_mode)]
        for name, widget in widgets:
            self.form.addRow(BUILDING_TITLES[name], widget)
        if row is not None:
            choose(self.company, row.company_id)
            choose(self.heating_type, row.heating_type)
            choose(self.heating_mode, row.heating_mode)
        self.street.setMinimumWidth(320)
        (self.street if row is None else self.floors).setFocus()

    def collect(self) -> BuildingData:
        areas: dict[str, Any] = {name: _area(edit, BUILDING_TITLES[name]) or Decimal(0)
                 for name, edit in self.areas.items()}
        base = self.row or BuildingData(city="", street="", house="")
        return replace(base, company_id=self.company.currentData(), city=self.city.text(),
                       street=self.street.text(), house=self.house.text(),
                       postcode=self.postcode.text(), fias_guid=self.fias.text(),
                       year_built=_count_value(self.year), floors=_count_value(self.floors),
                       entrances=_count_value(self.entrances),
                       heating_type=self.heating_type.currentData(),
                       heating_mode=self.heating_mode.currentData(), **areas)


class PremiseDialog(EditDialog):
    def __init__(self, ctx: Context, building_id: int, row: PremiseData | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Помещение" if row else "Новое помещение", save_premise, parent)
        self.row, self.building_id = row, building_id
        self.number = QLineEdit(row.number if row else "")
        self.kind = combo(list(PREMISE_KIND.items()))
        self.total = QLineEdit(_area_text(row.total_area) if row else "")
        self.living = QLineEdit(_area_text(row.living_area) if row else "")
        self.rooms = _count(50, row.rooms if row else None, 1)
        self.entrance = _count(100, row.entrance if row else None, 1)
        self.floor = _count(200, row.floor if row else None, -5)
        for name, widget in (("number", self.number), ("kind", self.kind),
                             ("total_area", self.total), ("living_area", self.living),
                             ("rooms", self.rooms), ("entrance", self.entrance),
                             ("floor", self.floor)):
            self.form.addRow(PREMISE_TITLES[name], widget)
        if row is not None:
            choose(self.kind, row.kind)
        self.number.setFocus()

    def collect(self) -> PremiseData:
        base = self.row or PremiseData(self.building_id, "", Decimal(0))
        return replace(base, number=self.number.text(), kind=self.kind.currentData(),
                       total_area=_area(self.total, "Общая площадь") or Decimal(0),
                       living_area=_area(self.living, "Жилая площадь"),
                       rooms=_count_value(self.rooms), entrance=_count_value(self.entrance),
                       floor=_count_value(self.floor))


class OpenAccountDialog(EditDialog):
    def __init__(self, ctx: Context, premise_id: int, accounts: list[PremiseAccount],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Открыть лицевой счёт", open_account, parent)
        self.premise_id = premise_id
        self.payer = QLineEdit()
        self.payer.setMinimumWidth(320)
        self.day = DateField(date.today())
        self.area = QLineEdit()
        self.area.setPlaceholderText("пусто — всё помещение")
        self.like = combo([(a.number, f"{a.number} — {a.payer_name}") for a in accounts],
                          empty="— без услуг —")
        for title, widget in (("&Плательщик", self.payer), ("Открыт &с", self.day),
                              ("Площадь, м²", self.area), ("Услуги как у счёта", self.like)):
            self.form.addRow(title, widget)
        self.payer.setFocus()

    def arguments(self) -> tuple[object, ...]:
        return (self.premise_id, self.payer.text(), self.day.day(), _area(self.area, "Площадь"),
                self.like.currentData())


class CloseAccountDialog(EditDialog):
    def __init__(self, ctx: Context, account: PremiseAccount, parent: QWidget | None = None
                 ) -> None:
        super().__init__(ctx, f"Закрыть лицевой счёт {account.number}", close_account, parent)
        self.account = account
        self.day = DateField(date.today())
        self.reason = QLineEdit()
        self.reason.setMinimumWidth(320)
        self.form.addRow("Последний &день", self.day)
        self.form.addRow("&Основание", self.reason)
        self.reason.setFocus()

    def arguments(self) -> tuple[object, ...]:
        return (self.account.seen, self.day.day(), self.reason.text())


class SplitDialog(EditDialog):
    """Parts: a payer and an area each; «Ещё часть» adds a row."""

    def __init__(self, ctx: Context, account: PremiseAccount, parent: QWidget | None = None
                 ) -> None:
        super().__init__(ctx, f"Разделить лицевой счёт {account.number}", split_account, parent)
        self.account = account
        self.day = DateField(date.today())
        self.form.addRow("Новые счета &с", self.day)
        self.parts: list[tuple[QLineEdit, QLineEdit]] = []
        self.more = QPushButton("Ещё часть")
        self.more.clicked.connect(self.add_part)
        self.form.addRow("", self.more)
        for _ in range(2):
            self.add_part()
        self.parts[0][0].setFocus()

    def add_part(self) -> None:
        payer, area = QLineEdit(), QLineEdit()
        payer.setMinimumWidth(260)
        area.setPlaceholderText("м²")
        area.setMaximumWidth(100)
        n = len(self.parts) + 1
        row = self.form.rowCount() - 1  # above «Ещё часть»
        self.form.insertRow(row, f"Часть {n}: плательщик", payer)
        self.form.insertRow(row + 1, f"Часть {n}: площадь", area)
        self.parts.append((payer, area))

    def collect(self) -> list[Part]:
        return [Part(payer.text(), _area(area, f"Часть {i}: площадь") or Decimal(0))
                for i, (payer, area) in enumerate(self.parts, start=1)]

    def arguments(self) -> tuple[object, ...]:
        return (self.account.seen, self.collect(), self.day.day())


class MergeDialog(EditDialog):
    def __init__(self, ctx: Context, accounts: list[PremiseAccount],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Объединить лицевые счета", merge_accounts, parent)
        self.checks: list[tuple[QCheckBox, PremiseAccount]] = []
        for a in accounts:
            box = QCheckBox(f"{a.number} — {a.payer_name}, {_area_text(a.area) or 'всё'} м²")
            box.setChecked(True)
            self.form.addRow("" if self.checks else "&Счета", box)
            self.checks.append((box, a))
        self.payer = QLineEdit()
        self.payer.setMinimumWidth(320)
        self.day = DateField(date.today())
        self.form.addRow("&Плательщик", self.payer)
        self.form.addRow("Новый счёт &с", self.day)
        self.payer.setFocus()

    def collect(self) -> list[Seen]:
        return [a.seen for box, a in self.checks if box.isChecked()]

    def arguments(self) -> tuple[object, ...]:
        return (self.collect(), self.payer.text(), self.day.day())
