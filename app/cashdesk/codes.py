"""The codes on a payment document, composed for printing and parsed at the desk.

Two codes stand on every ЕПД (DOMAIN.md, «Barcodes on the payment document»):

- the **GOST R 56042-2014 QR** that banks' apps scan: `ST0001` + an encoding digit (1 cp1251,
  2 UTF-8, 3 KOI8-R), then the separator — whatever character stands eighth — and `Key=Value`
  pairs. Keys are case-insensitive, unknown keys are kept aside, the required ones and every value
  with a format are checked, and a refusal names the key;
- **our desk code** for Code128, digits only so it prints in the compact C set and a scanner reads
  it fastest: `1` (layout version) + account (10) + period YYYYMM (6) + amount due in kopecks (10)
  + a Damm check digit over the 27 before it — 28 digits. The account number has its own check
  digit too, so a misread is caught twice.

A keyboard-wedge scanner "types" the code. With the Russian layout active every Latin letter and
most punctuation arrive as the Cyrillic letter on the same key (`ST00012|` → `ЫЕ00012/`);
`parse_scan` recognises that and maps the typed keys back. Pure: stdlib and `app.calc` only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from app.calc.account_number import check_account_number, damm_digit
from app.calc.period import Period
from app.errors import DomainError


class BadCode(DomainError):
    """A scanned or typed code that cannot be paid: the message says what is wrong with it."""


# --------------------------------------------------------------------------- keyboard layout

_LATIN = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?@#$^&|"
_RUSSIAN = "ёйцукенгшщзхъфывапролджэячсмитьбю.ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,\"№;:?/"
_TO_LATIN = str.maketrans(_RUSSIAN, _LATIN)
_TO_RUSSIAN = str.maketrans(_LATIN, _RUSSIAN)


def to_russian_layout(text: str) -> str:
    """What a scanner typing `text` key by key produces under the Russian (ЙЦУКЕН) layout."""
    return text.translate(_TO_RUSSIAN)


def from_russian_layout(text: str) -> str:
    """Undo `to_russian_layout`: each character back to the Latin one of the same key.

    Cyrillic text that really is Cyrillic is turned into Latin too, so this is applied only to
    what a scanner typed by keys (see `parse_scan`)."""
    return text.translate(_TO_LATIN)


def _typed_in_russian(text: str) -> bool:
    return text[:2] in ("ЫЕ", "ые")


# --------------------------------------------------------------------------- GOST R 56042 QR

_HEADER = "ST0001"
ENCODINGS = {"1": "cp1251", "2": "utf-8", "3": "koi8-r"}

REQUIRED = ("Name", "PersonalAcc", "BankName", "BIC", "CorrespAcc")
KNOWN = (
    *REQUIRED, "PayeeINN", "KPP", "Sum", "Purpose", "PersAcc", "PaymPeriod", "TechCode",
    "AddAmount", "LastName", "FirstName", "MiddleName", "PayerAddress", "Flat", "ServiceName",
    "QuittId", "QuittDate", "CounterId", "CounterVal", "Category", "DocIdx", "ClassifierCode",
    "OKTMO", "PayerINN", "Phone", "DrawerStatus", "CBC", "RuleId", "UIN", "TaxPeriod",
)
_CANONICAL = {k.lower(): k for k in KNOWN}

_FORMATS: dict[str, tuple[str, str]] = {
    "PersonalAcc": (r"\d{20}", "20 цифр"),
    "BIC": (r"\d{9}", "9 цифр"),
    "CorrespAcc": (r"0|\d{20}", "20 цифр или 0"),
    "PayeeINN": (r"\d{10}|\d{12}", "10 или 12 цифр"),
    "KPP": (r"\d{4}[\dA-Z]{2}\d{3}", "9 знаков"),
    "Sum": (r"\d{1,18}", "целое число копеек"),
    "AddAmount": (r"\d{1,18}", "целое число копеек"),
    "TechCode": (r"\d{2}", "2 цифры"),
    "PaymPeriod": (r"\d{6}|\d{2}\.\d{4}", "ММГГГГ или ММ.ГГГГ"),
}
_MAX_LEN = {"Name": 160, "BankName": 45, "Purpose": 210}
# Fields a scanner types as digits and signs — mapped back from the Russian layout with the keys.
_MACHINE_FIELDS = frozenset(_FORMATS) | {"PersAcc", "QuittId", "QuittDate", "CounterId",
                                         "CounterVal", "Flat", "UIN", "CBC", "OKTMO"}


@dataclass(frozen=True)
class GostQr:
    """A parsed GOST R 56042 payload; `fields` under the canonical key spelling."""

    fields: dict[str, str]
    encoding: str = "2"
    separator: str = "|"
    extra: dict[str, str] = field(default_factory=dict)  # keys the standard does not name

    def _get(self, key: str) -> str | None:
        value = self.fields.get(key)
        return value if value else None

    @property
    def name(self) -> str:
        return self.fields["Name"]

    @property
    def personal_acc(self) -> str:
        return self.fields["PersonalAcc"]

    @property
    def bank_name(self) -> str:
        return self.fields["BankName"]

    @property
    def bic(self) -> str:
        return self.fields["BIC"]

    @property
    def corresp_acc(self) -> str:
        return self.fields["CorrespAcc"]

    @property
    def payee_inn(self) -> str | None:
        return self._get("PayeeINN")

    @property
    def kpp(self) -> str | None:
        return self._get("KPP")

    @property
    def purpose(self) -> str | None:
        return self._get("Purpose")

    @property
    def pers_acc(self) -> str | None:
        return self._get("PersAcc")

    @property
    def paym_period(self) -> Period | None:
        value = self._get("PaymPeriod")
        return Period.parse(value) if value else None

    @property
    def sum(self) -> int | None:
        value = self._get("Sum")
        return int(value) if value else None

    @property
    def add_amount(self) -> int | None:
        value = self._get("AddAmount")
        return int(value) if value else None


def _check_value(key: str, value: str) -> None:
    fmt = _FORMATS.get(key)
    if fmt and not re.fullmatch(fmt[0], value):
        raise BadCode(f"QR-код: поле {key} должно быть {fmt[1]}, а в коде «{value[:40]}»")
    if key == "PaymPeriod":
        try:
            Period.parse(value)
        except ValueError:
            raise BadCode(f"QR-код: в поле PaymPeriod неверный период «{value}»") from None
    limit = _MAX_LEN.get(key)
    if limit and len(value) > limit:
        raise BadCode(f"QR-код: поле {key} длиннее {limit} знаков")


def compose_gost_qr(fields: Mapping[str, str], *, encoding: int = 2, separator: str = "|") -> str:
    """The payload text for the fields in the order given; the required ones must be there and
    every value must fit its format and be free of the separator."""
    enc = str(encoding)
    if enc not in ENCODINGS:
        raise ValueError(f"Кодировка QR-кода {encoding}: допустимы 1, 2, 3")
    if len(separator) != 1 or separator.isalnum() or separator == "=":
        raise ValueError(f"Разделитель QR-кода «{separator}» не годится")
    canonical: dict[str, str] = {}
    for key, value in fields.items():
        name = _CANONICAL.get(key.lower(), key)
        text = str(value)
        if separator in text or "=" in name or separator in name:
            raise ValueError(f"Поле {name} QR-кода содержит разделитель «{separator}»")
        _check_value(name, text)
        canonical[name] = text
    missing = [k for k in REQUIRED if not canonical.get(k)]
    if missing:
        raise ValueError(f"Для QR-кода нет обязательных полей: {', '.join(missing)}")
    pairs = separator.join(f"{k}={v}" for k, v in canonical.items())
    payload = f"{_HEADER}{enc}{separator}{pairs}"
    qr_bytes(payload)  # refuses characters the chosen encoding cannot carry
    return payload


def qr_bytes(payload: str) -> bytes:
    """The bytes to put into the QR (byte mode), in the encoding the header names."""
    codec = ENCODINGS.get(payload[6:7])
    if not payload.startswith(_HEADER) or codec is None:
        raise ValueError("Это не QR-код ГОСТ Р 56042-2014")
    try:
        return payload.encode(codec)
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"Символ «{payload[exc.start]}» нельзя записать в кодировке {codec}") from None


def decode_qr_bytes(data: bytes) -> str:
    """A QR's raw bytes as text, by the encoding digit of its header (UTF-8 when unknown)."""
    codec = ENCODINGS.get(data[6:7].decode("ascii", "replace")) if data[:6] == b"ST0001" else None
    return data.decode(codec or "utf-8", errors="replace")


