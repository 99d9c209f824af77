"""How dates, periods and quantities read to the operator (presentation only).

The titles of stored values (statuses, kinds, resources…) are in `app.titles`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from app.calc.period import Period


def day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value is not None else ""


def moment(value: datetime) -> str:
    """A stored UTC timestamp in the workstation's local time."""
    return value.astimezone().strftime("%d.%m.%Y %H:%M")


def period(value: Period | int | None) -> str:
    """«октябрь 2026»: how the UI shows a billing period, everywhere (never «2026-10»)."""
    if not value:
        return ""
    return (value if isinstance(value, Period) else Period.from_code(value)).title()


def quantity(value: Decimal | None, unit: str = "") -> str:
    """An exact quantity without trailing zeros, with a decimal comma: 54,3 м²."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(".", ",")
    return f"{text}\u00a0{unit}" if unit else text
