"""Valid-looking requisites: ИНН/ОГРН with their check digits, КПП, bank accounts whose control
key matches the bank's БИК (ЦБ РФ, Положение №579-П), СНИЛС with its control number.

Every number is drawn from the generator's own `random.Random`, so the same seed gives the same
requisites; none of them is meant to belong to a real organisation or person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from app.calc.requisites import (
    account_key_ok,
    account_key_sum,
    corr_key_ok,
    inn_check_digit,
    ogrn_check_digit,
)
from app.calc.snils import snils_control

__all__ = ["account_key_ok", "corr_key_ok", "inn_check_digit"]


def is_valid_inn10(inn: str) -> bool:
    return len(inn) == 10 and inn.isdigit() and inn_check_digit(inn[:9]) == int(inn[9])


def make_inn(rng: random.Random, region: str = "66") -> str:
    """A legal entity's ИНН: region (2) + inspection (2) + number (5) + check digit."""
    body = region + f"{rng.randrange(1, 100):02d}" + f"{rng.randrange(100000):05d}"
    return body + str(inn_check_digit(body))


def make_kpp(inn: str, reason: str = "01") -> str:
    return inn[:4] + reason + "001"


def make_ogrn(rng: random.Random, year: int, region: str = "66") -> str:
    body = "1" + f"{year % 100:02d}" + region + f"{rng.randrange(10**7):07d}"
    return body + str(ogrn_check_digit(body))


def _with_key(prefix3: str, account: str) -> str:
    """Put the control digit at position 9 of the account so the weighted sum ends in 0."""
    for key in range(10):
        candidate = account[:8] + str(key) + account[9:]
        if account_key_sum(prefix3 + candidate) % 10 == 0:
            return candidate
    raise AssertionError("a control key always exists")


@dataclass(frozen=True)
class Bank:
    name: str
    bik: str

    @property
    def corr_account(self) -> str:
        return _with_key("0" + self.bik[4:6], "30101810" + "0" + "00000000" + self.bik[-3:])

    def settlement_account(self, rng: random.Random, balance: str = "40702") -> str:
        """р/с of an organisation: balance account, currency 810, key, branch and number."""
        raw = balance + "810" + "0" + f"{rng.randrange(10**4):04d}" + f"{rng.randrange(10**7):07d}"
        return _with_key(self.bik[-3:], raw)


# banks of the Ural region as a settlement centre would list them
BANKS = (
    Bank("Уральский банк ПАО Сбербанк", "046577674"),
    Bank("ПАО КБ «УБРиР»", "046577795"),
    Bank("Филиал «Екатеринбургский» АО «Альфа-Банк»", "046577964"),
)


def make_snils(rng: random.Random) -> str:
    body = f"{2_000_000 + int(rng.random() * 997_999_999):09d}"
    return body + f"{snils_control(body):02d}"