def parse_gost_qr(text: str) -> GostQr:
    """Parse a payload; `BadCode` names the missing or malformed key."""
    return _parse_gost(text.strip("\r\n"), russian=False)


def _parse_gost(text: str, *, russian: bool) -> GostQr:
    header = from_russian_layout(text[:7]) if russian else text[:7]
    if len(text) < 8 or header[:6].upper() != _HEADER:
        raise BadCode("Это не QR-код платёжного документа (ГОСТ Р 56042-2014): "
                      "нет заголовка ST0001")
    encoding = header[6]
    if encoding not in ENCODINGS:
        raise BadCode(f"QR-код: неизвестная кодировка «{encoding}» (допустимы 1, 2, 3)")
    separator = text[7]
    fields: dict[str, str] = {}
    extra: dict[str, str] = {}
    for chunk in text[8:].split(separator):
        if not chunk.strip():
            continue
        if "=" not in chunk:
            raise BadCode(f"QR-код: фрагмент «{chunk[:40]}» без знака «=»")
        raw_key, value = chunk.split("=", 1)
        key_text = from_russian_layout(raw_key) if russian else raw_key
        key = _CANONICAL.get(key_text.strip().lower())
        if key is None:
            extra[key_text.strip()] = value
            continue
        if russian and key in _MACHINE_FIELDS:
            value = from_russian_layout(value)
        value = value.strip()
        if key in fields and fields[key] != value:
            raise BadCode(f"QR-код: поле {key} повторяется с разными значениями")
        _check_value(key, value)
        fields[key] = value
    missing = [k for k in REQUIRED if not fields.get(k)]
    if missing:
        raise BadCode(f"QR-код: нет обязательного поля {', '.join(missing)}")
    return GostQr(fields=fields, encoding=encoding, separator=separator, extra=extra)


