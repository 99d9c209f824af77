"""How stored vocabulary values, dates and quantities read to the operator (presentation only)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from app.calc.period import Period

ACCOUNT_STATUS = {"open": "Открыт", "closed": "Закрыт"}
PREMISE_KIND = {"flat": "Квартира", "non_residential": "Нежилое помещение"}
REGISTRATION_KIND = {"permanent": "по месту жительства", "temporary": "по месту пребывания"}
METER_STATUS = {"active": "действует", "replaced": "заменён", "removed": "снят"}
RESOURCE = {
    "cold_water": "Холодная вода", "hot_water": "Горячая вода", "electricity": "Электроэнергия",
    "gas": "Газ", "heat": "Тепловая энергия", "sewerage": "Водоотведение",
}
CALC_METHOD = {
    "metered": "по прибору учёта", "norm": "по нормативу", "area": "по площади",
    "heating_area_norm": "отопление по нормативу", "heating_building_meter": "отопление по ОДПУ",
    "common_needs": "на общедомовые нужды", "fixed": "фиксированная сумма",
}
OPERATION_KIND = {
    "opening_balance": "Входящее сальдо", "charge": "Начисление", "recalculation": "Перерасчёт",
    "penalty": "Пени", "payment": "Оплата", "correction": "Корректировка",
    "balance_transfer": "Перенос сальдо",
}


def title(vocabulary: dict[str, str], value: str | None) -> str:
    """The Russian title of a stored value; an unknown value is shown as is, never hidden."""
    if value is None:
        return ""
    return vocabulary.get(value, value)


def day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value is not None else ""


def moment(value: datetime) -> str:
    """A stored UTC timestamp in the workstation's local time."""
    return value.astimezone().strftime("%d.%m.%Y %H:%M")


def period(code: int | None) -> str:
    return Period.from_code(code).title() if code else ""


def quantity(value: Decimal | None, unit: str = "") -> str:
    """An exact quantity without trailing zeros, with a decimal comma: 54,3 м²."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(".", ",")
    return f"{text}\u00a0{unit}" if unit else text
