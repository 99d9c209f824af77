"""Field values of the format → Python values, one converter per field kind.

A converter returns the value or raises `Bad` with the operator's message. JSON floats are
refused for quantities and money: a float has already lost the exact value the source system had.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.calc import bounds
from app.exchange import format as fmt


class Bad(Exception):
    pass


Converter = Callable[[Any], Any]

_QTY = re.compile(r"-?\d+(\.\d+)?")
_QTY_CHARS = 40  # a bounded quantity has at most 12 + 6 digits; longer is not worth reading
_PERIOD = re.compile(r"(\d{4})-(\d{2})")


def _type_name(v: Any) -> str:
    if isinstance(v, bool):
        return "логическое значение"
    if isinstance(v, int):
        return "целое число"
    if isinstance(v, float):
        return "дробное число"
    if isinstance(v, str):
        return "строка"
    if isinstance(v, list):
        return "список"
    if isinstance(v, dict):
        return "объект"
    return type(v).__name__


def _str(f: fmt.Field) -> Converter:
    limit = f.max_len

    def conv(v: Any) -> str:
        if type(v) is not str:
            raise Bad(f"ожидается строка, а указано: {_type_name(v)}")
        problem = bounds.text_problem(v, limit)
        if problem is not None:
            raise Bad(problem)
        return v
    return conv


def _int(f: fmt.Field) -> Converter:
    lo, hi = f.min_value, f.max_value
    money = f.kind == fmt.KOP
    what = "сумма в копейках" if money else "значение"

    def conv(v: Any) -> int:
        if type(v) is not int:
            if type(v) is float:
                raise Bad(f"{what} — целое число, а указано дробное {v!r}")
            raise Bad(f"{what} — целое число, а указано: {_type_name(v)}")
        if lo is not None and v < lo:
            raise Bad(f"не может быть меньше {lo}: {v}")
        try:
            return bounds.check_amount(v) if money else bounds.check_count(v, lo, hi)
        except ValueError as exc:
            raise Bad(str(exc)) from None
    return conv


def _qty(f: fmt.Field) -> Converter:
    lo = f.min_value

    def conv(v: Any) -> Decimal:
        if type(v) is str:
            if len(v) > _QTY_CHARS:
                raise Bad(f"слишком длинное число: {len(v)} знаков")
            if not _QTY.fullmatch(v):
                raise Bad("ожидается десятичное число строкой, например \"4.745\", "
                          f"а указано «{v[:40]}»")
            d = Decimal(v)
        elif type(v) is int:
            d = Decimal(v)
        elif type(v) is float:
            raise Bad(f"количество указывается строкой (\"{v!r}\"), а не числом JSON с дробью: "
                      "дробное число JSON неточно")
        else:
            raise Bad(f"ожидается десятичное число строкой, а указано: {_type_name(v)}")
        if lo is not None and d < lo:
            raise Bad(f"не может быть отрицательным: {v}" if lo == 0 else f"меньше {lo}: {v}")
        try:
            return bounds.check_quantity(d)
        except ValueError as exc:
            raise Bad(str(exc)) from None
    return conv


def _date(_f: fmt.Field) -> Converter:
    def conv(v: Any) -> date:
        if type(v) is not str or len(v) != 10:
            raise Bad(f"ожидается дата ГГГГ-ММ-ДД, а указано «{v}»")
        try:
            day = date.fromisoformat(v)
        except ValueError:
            raise Bad(f"нет такой даты: «{v}»") from None
        try:
            return bounds.check_date(day)
        except ValueError as exc:
            raise Bad(str(exc)) from None
    return conv


def _period(_f: fmt.Field) -> Converter:
    def conv(v: Any) -> int:
        m = _PERIOD.fullmatch(v) if type(v) is str else None
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise Bad(f"ожидается период ГГГГ-ММ, а указано «{v}»")
        try:
            bounds.check_year(int(m.group(1)), "год периода")
        except ValueError as exc:
            raise Bad(str(exc)) from None
        return int(m.group(1)) * 100 + int(m.group(2))
    return conv


def _bool(_f: fmt.Field) -> Converter:
    def conv(v: Any) -> bool:
        if type(v) is not bool:
            raise Bad(f"ожидается true или false, а указано «{v}»")
        return v
    return conv


def _enum(f: fmt.Field) -> Converter:
    allowed = frozenset(f.choices)

    def conv(v: Any) -> str:
        if type(v) is not str or v not in allowed:
            raise Bad(f"недопустимое значение «{v}»; допустимы: {', '.join(f.choices)}")
        return str(v)
    return conv


def _object(_f: fmt.Field) -> Converter:
    def conv(v: Any) -> dict[str, Any]:
        if not isinstance(v, dict):
            raise Bad(f"ожидается объект, а указано: {_type_name(v)}")
        problem = bounds.json_problem(v)
        if problem is None and len(json.dumps(v, ensure_ascii=False)) > bounds.MAX_BASIS_CHARS:
            problem = f"длиннее {bounds.MAX_BASIS_CHARS} символов JSON"
        if problem is not None:
            raise Bad(problem)
        return v
    return conv


_MAKERS: dict[str, Callable[[fmt.Field], Converter]] = {
    fmt.STR: _str, fmt.INT: _int, fmt.KOP: _int, fmt.QTY: _qty, fmt.DATE: _date,
    fmt.PERIOD: _period, fmt.BOOL: _bool, fmt.ENUM: _enum, fmt.OBJECT: _object,
}


def converter(f: fmt.Field) -> Converter:
    return _MAKERS[f.kind](f)


def period_text(code: int) -> str:
    return f"{code // 100:04d}-{code % 100:02d}"


def decimal_text(value: Decimal) -> str:
    """Plain notation without exponent or trailing zeros: Decimal('4.745000') → '4.745'."""
    try:
        v = value.normalize()
    except InvalidOperation:  # pragma: no cover - only for NaN/Inf, which never get stored
        return str(value)
    text = format(v, "f")
    return text