# --------------------------------------------------------------------------- desk Code128

DESK_VERSION = "1"
DESK_LENGTH = 28
MAX_DESK_AMOUNT = 10**10 - 1  # 99 999 999,99 ₽ in ten digits


@dataclass(frozen=True)
class DeskCode:
    account: str
    period: Period
    amount: int  # kopecks due


def compose_desk_code(account: str, period: Period, amount: int) -> str:
    number = check_account_number(account)
    if not 0 <= amount <= MAX_DESK_AMOUNT:
        raise ValueError(f"Сумма к оплате вне пределов штрихкода: {amount} коп.")
    body = f"{DESK_VERSION}{number}{period.code:06d}{amount:010d}"
    return body + str(damm_digit(body))


def parse_desk_code(text: str) -> DeskCode:
    code = text.strip()
    if len(code) != DESK_LENGTH or not code.isascii() or not code.isdigit():
        raise BadCode(f"Штрихкод кассы — {DESK_LENGTH} цифр, а прочитано {len(code)} знаков")
    if code[0] != DESK_VERSION:
        raise BadCode(f"Штрихкод кассы неизвестной версии {code[0]}")
    if damm_digit(code) != 0:
        raise BadCode("Штрихкод прочитан с ошибкой (не сходится контрольная цифра) — "
                      "отсканируйте ещё раз")
    try:
        account = check_account_number(code[1:11])
        period = Period.from_code(int(code[11:17]))
    except ValueError as exc:
        raise BadCode(f"Штрихкод кассы: {exc}") from None
    return DeskCode(account=account, period=period, amount=int(code[17:27]))


# --------------------------------------------------------------------------- any scan


@dataclass(frozen=True)
class ScannedDocument:
    """What the desk needs from whatever was scanned or typed."""

    account: str
    period: Period | None
    amount: int | None  # kopecks due, as the document says
    penalty: int | None
    kind: Literal["qr", "desk", "account"]
    payload: str
    qr: GostQr | None = None


def parse_scan(text: str) -> ScannedDocument:
    """A scanned GOST QR, a desk Code128 or a typed account number, under either layout."""
    payload = text.strip()
    if not payload:
        raise BadCode("Пустой код")
    russian = _typed_in_russian(payload)
    head = from_russian_layout(payload[:6]) if russian else payload[:6]
    if head.upper() == _HEADER:
        qr = _parse_gost(payload, russian=russian)
        if not qr.pers_acc:
            raise BadCode("В QR-коде нет лицевого счёта плательщика (поле PersAcc)")
        try:
            account = check_account_number(qr.pers_acc)
        except ValueError as exc:
            raise BadCode(f"QR-код, поле PersAcc: {exc}") from None
        return ScannedDocument(account=account, period=qr.paym_period, amount=qr.sum,
                               penalty=qr.add_amount, kind="qr", payload=payload, qr=qr)
    digits = payload.replace(" ", "").replace("-", "")
    if digits.isascii() and digits.isdigit() and len(digits) == DESK_LENGTH:
        desk = parse_desk_code(digits)
        return ScannedDocument(account=desk.account, period=desk.period, amount=desk.amount,
                               penalty=None, kind="desk", payload=payload)
    if digits.isascii() and digits.isdigit() and len(digits) == 10:
        try:
            account = check_account_number(digits)
        except ValueError as exc:
            raise BadCode(str(exc)) from None
        return ScannedDocument(account=account, period=None, amount=None, penalty=None,
                               kind="account", payload=payload)
    raise BadCode(f"Код «{payload[:40]}» не распознан: это не QR-код платёжного документа, "
                  "не штрихкод кассы и не номер лицевого счёта")
