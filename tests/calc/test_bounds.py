"""The domain bounds of every input (app/calc/bounds.py), and the engine keeping to them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.calc import bounds
from app.calc.errors import ErrorCode
from app.calc.inputs import Method, ServiceKind
from tests.calc.factories import account, errors_of, one, rule


def test_amount_bound_keeps_every_ledger_sum_inside_int64() -> None:
    assert bounds.check_amount(bounds.MAX_AMOUNT) == bounds.MAX_AMOUNT
    assert bounds.check_amount(-bounds.MAX_AMOUNT) == -bounds.MAX_AMOUNT
    for bad in (bounds.MAX_AMOUNT + 1, 2**63 - 1, -(10**20)):
        with pytest.raises(ValueError, match="вне допустимых пределов"):
            bounds.check_amount(bad)
    assert bounds.MAX_LEDGER_TOTAL * 10 < 2**63 - 1
    with pytest.raises(ValueError, match="журнала"):
        bounds.check_ledger_total(bounds.MAX_LEDGER_TOTAL + 1)


@pytest.mark.parametrize("text", ["1E+30", "1e400", "NaN", "sNaN", "inf", "-Infinity",
                                  "1000000000000", "0.0000001", "x"])
def test_quantities_beyond_the_bounds_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        bounds.parse_quantity(text)


def test_quantities_within_the_bounds_pass_and_fit_the_stored_integer() -> None:
    top = Decimal("999999999999.999999")
    assert bounds.parse_quantity(str(top)) == top
    assert int(top * 10**bounds.QUANTITY_PLACES) < 2**63
    assert bounds.parse_quantity("-4.745") == Decimal("-4.745")


def test_years_dates_counts_and_days() -> None:
    assert bounds.check_year(1900) == 1900 and bounds.check_year(2999) == 2999
    for year in (0, 1899, 3000, 10**30):
        with pytest.raises(ValueError, match="от 1900 до 2999"):
            bounds.check_year(year)
    with pytest.raises(ValueError, match="вне допустимых пределов"):
        bounds.check_date(date(9999, 12, 31))
    with pytest.raises(ValueError, match="слишком большое"):
        bounds.check_count(2**31)
    assert bounds.check_count(2**31 - 1) == 2**31 - 1
    with pytest.raises(ValueError, match="от 0 до 3650"):
        bounds.check_days(-99_999_999)


@pytest.mark.parametrize("text, problem", [
    ("О'Нил, ул. «Заря», д. 3/2 № 4\tи\nещё", None),
    ("Ив\x00анов", "управляющий символ (код 0) в позиции 3"),
    ("\x1b[31m", "управляющий символ (код 27)"),
    ("Ив\ud800", "одиночный суррогат U+D800"),
])
def test_text_that_no_database_stores_is_named(text: str, problem: str | None) -> None:
    got = bounds.text_problem(text)
    assert got == problem if problem is None else problem in (got or "")


def test_json_depth_and_texts_are_walked_without_recursion() -> None:
    deep: dict[str, object] = {}
    cur = deep
    for _ in range(100_000):
        cur["x"] = {}
        cur = cur["x"]  # type: ignore[assignment]
    assert bounds.json_problem(deep) == "вложенность больше 32 уровней"
    assert bounds.json_problem({"a": [1, "б", {"в": None}]}) is None
    assert "управляющий" in (bounds.json_problem({"a": ["\x00"]}) or "")
    assert "NaN" in (bounds.json_problem({"a": float("nan")}) or "")


def test_a_charge_beyond_the_amount_bound_is_a_calculation_error() -> None:
    """Bounded inputs can still multiply past the bound (a 12-digit volume × a big tariff): the
    service fails with a message, the ledger never receives the line."""
    big = rule("intercom", Method.FIXED, "9999999.99", kind=ServiceKind.OTHER,
               units=Decimal(1_000_000))
    errs = errors_of(account(big))
    assert [e.code for e in errs] == [ErrorCode.BAD_VALUE]
    assert "больше допустимых 1000000000000 коп." in errs[0].message_ru
    fine = rule("intercom", Method.FIXED, "9999999.99", kind=ServiceKind.OTHER,
                units=Decimal(1000))
    assert one(account(fine)).amount == 999_999_999_000
