"""Checks of an organisation's requisites: ИНН, КПП, ОГРН/ОГРНИП, БИК, р/с and к/с.

Each check returns None for a valid value or the Russian reason it is not (said after the field's
name: «ИНН: 10 цифр …»); the check digits:
- ИНН of a legal entity (10 digits) and of a person (12 digits, two check digits) — weighted sums
  mod 11 mod 10 (Приказ ФНС ММВ-7-6/435@);
- ОГРН (13 digits): the first 12 as a number mod 11, the last digit of that; ОГРНИП (15): mod 13;
- КПП: 9 characters, the 5th and 6th may be letters (Приказ ФНС ММВ-7-6/435@), no check digit;
- БИК: 9 digits, starting 04 (the Russian Federation code), no check digit;
- р/с: 20 digits, the control key over the last 3 digits of the БИК + the account (Положение ЦБ
  РФ №579-П, weights 7 1 3); к/с: the same over '0' + digits 5–6 of the БИК + the account.
"""

from __future__ import annotations

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_A = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_B = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_ACCOUNT_WEIGHTS = ((7, 1, 3) * 8)[:23]


def _digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10


def inn_check_digit(body9: str) -> int:
    """The check digit of a legal entity's ИНН from its first nine digits."""
    return _weighted(body9, _INN10)


def inn_problem(inn: str) -> str | None:
    if not _digits(inn) or len(inn) not in (10, 12):
        return "10 цифр (организация) или 12 цифр (предприниматель)"
    if len(inn) == 10:
        ok = _weighted(inn[:9], _INN10) == int(inn[9])
    else:
        ok = (_weighted(inn[:10], _INN12_A) == int(inn[10])
              and _weighted(inn[:11], _INN12_B) == int(inn[11]))
    return None if ok else f"неверная контрольная цифра ({inn}) — проверьте, нет ли опечатки"


def kpp_problem(kpp: str) -> str | None:
    ok = (len(kpp) == 9 and kpp.isascii() and _digits(kpp[:4]) and _digits(kpp[6:])
          and kpp[4:6].isalnum() and kpp[4:6] == kpp[4:6].upper())
    return None if ok else "9 знаков: 4 цифры, 2 цифры или заглавные латинские буквы, 3 цифры"


def ogrn_check_digit(body: str) -> int:
    """The last digit of an ОГРН (12-digit body, mod 11) or ОГРНИП (14-digit body, mod 13)."""
    return int(body) % (11 if len(body) == 12 else 13) % 10


def ogrn_problem(ogrn: str) -> str | None:
    if not _digits(ogrn) or len(ogrn) not in (13, 15):
        return "13 цифр (у предпринимателя, ОГРНИП, — 15 цифр)"
    if ogrn_check_digit(ogrn[:-1]) != int(ogrn[-1]):
        return f"неверная контрольная цифра ({ogrn}) — проверьте, нет ли опечатки"
    return None


def bik_problem(bik: str) -> str | None:
    if not _digits(bik) or len(bik) != 9 or not bik.startswith("04"):
        return "9 цифр, начинается с 04"
    return None


def account_key_sum(text23: str) -> int:
    return sum(int(d) * w for d, w in zip(text23, _ACCOUNT_WEIGHTS, strict=True))


def account_key_ok(bik: str, account: str) -> bool:
    """The control key of a settlement account (р/с) for a bank's БИК."""
    return (len(account) == 20 and _digits(account) and _digits(bik)
            and account_key_sum(bik[-3:] + account) % 10 == 0)


def corr_key_ok(bik: str, corr: str) -> bool:
    """The control key of a correspondent account (к/с): '0' + БИК digits 5–6 + к/с."""
    return (len(corr) == 20 and _digits(corr) and _digits(bik)
            and account_key_sum("0" + bik[4:6] + corr) % 10 == 0)


def settlement_account_problem(bik: str, account: str) -> str | None:
    if not _digits(account) or len(account) != 20:
        return "20 цифр"
    if bik_problem(bik) is None and not account_key_ok(bik, account):
        return (f"не сходится с БИК {bik} по контрольному ключу — проверьте и счёт, и БИК")
    return None


def corr_account_problem(bik: str, corr: str) -> str | None:
    if not _digits(corr) or len(corr) != 20 or not corr.startswith("301"):
        return "20 цифр, начинается с 301"
    if bik_problem(bik) is None and not corr_key_ok(bik, corr):
        return f"не сходится с БИК {bik} по контрольному ключу — проверьте и счёт, и БИК"
    return None
