"""Requisites' check digits: real published numbers pass, one changed digit is caught."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.calc import requisites as req

SBER_INN, SBER_OGRN, SBER_BIK = "7707083893", "1027700132195", "044525225"
SBER_CORR = "30101810400000000225"
ACCOUNT = "40702810822019549656"  # keyed for SBER_BIK


def test_published_requisites_pass() -> None:
    assert req.inn_problem(SBER_INN) is None
    assert req.inn_problem("500100732259") is None  # a person's 12-digit ИНН
    assert req.ogrn_problem(SBER_OGRN) is None
    assert req.ogrn_problem("304500116000157") is None  # ОГРНИП, mod 13
    assert req.kpp_problem("773601001") is None
    assert req.kpp_problem("7736AB001") is None
    assert req.bik_problem(SBER_BIK) is None
    assert req.settlement_account_problem(SBER_BIK, ACCOUNT) is None
    assert req.corr_account_problem(SBER_BIK, SBER_CORR) is None


@pytest.mark.parametrize("value", ["7707083894", "500100732258", "770708389", "77070838930",
                                   "77O7083893", "７７０７０８３８９３"])
def test_a_wrong_inn_is_refused_in_russian(value: str) -> None:
    assert "цифр" in (req.inn_problem(value) or "")


def test_a_wrong_ogrn_kpp_bik_are_refused() -> None:
    assert "контрольная" in (req.ogrn_problem("1027700132196") or "")
    assert req.ogrn_problem("10277001321") is not None
    assert req.kpp_problem("77360100") is not None
    assert req.kpp_problem("7736ab001") is not None
    assert req.bik_problem("144525225") is not None


def test_an_account_that_does_not_match_the_bik_is_refused() -> None:
    assert "БИК" in (req.settlement_account_problem("044525593", ACCOUNT) or "")
    assert "БИК" in (req.corr_account_problem("044030653", SBER_CORR) or "")
    assert req.settlement_account_problem(SBER_BIK, ACCOUNT[:-1]) is not None


@given(st.integers(0, 9), st.integers(0, 19))
def test_any_single_changed_digit_of_an_account_is_caught(new: int, position: int) -> None:
    changed = ACCOUNT[:position] + str(new) + ACCOUNT[position + 1:]
    assert (req.settlement_account_problem(SBER_BIK, changed) is None) == (changed == ACCOUNT)


@given(st.text(max_size=25))
def test_any_text_gets_an_answer_not_an_exception(text: str) -> None:
    for check in (req.inn_problem, req.ogrn_problem, req.kpp_problem, req.bik_problem):
        check(text)
    req.settlement_account_problem(SBER_BIK, text)
    req.corr_account_problem(text, SBER_CORR)
