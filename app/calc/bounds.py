"""Domain bounds of every value an operator or a file brings in: money, quantities, readings,
years and dates, counts, text. One place, checked at every entry point (exchange import, readings
import and grid, tariff editing, notes, lookup), documented in docs/import-format.md.

Why these numbers: the ledger sums amounts in 64-bit integers (SQLite INTEGER, PostgreSQL
BIGINT), so no operation may exceed `MAX_AMOUNT` and the whole ledger's sum of absolute amounts
stays within `MAX_LEDGER_TOTAL` (90 times below 2⁶³, so any sum of any subset fits); a quantity
is stored as a 64-bit integer of millionths (`app.models.base.Quantity`), so it has at most
`QUANTITY_DIGITS` digits before the point; years match `Period` (1900–2999).

Each `check_*` returns the value or raises ValueError with the operator's Russian message.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

MAX_AMOUNT = 10**12  # kopecks in one operation: 10 000 000 000,00 ₽
MAX_LEDGER_TOTAL = 10**17  # kopecks: Σ |amount| of the whole ledger
QUANTITY_DIGITS = 12  # digits before the point of any quantity (area, volume, tariff, reading)
QUANTITY_PLACES = 6  # digits after it
MAX_QUANTITY = Decimal(10) ** QUANTITY_DIGITS  # exclusive
MAX_QUANTITY_INT = 10**QUANTITY_DIGITS - 1  # the largest whole quantity
MAX_METER_DIGITS = QUANTITY_DIGITS  # a meter's counter: at most 12 digits before the point
MIN_YEAR, MAX_YEAR = 1900, 2999  # of every date and period (as `Period` allows)
MIN_BUILT, MAX_BUILT = 1000, 2999  # the year a building was built: old towns are old
MAX_COUNT = 2_147_483_647  # any other whole number: a 32-bit INTEGER column
MAX_DAYS = 3650  # a look-ahead in days (the verification list): ten years
MAX_NOTE = 4000  # a note on an account (the note editor and the import)
MAX_BASIS_DEPTH = 32  # nesting of a charge's basis (an object); ours is 4 deep
MAX_BASIS_CHARS = 100_000  # its JSON text

MIN_DATE, MAX_DATE = date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)


def check_amount(kopecks: int) -> int:
    """One operation's amount (either sign), or a payment, charge, balance, fixed sum."""
    if abs(kopecks) > MAX_AMOUNT:
        raise ValueError(f"сумма {kopecks} коп. вне допустимых пределов: по модулю не больше "
                         f"{MAX_AMOUNT} коп. (10 млрд ₽) в одной операции")
    return kopecks


def check_ledger_total(total: int) -> int:
    """Σ |amount| of the ledger after a write (so that every sum of it fits in 64 bits)."""
    if total > MAX_LEDGER_TOTAL:
        raise ValueError(f"сумма модулей всех операций журнала была бы {total} коп., больше "
                         f"допустимых {MAX_LEDGER_TOTAL} коп. (10¹⁵ ₽): проверьте суммы")
    return total


def check_quantity(value: Decimal) -> Decimal:
    """A finite decimal with at most 12 digits before the point and 6 after (either sign)."""
    try:
        finite = value.is_finite()
    except AttributeError:
        raise ValueError(f"не число: «{value}»") from None
    if not finite:
        raise ValueError(f"не число: «{value}»")
    if value and value.adjusted() >= QUANTITY_DIGITS:
        raise ValueError(f"слишком большое число: «{value}» — не больше {QUANTITY_DIGITS} "
                         "цифр до запятой")
    if value.as_tuple().exponent < -QUANTITY_PLACES:  # type: ignore[operator]
        raise ValueError(f"больше {QUANTITY_PLACES} знаков после запятой: «{value}»")
    return value


def parse_quantity(text: str) -> Decimal:
    """A decimal typed or read from a file, bounded; refuses 1E+30, 1e400, NaN, inf."""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError, TypeError):
        raise ValueError(f"не число: «{text}»") from None
    return check_quantity(value)


def check_year(year: int, what: str = "год") -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"{what} {year} вне допустимых пределов: от {MIN_YEAR} до {MAX_YEAR}")
    return year


def check_date(day: date) -> date:
    if not MIN_DATE <= day <= MAX_DATE:
        shown = f"{day.day:02d}.{day.month:02d}.{day.year:04d}"  # %Y gives "1" for year 1
        raise ValueError(f"дата {shown} вне допустимых пределов: с 01.01.{MIN_YEAR} "
                         f"по 31.12.{MAX_YEAR}")
    return day


def check_count(value: int, lo: int | None = None, hi: int | None = None) -> int:
    """A whole number within [lo, hi] (hi defaults to the 32-bit column's limit)."""
    top = MAX_COUNT if hi is None else hi
    if lo is not None and value < lo:
        raise ValueError(f"не может быть меньше {lo}: {value}")
    if value > top or value < -MAX_COUNT - 1:
        raise ValueError(f"слишком большое число: {value} (не больше {top})")
    return value


def check_days(days: int) -> int:
    if not 0 <= days <= MAX_DAYS:
        raise ValueError(f"число дней {days} вне допустимых пределов: от 0 до {MAX_DAYS}")
    return days


_INF = float("inf")
# C0 controls but tab, line feed and carriage return: never typed, and XLSX cannot hold them
_CONTROLS = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r"}


def text_problem(text: str, limit: int | None = None) -> str | None:
    """What makes `text` unstorable, in Russian, or None: a NUL byte or another control
    character (PostgreSQL refuses NUL, SQLite would keep it), a lone surrogate (not a
    character: no encoding can write it), or more than `limit` characters."""
    if limit is not None and len(text) > limit:
        return f"длиннее {limit} символов ({len(text)})"
    if text.isprintable():  # the common case, in C
        return None
    for i, ch in enumerate(text):
        if ch in _CONTROLS:
            return f"недопустимый управляющий символ (код {ord(ch)}) в позиции {i + 1}"
        if "\ud800" <= ch <= "\udfff":
            return f"недопустимый символ (одиночный суррогат U+{ord(ch):04X}) в позиции {i + 1}"
    return None


def check_text(text: str, limit: int | None = None) -> str:
    problem = text_problem(text, limit)
    if problem is not None:
        raise ValueError(problem)
    return text


def json_problem(value: object, max_depth: int = MAX_BASIS_DEPTH) -> str | None:
    """Nesting deeper than `max_depth`, or a text (key or value) `text_problem` refuses;
    walked without recursion, so a 100 000-deep object is answered, not crashed on."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, dict | list):
            if depth > max_depth:
                return f"вложенность больше {max_depth} уровней"
            items = v.items() if isinstance(v, dict) else enumerate(v)
            for k, item in items:
                if isinstance(k, str) and (p := text_problem(k)):
                    return p
                stack.append((item, depth + 1))
        elif isinstance(v, str) and (p := text_problem(v)):
            return p
        elif isinstance(v, float) and (v != v or v in (_INF, -_INF)):
            return "не число (NaN или бесконечность)"
    return None
