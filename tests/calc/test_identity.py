"""Shapes of identity documents and their masks (pure)."""

from __future__ import annotations

import pytest

from app.calc import identity as i


def test_passport_series_number_and_code_are_normalised() -> None:
    assert i.passport_series("6505") == i.passport_series(" 65 05 ") == "65 05"
    assert i.document_number("123 456") == "123456"
    assert i.division_code("660005") == i.division_code("660-005") == "660-005"
    assert i.birth_certificate_series("iv-аи") == i.birth_certificate_series("IVАИ") == "IV-АИ"


@pytest.mark.parametrize(("check", "text"), [
    (i.passport_series, "650"), (i.passport_series, "65055"), (i.passport_series, "65 0а"),
    (i.passport_series, "６５０５"),  # full-width digits are not ASCII digits
    (i.document_number, "12345"), (i.document_number, "1234567"),
    (i.division_code, "66-005"), (i.division_code, "660-0051"),
    (i.birth_certificate_series, "12-АИ"), (i.birth_certificate_series, "IV-AI"),
])
def test_wrong_shapes_are_refused_in_russian(check: object, text: str) -> None:
    with pytest.raises(ValueError, match=r"[А-Яа-я]"):
        check(text)  # type: ignore[operator]


def test_known_document_kinds_whatever_the_spelling() -> None:
    assert i.document_kind("паспорт  гражданина рф") == i.PASSPORT_RF
    assert i.document_kind("Паспорт") == i.PASSPORT_RF
    assert i.document_kind("свидетельство о рождении") == i.BIRTH_CERTIFICATE
    assert i.document_kind("Вид на жительство") is None and i.document_kind(None) is None


def test_masks_hide_all_but_the_region_and_the_snils_control() -> None:
    assert i.mask_document("45 07", "123456") == "45 ** ******"
    assert i.mask_document("IV-АИ", "654321") == "IV-** ******"
    assert i.mask_snils("11223344595") == i.mask_snils("112-233-445 95") == "***-***-*** 95"
    assert i.mask_document(None, None) == "" and i.mask_snils(None) == ""
