"""The codes of a payment document: GOST R 56042 QR and the desk's Code128, under both layouts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.calc.account_number import make_account_number
from app.calc.period import Period
from app.cashdesk.codes import (
    BadCode,
    compose_desk_code,
    compose_gost_qr,
    from_russian_layout,
    parse_desk_code,
    parse_gost_qr,
    parse_scan,
    qr_bytes,
    to_russian_layout,
)

FIELDS = {
    "Name": "ООО «УК Квартал»",
    "PersonalAcc": "40702810900000012345",
    "BankName": "ПАО Сбербанк",
    "BIC": "044525225",
    "CorrespAcc": "30101810400000000225",
    "PayeeINN": "7701234567",
    "KPP": "770101001",
    "Sum": "153412",
    "Purpose": "Оплата ЖКУ за октябрь 2026",
    "PersAcc": "0000010019",
    "PaymPeriod": "102026",
    "TechCode": "02",
    "AddAmount": "1250",
    "LastName": "Иванов",
}

accounts = st.integers(1, 999_999_999).map(make_account_number)
periods = st.builds(Period, st.integers(2000, 2099), st.integers(1, 12))
amounts = st.integers(0, 10**10 - 1)


def test_gost_payload_starts_with_header_encoding_and_separator() -> None:
    payload = compose_gost_qr(FIELDS)
    assert payload.startswith("ST00012|Name=ООО «УК Квартал»|PersonalAcc=40702810900000012345|")


@pytest.mark.parametrize("encoding", [1, 2])
@pytest.mark.parametrize("separator", ["|", "#", ";"])
def test_gost_round_trip_in_each_encoding_and_separator(encoding: int, separator: str) -> None:
    qr = parse_gost_qr(compose_gost_qr(FIELDS, encoding=encoding, separator=separator))
    assert qr.fields == FIELDS
    assert (qr.sum, qr.add_amount, qr.paym_period) == (153412, 1250, Period(2026, 10))
    assert qr.separator == separator and qr.encoding == str(encoding)


def test_koi8_payload_encodes_and_refuses_what_koi8_cannot_carry() -> None:
    plain = {**FIELDS, "Name": "ООО УК Квартал"}
    payload = compose_gost_qr(plain, encoding=3)
    assert qr_bytes(payload).decode("koi8-r") == payload
    with pytest.raises(ValueError, match="koi8-r"):
        compose_gost_qr(FIELDS, encoding=3)  # « » are not in KOI8-R


def test_keys_are_case_insensitive_and_unknown_keys_are_kept_aside() -> None:
    qr = parse_gost_qr("ST00012|name=ТСЖ|PERSONALACC=40702810900000012345|bankname=Банк|"
                       "bic=044525225|correspacc=0|sum=100|Colour=green")
    assert qr.name == "ТСЖ" and qr.corresp_acc == "0" and qr.sum == 100
    assert qr.extra == {"Colour": "green"}


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ("ST00012|Name=A|PersonalAcc=40702810900000012345|BIC=044525225|CorrespAcc=0",
         "BankName"),
        ("ST00012|Name=A|PersonalAcc=4070281|BankName=B|BIC=044525225|CorrespAcc=0",
         "PersonalAcc"),
        ("ST00012|Name=A|PersonalAcc=40702810900000012345|BankName=B|BIC=04452|CorrespAcc=0",
         "BIC"),
        ("ST00012|Name=A|PersonalAcc=40702810900000012345|BankName=B|BIC=044525225|"
         "CorrespAcc=0|Sum=12.50", "Sum"),
        ("ST00012|Name=A|PersonalAcc=40702810900000012345|BankName=B|BIC=044525225|"
         "CorrespAcc=0|PaymPeriod=132026", "PaymPeriod"),
    ],
)
def test_malformed_or_missing_key_is_refused_naming_the_key(payload: str, named: str) -> None:
    with pytest.raises(BadCode, match=named):
        parse_gost_qr(payload)


@pytest.mark.parametrize("payload", ["", "ST0001", "XX00012|Name=A", "ST00019|Name=A",
                                     "ST00012|NameA"])
def test_foreign_or_truncated_code_is_refused(payload: str) -> None:
    with pytest.raises(BadCode):
        parse_scan(payload) if payload else parse_gost_qr(payload)


def test_period_on_qr_is_read_as_mm_yyyy_and_mm_dot_yyyy() -> None:
    assert Period.parse("102026") == Period.parse("10.2026") == Period(2026, 10)
    assert Period.parse("202610") == Period(2026, 10)


@given(accounts, periods, amounts)
def test_desk_code_round_trips(account: str, period: Period, amount: int) -> None:
    code = compose_desk_code(account, period, amount)
    assert len(code) == 28 and code.isdigit()
    assert parse_desk_code(code) == parse_desk_code(f" {code}\n")
    decoded = parse_desk_code(code)
    assert (decoded.account, decoded.period, decoded.amount) == (account, period, amount)


@given(accounts, periods, amounts, st.integers(0, 27), st.integers(1, 9))
def test_any_single_digit_misread_of_desk_code_is_caught(
    account: str, period: Period, amount: int, pos: int, delta: int
) -> None:
    code = compose_desk_code(account, period, amount)
    wrong = code[:pos] + str((int(code[pos]) + delta) % 10) + code[pos + 1:]
    with pytest.raises(BadCode):
        parse_desk_code(wrong)


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126)))
def test_russian_layout_mapping_is_undone_for_any_ascii_text(text: str) -> None:
    assert from_russian_layout(to_russian_layout(text)) == text


def test_qr_typed_under_russian_layout_is_understood() -> None:
    latin = {**FIELDS, "Name": "OOO UK Kvartal", "BankName": "Sberbank", "Purpose": "ZhKU",
             "LastName": "Ivanov"}
    payload = compose_gost_qr(latin)
    typed = to_russian_layout(payload)
    assert typed.startswith("ЫЕ00012/Тфьу=ЩЩЩ")
    scan = parse_scan(typed)
    assert (scan.kind, scan.account, scan.period, scan.amount, scan.penalty) == (
        "qr", "0000010019", Period(2026, 10), 153412, 1250)


def test_mm_dot_yyyy_period_typed_under_russian_layout() -> None:
    payload = compose_gost_qr({**FIELDS, "Name": "TSZh", "BankName": "Bank",
                               "Purpose": "ZhKU", "LastName": "Ivanov", "PaymPeriod": "10.2026"})
    assert parse_scan(to_russian_layout(payload)).period == Period(2026, 10)


def test_scan_of_desk_code_account_number_and_garbage() -> None:
    code = compose_desk_code("0000010019", Period(2026, 10), 153412)
    assert parse_scan(code).kind == "desk"
    assert parse_scan(" 000-001-0019 ").account == "0000010019"
    with pytest.raises(BadCode, match="контрольная"):
        parse_scan("0000010018")
    with pytest.raises(BadCode, match="не распознан"):
        parse_scan("hello")


def test_qr_without_payer_account_cannot_be_paid_at_the_desk() -> None:
    payload = compose_gost_qr({k: v for k, v in FIELDS.items() if k != "PersAcc"})
    with pytest.raises(BadCode, match="PersAcc"):
        parse_scan(payload)


def test_compose_refuses_a_value_holding_the_separator() -> None:
    with pytest.raises(ValueError, match="разделитель"):
        compose_gost_qr({**FIELDS, "Purpose": "ЖКУ | октябрь"})
