"""What a tariff or norm must satisfy before it is written, as Russian problems.

Values are non-negative, dates ordered, spans of the same service, scope and zone (kind for norms)
never overlap, and nothing that was in force in a closed period changes: a closed period is
immutable, its corrections are recalculations in the open period (DOMAIN.md).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from app.calc import bounds
from app.calc.explain import num
from app.calc.period import Period
from app.errors import InvalidInput, PeriodClosed, Problem
from app.tariffs.queries import closed_through

MAX_VALUE = Decimal(10_000_000)  # ₽ per unit or units per person: above is a typing slip
QUANTITY_PLACES = 6
FAR = date.max


def span_text(date_from: date, date_to: date | None) -> str:
    """'с 01.01.2026 по 31.10.2026' or 'с 01.01.2026 бессрочно'."""
    if date_to is None:
        return f"с {date_from:%d.%m.%Y} бессрочно"
    return f"с {date_from:%d.%m.%Y} по {date_to:%d.%m.%Y}"


def spans_overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    return a_from <= (b_to or FAR) and b_from <= (a_to or FAR)


def value_problems(value: Any, date_from: date | None, date_to: date | None, what: str
                   ) -> list[Problem]:
    """Value ≥ 0 with at most six decimal places, date_to ≥ date_from."""
    problems: list[Problem] = []
    try:
        v = Decimal(value)
        if not v.is_finite():
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError):
        problems.append(Problem("Значение", f"{what}: не число «{value}»"))
        v = None
    if v is not None:
        if v < 0:
            problems.append(Problem("Значение", f"{what} не может быть отрицательным ({num(v)})"))
        elif v >= MAX_VALUE:
            problems.append(Problem("Значение", f"{what} слишком велик: {num(v)}"))
        if v.as_tuple().exponent < -QUANTITY_PLACES:  # type: ignore[operator]
            problems.append(Problem("Значение", f"{what}: не больше {QUANTITY_PLACES} знаков "
                                                f"после запятой ({v})"))
    for label, day in (("Действует с", date_from), ("Действует по", date_to)):
        if day is not None:
            try:
                bounds.check_date(day)
            except ValueError as exc:
                problems.append(Problem(label, f"{what}: {exc}"))
    if date_from is None:
        problems.append(Problem("Действует с", "Укажите дату начала действия"))
    elif date_to is not None and date_to < date_from:
        problems.append(Problem("Действует по", f"Дата окончания {date_to:%d.%m.%Y} раньше "
                                                f"даты начала {date_from:%d.%m.%Y}"))
    return problems


def first_affected_day(old: dict[str, Any] | None, new: dict[str, Any] | None) -> date | None:
    """The earliest day on which the value in force differs between `old` and `new`
    (snapshots with date_from/date_to and the identity fields); None if no day differs."""
    if old is None and new is None:
        return None
    if old is None or new is None:
        row = new if old is None else old
        assert row is not None
        return row["date_from"]
    same = {k: v for k, v in old.items() if k not in ("date_from", "date_to")} == {
        k: v for k, v in new.items() if k not in ("date_from", "date_to")}
    if not same:
        return min(old["date_from"], new["date_from"])
    days: list[date] = []
    if old["date_from"] != new["date_from"]:
        days.append(min(old["date_from"], new["date_from"]))
    if old["date_to"] != new["date_to"]:
        end = min(old["date_to"] or FAR, new["date_to"] or FAR)
        days.append(end + timedelta(days=1))
    return min(days) if days else None


def refuse_closed(session: Session, day: date | None, what: str) -> None:
    """PeriodClosed when `day` falls into a closed period."""
    if day is None:
        return
    closed = closed_through(session)
    if closed is None or day > closed[0]:
        return
    last_day, code = closed
    raise PeriodClosed(
        f"Изменение затрагивает {what} с {day:%d.%m.%Y}, а период "
        f"{Period.from_code(code).title()} уже закрыт: закрытый период не меняется. "
        f"Укажите дату начала не раньше {last_day + timedelta(days=1):%d.%m.%Y}; "
        f"исправления прошлых периодов оформляются перерасчётом"
    )


def parse_value(text: str, what: str = "Значение") -> Decimal:
    """'45,20', '45.2', '1 234,5' → Decimal, exactly; a Russian InvalidInput otherwise."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise InvalidInput([Problem(what, f"не число: «{text.strip()}»")],
                           "Данные не приняты") from None
    return value
