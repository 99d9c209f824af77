"""«Дома и лицевые счета»: the buildings (Insert adds, Enter edits), the premises of the
selected building, and the accounts of the selected premise — opened, closed, split, merged.
Closed accounts stay listed with their dates: their history is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.accounts.lifecycle import PremiseAccount, premise_accounts
from app.admin.housing import BuildingData, PremiseData, list_buildings, list_premises
from app.changes import Change
from app.errors import DomainError
from app.titles import ACCOUNT_STATUS
from app.ui import keys
from app.ui import labels as L
from app.ui.context import Context
from app.ui.forms import error_label, show_error
from app.ui.table_view import make_table
from app.ui.tables.rows import RIGHT, Column, RowsModel
from app.ui.workspaces.admin.housing_dialogs import (
    BuildingDialog,
    CloseAccountDialog,
    MergeDialog,
    OpenAccountDialog,
    PremiseDialog,
    SplitDialog,
)
from app.ui.workspaces.admin.listing import ListSection

BUILDINGS = [
    Column("Адрес", lambda b: b.address, stretch=True),
    Column("Отопление", lambda b: b.heating_title),
    Column("Этажей", lambda b: str(b.floors or ""), align=RIGHT),
    Column("Общая, м²", lambda b: L.quantity(b.total_area), align=RIGHT),
]
PREMISES = [
    Column("№", lambda p: p.number),
    Column("Общая, м²", lambda p: L.quantity(p.total_area), align=RIGHT),
    Column("Жилая, м²", lambda p: L.quantity(p.living_area), align=RIGHT),
    Column("Комнат", lambda p: str(p.rooms or ""), align=RIGHT),
    Column("Вид", lambda p: p.kind_title, stretch=True),
]
ACCOUNTS = [
    Column("Лицевой счёт", lambda a: a.number),
    Column("Плательщик", lambda a: a.payer_name, stretch=True),
    Column("Площадь, м²", lambda a: L.quantity(a.area) if a.area is not None else "всё",
           align=RIGHT),
    Column("Состояние", lambda a: ACCOUNT_STATUS.get(a.status, a.status)),
    Column("Открыт", lambda a: f"{a.opened_on:%d.%m.%Y}"),
    Column("Закрыт", lambda a: f"{a.closed_on:%d.%m.%Y}" if a.closed_on else ""),
]


def _button(text: str, slot: object) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(slot)
    return button


class HousingPage(ListSection):
    what = "дом"
    reload_on = Change.REFERENCE | Change.ACCOUNTS

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, BUILDINGS, "buildings_table")
        self.premises = RowsModel(PREMISES)
        self.premises_view = make_table(self.premises)
        self.premises_view.setObjectName("premises_table")
        self.accounts = RowsModel(ACCOUNTS)
        self.accounts_view = make_table(self.accounts)
        self.accounts_view.setObjectName("premise_accounts_table")
        self.error = error_label()

        premise_bar = QHBoxLayout()
        premise_bar.addWidget(QLabel("Помещения дома"))
        premise_bar.addStretch(1)
        premise_bar.addWidget(_button("Добавить помещение", self.add_premise))
        premise_bar.addWidget(_button("Изменить помещение", self.edit_premise))
        account_bar = QHBoxLayout()
        account_bar.addWidget(QLabel("Лицевые счета помещения"))
        account_bar.addStretch(1)
        for text, slot in (("Открыть счёт", self.open_account),
                           ("Закрыть счёт", self.close_account),
                           ("Разделить…", self.split_account),
                           ("Объединить…", self.merge_accounts)):
            account_bar.addWidget(_button(text, slot))
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(premise_bar)
        column.addWidget(self.premises_view, 1)
        column.addLayout(account_bar)
        column.addWidget(self.accounts_view, 1)
        column.addWidget(self.error)

        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        layout.insertWidget(1, split, 1)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_premises())
        self.premises_view.selectionModel().currentRowChanged.connect(
            lambda *_a: self.show_accounts())
        keys.bind(self.premises_view, "Return", "Изменить помещение", self.edit_premise)
        self.reload()

    # --- buildings -----------------------------------------------------------------------------
    def load(self) -> list[BuildingData]:
        return list_buildings(self.ctx.db, self.ctx.actor)

    def count_text(self, n: int) -> str:
        return f"Домов: {n}"

    def dialog_for(self, row: BuildingData | None) -> BuildingDialog:
        return BuildingDialog(self.ctx, row, self)

    def reload(self) -> None:
        building, premise = self.selected(), self.selected_premise()
        super().reload()
        if building is not None:
            self._reselect(self.view, self.model, building.id)
        self.show_premises()
        if premise is not None:
            self._reselect(self.premises_view, self.premises, premise.id)

    @staticmethod
    def _reselect(view: object, model: RowsModel, row_id: int | None) -> None:
        for i, row in enumerate(model.rows()):
            if row.id == row_id:
                view.selectRow(i)  # type: ignore[attr-defined]
                return

    # --- premises ------------------------------------------------------------------------------
    def show_premises(self) -> None:
        building = self.selected()
        self.premises.set_rows(list_premises(self.ctx.db, self.ctx.actor, building.id or 0)
                               if building is not None else [])
        self.show_accounts()

    def selected_premise(self) -> PremiseData | None:
        index = self.premises_view.currentIndex() if hasattr(self, "premises_view") else None
        return self.premises.row_at(index.row()) if index is not None and index.isValid() \
            else None

    def add_premise(self) -> None:
        building = self.selected()
        if building is None or building.id is None:
            show_error(self.error, "Выберите дом")
            return
        self._show(PremiseDialog(self.ctx, building.id, None, self))

    def edit_premise(self) -> None:
        premise = self.selected_premise()
        if premise is not None:
            self._show(PremiseDialog(self.ctx, premise.building_id, premise, self))

    # --- accounts ------------------------------------------------------------------------------
    def show_accounts(self) -> None:
        premise = self.selected_premise()
        try:
            rows = (premise_accounts(self.ctx.db, self.ctx.actor, premise.id or 0)
                    if premise is not None else [])
        except DomainError as exc:
            show_error(self.error, exc.message)
            rows = []
        self.accounts.set_rows(rows)

    def selected_account(self) -> PremiseAccount | None:
        index = self.accounts_view.currentIndex()
        return self.accounts.row_at(index.row()) if index.isValid() else None

    def open_account(self) -> None:
        premise = self.selected_premise()
        if premise is None or premise.id is None:
            show_error(self.error, "Выберите помещение")
            return
        open_rows = [a for a in self.accounts.rows() if a.status == "open"]
        self._show(OpenAccountDialog(self.ctx, premise.id, open_rows, self))

    def close_account(self) -> None:
        account = self._open_account_selected()
        if account is not None:
            self._show(CloseAccountDialog(self.ctx, account, self))

    def split_account(self) -> None:
        account = self._open_account_selected()
        if account is not None:
            self._show(SplitDialog(self.ctx, account, self))

    def merge_accounts(self) -> None:
        open_rows = [a for a in self.accounts.rows() if a.status == "open"]
        if len(open_rows) < 2:
            show_error(self.error, "Объединить можно два и больше открытых счёта помещения")
            return
        self._show(MergeDialog(self.ctx, open_rows, self))

    def _open_account_selected(self) -> PremiseAccount | None:
        account = self.selected_account()
        if account is None or account.status != "open":
            show_error(self.error, "Выберите открытый лицевой счёт")
            return None
        return account

    def _show(self, dialog: object) -> None:
        show_error(self.error, "")
        self.dialog = dialog  # type: ignore[assignment]
        dialog.open()  # type: ignore[attr-defined]
