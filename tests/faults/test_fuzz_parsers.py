"""Bad input everywhere (issue #23): malformed strings, amounts, dates and files thrown at every
parser and form validator. Each accepts the input or refuses it with its domain error — a
`DomainError` (Russian message) in the application layer, `ValueError` with a Russian message in
the pure engine (`app.calc` imports nothing of ours) — never any other exception."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.calc.account_number import check_account_number
from app.calc.bounds import parse_quantity
from app.calc.money import parse_rub
from app.calc.snils import check_snils
from app.cashdesk.codes import parse_desk_code, parse_gost_qr, parse_scan
from app.cashdesk.registry_format import PROFILES, parse_registry
from app.cli_support import optional_period, parse_day
from app.errors import DomainError
from app.exchange.reader_json import parse_json_bytes
from app.exchange.reader_xlsx import read_workbook
from app.exchange.source import Source
from app.meters.rules import parse_value as parse_reading
from app.meters.rules import parse_zone
from app.tariffs.rules import parse_value as parse_tariff
from app.xlsx import text_value

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# text that looks almost right: digits, separators, signs, spaces, letters, control characters
near = st.text(alphabet=st.sampled_from(list("0123456789 ,.-+−₽руб\u00a0\t\n'\"eE_/\\:|ЁёX\x00")),
               max_size=30)
any_text = st.one_of(st.text(max_size=60), near)


def refuses_in_russian(parse: Callable[[str], Any], text: str, *errors: type[Exception]) -> None:
    try:
        parse(text)
    except errors as exc:
        message = getattr(exc, "message", None) or str(exc)
        assert CYRILLIC.search(message), f"{parse.__name__}({text!r}): {message!r}"


TEXT_PARSERS: list[tuple[Callable[[str], Any], tuple[type[Exception], ...]]] = [
    (parse_rub, (ValueError,)),
    (parse_quantity, (ValueError,)),
    (check_account_number, (ValueError,)),
    (check_snils, (ValueError,)),
    (parse_reading, (ValueError, DomainError)),
    (parse_zone, (ValueError, DomainError)),
    (parse_tariff, (ValueError, DomainError)),
    (parse_day, (DomainError,)),
    (optional_period, (DomainError,)),
    (parse_scan, (ValueError, DomainError)),
    (parse_gost_qr, (ValueError, DomainError)),
    (parse_desk_code, (ValueError, DomainError)),
]


@pytest.mark.parametrize(("parse", "errors"), TEXT_PARSERS,
                         ids=[p.__module__ + "." + p.__name__ for p, _ in TEXT_PARSERS])
@FAST
@given(text=any_text)
def test_text_parsers_accept_or_refuse_in_russian(parse, errors, text: str) -> None:
    refuses_in_russian(parse, text, *errors)


@FAST
@given(raw=st.binary(max_size=400), bank=st.sampled_from(sorted(PROFILES)))
def test_a_payment_registry_of_garbage_bytes_is_refused_or_read(raw: bytes, bank: str) -> None:
    try:
        parse_registry("fuzz.txt", raw, PROFILES[bank])
    except DomainError as exc:
        assert CYRILLIC.search(exc.message)


@FAST
@given(lines=st.lists(st.lists(near, min_size=1, max_size=9), max_size=6),
       bank=st.sampled_from(sorted(PROFILES)))
def test_a_registry_of_malformed_lines_is_refused_or_read(lines: list[list[str]],
                                                          bank: str) -> None:
    prof = PROFILES[bank]
    sep = getattr(prof, "separator", ";")
    raw = "\n".join(sep.join(cells) for cells in lines).encode(
        getattr(prof, "encoding", "utf-8"), errors="replace")
    try:
        parse_registry("fuzz.txt", raw, prof)
    except DomainError as exc:
        assert CYRILLIC.search(exc.message)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12)


@FAST
@given(value=json_values | st.dictionaries(
    st.sampled_from(["accounts", "buildings", "people", "meters", "readings", "organizations",
                     "services", "tariffs", "premises", "format", "version"]),
    json_values, max_size=4))
def test_an_exchange_json_of_any_shape_is_refused_or_read(value: object) -> None:
    import json

    raw = json.dumps(value, ensure_ascii=False).encode()
    try:
        parse_json_bytes(raw, "fuzz.json", Source())
    except DomainError as exc:
        assert CYRILLIC.search(exc.message)


@FAST
@given(raw=st.binary(max_size=300))
def test_exchange_bytes_that_are_not_json_or_a_workbook_are_refused(raw: bytes) -> None:
    for read in (parse_json_bytes, read_workbook):
        try:
            read(raw, "fuzz", Source())
        except DomainError as exc:
            assert CYRILLIC.search(exc.message)


@pytest.mark.slow
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.lists(st.one_of(any_text, st.integers(), st.floats(allow_nan=False,
                                                                             width=32)),
                               min_size=1, max_size=8), max_size=6),
       suffix=st.sampled_from([".xlsx", ".csv"]))
def test_a_readings_file_of_malformed_rows_is_refused_or_read(tmp_path: Path, cells, suffix
                                                              ) -> None:
    from openpyxl import Workbook

    from app.meters.importing import parse_file

    path = tmp_path / f"readings{suffix}"
    if suffix == ".xlsx":
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        for row in cells:
            ws.append([text_value(c) if isinstance(c, str) else c for c in row])
        wb.save(path)
    else:
        path.write_text("\n".join(";".join(str(c) for c in row) for row in cells),
                        encoding="utf-8", errors="replace")
    try:
        parse_file(path)
    except DomainError as exc:
        assert CYRILLIC.search(exc.message)


@pytest.mark.parametrize("text", ["1" + "0" * 26, "1E+999999", "-9" * 15 + ",99"])
def test_an_amount_beyond_decimal_precision_is_refused_in_russian(text: str) -> None:
    """Found by this suite: 10²⁶ ₽ made `parse_rub` raise decimal.InvalidOperation."""
    with pytest.raises(ValueError, match=r"Слишком большая сумма|Не похоже на сумму"):
        parse_rub(text)
