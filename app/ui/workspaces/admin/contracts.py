"""«Договоры»: company × supplier × service, the agent and its commission, the dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QLineEdit, QWidget

from app.admin.contracts import (
    ContractData,
    ContractRow,
    list_contracts,
    party_choices,
    save_contract,
)
from app.errors import InvalidInput, Problem
from app.titles import CONTRACT_KIND
from app.ui.context import Context
from app.ui.forms import DateField, EndDateField
from app.ui.tables.rows import RIGHT, Column
from app.ui.workspaces.admin.listing import EditDialog, ListSection, choose, combo


def commission_text(bp: int) -> str:
    return f"{Decimal(bp) / 100:f}".rstrip("0").rstrip(".").replace(".", ",") + " %"


def parse_commission(text: str) -> int:
    """«1,5» or «1,5 %» → 150 hundredths of a percent."""
    cleaned = text.replace("%", "").replace(",", ".").strip() or "0"
    try:
        value = Decimal(cleaned) * 100
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value != value.to_integral_value():
        raise InvalidInput([Problem("Вознаграждение агента", "число процентов, до сотых: 1,5")],
                           "Договор не сохранён")
    return int(value)


COLUMNS = [
    Column("Номер", lambda r: r.data.number),
    Column("Вид", lambda r: r.kind_title),
    Column("Управляющая организация", lambda r: r.company),
    Column("Поставщик", lambda r: r.supplier),
    Column("Услуга", lambda r: r.service, stretch=True),
    Column("Агент", lambda r: r.agent),
    Column("Вознагр.", lambda r: commission_text(r.data.commission_bp), align=RIGHT),
    Column("С", lambda r: f"{r.data.date_from:%d.%m.%Y}"),
    Column("По", lambda r: f"{r.data.date_to:%d.%m.%Y}" if r.data.date_to else "бессрочно"),
]


class ContractDialog(EditDialog):
    def __init__(self, ctx: Context, row: ContractRow | None, parent: QWidget | None = None
                 ) -> None:
        super().__init__(ctx, "Договор" if row else "Новый договор", save_contract, parent)
        self.row = row
        choices = party_choices(ctx.db, ctx.actor)
        d = row.data if row else None
        self.number = QLineEdit(d.number if d else "")
        self.kind = combo(list(CONTRACT_KIND.items()))
        self.company = combo(choices.companies)
        self.supplier = combo(choices.suppliers)
        self.service = combo(choices.services)
        self.agent = combo(choices.agents, empty="— нет —")
        self.commission = QLineEdit(commission_text(d.commission_bp) if d else "0")
        today = date.today()
        self.signed_on = DateField(d.signed_on if d and d.signed_on else today)
        self.date_from = DateField(d.date_from if d else today.replace(day=1))
        self.date_to = EndDateField(d.date_to if d else None, today)
        for title, widget in (("&Номер", self.number), ("&Вид", self.kind),
                              ("&Управляющая организация", self.company),
                              ("&Поставщик", self.supplier), ("У&слуга", self.service),
                              ("&Агент", self.agent), ("Вознаграждение агента, %",
                                                       self.commission),
                              ("Дата договора", self.signed_on), ("Действует &с", self.date_from),
                              ("Действует по", self.date_to)):
            self.form.addRow(title, widget)
        if d is not None:
            for box, value in ((self.kind, d.kind), (self.company, d.company_id),
                               (self.supplier, d.supplier_id), (self.service, d.service_id),
                               (self.agent, d.agent_id)):
                choose(box, value)
        self.number.setFocus()
        self.setMinimumWidth(520)

    def collect(self) -> ContractData:
        d = self.row.data if self.row else None
        return ContractData(
            number=self.number.text(), kind=self.kind.currentData(),
            company_id=self.company.currentData() or 0,
            supplier_id=self.supplier.currentData() or 0,
            service_id=self.service.currentData() or 0, agent_id=self.agent.currentData(),
            commission_bp=parse_commission(self.commission.text()),
            signed_on=self.signed_on.day(), date_from=self.date_from.day(),
            date_to=self.date_to.day(), id=d.id if d else None, version=d.version if d else None)


class ContractsPage(ListSection):
    what = "договор"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, COLUMNS, "contracts_table")
        self.reload()

    def load(self) -> list[ContractRow]:
        return list_contracts(self.ctx.db, self.ctx.actor)

    def count_text(self, n: int) -> str:
        return f"Договоров: {n}"

    def dialog_for(self, row: ContractRow | None) -> ContractDialog:
        return ContractDialog(self.ctx, row, self)
