"""Identity documents: the shapes of their series, numbers and division codes, and masking.

Pure rules (Приказ МВД России №984 forms carry these fields): a passport of a citizen of Russia
has a series of 4 digits (written «45 07»), a number of 6 digits and the code of the issuing
division «NNN-NNN»; a Russian birth certificate has a series of a Roman numeral and two Cyrillic
letters («IV-АИ») and a number of 6 digits. Other documents (a foreign passport, a residence
permit) are taken as written. Each check returns the normalised value or raises ValueError with
a Russian message.

Masking for lists shown to roles without the personal-data right: «45 ** ******»,
СНИЛС «***-***-*** 12».
"""

from __future__ import annotations

import re

PASSPORT_RF = "Паспорт гражданина РФ"
BIRTH_CERTIFICATE = "Свидетельство о рождении"
DOCUMENT_TYPES = (PASSPORT_RF, BIRTH_CERTIFICATE, "Иностранный паспорт", "Вид на жительство",
                  "Разрешение на временное проживание")

_SPACES = re.compile(r"[\s\u00a0]+")
_BIRTH_SERIES = re.compile(r"([IVXLCivxlc]{1,6})-?([А-ЯЁа-яё]{2})")


def document_kind(doc_type: str | None) -> str | None:
    """The known type a stored name means (case and spacing aside), else None."""
    if not doc_type:
        return None
    key = _SPACES.sub(" ", doc_type).strip().casefold()
    for known in (PASSPORT_RF, BIRTH_CERTIFICATE):
        if key == known.casefold():
            return known
    if key in ("паспорт", "паспорт рф", "паспорт гражданина российской федерации"):
        return PASSPORT_RF
    return None


def passport_series(text: str) -> str:
    digits = _SPACES.sub("", text)
    if len(digits) != 4 or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"Серия паспорта — 4 цифры, например «45 07»: «{text}»")
    return f"{digits[:2]} {digits[2:]}"


def document_number(text: str) -> str:
    digits = _SPACES.sub("", text)
    if len(digits) != 6 or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"Номер документа — 6 цифр: «{text}»")
    return digits


def division_code(text: str) -> str:
    digits = _SPACES.sub("", text).replace("-", "")
    if len(digits) != 6 or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"Код подразделения — 6 цифр, например «660-005»: «{text}»")
    return f"{digits[:3]}-{digits[3:]}"


def birth_certificate_series(text: str) -> str:
    m = _BIRTH_SERIES.fullmatch(_SPACES.sub("", text))
    if not m:
        raise ValueError(
            f"Серия свидетельства о рождении — римские цифры и две русские буквы, "
            f"например «IV-АИ»: «{text}»")
    return f"{m.group(1).upper()}-{m.group(2).upper()}"


def mask_series(series: str | None) -> str:
    """«45 07» → «45 **»: the region stays, the rest is hidden."""
    if not series:
        return ""
    shown, out = 0, []
    for ch in series:
        if ch.isalnum():
            out.append(ch if shown < 2 else "*")
            shown += 1
        else:
            out.append(ch)
    return "".join(out)


def mask_number(number: str | None) -> str:
    return "".join("*" if ch.isalnum() else ch for ch in number) if number else ""


def mask_document(series: str | None, number: str | None) -> str:
    return " ".join(p for p in (mask_series(series), mask_number(number)) if p)


def mask_snils(snils: str | None) -> str:
    """«123-456-789 64» or «12345678964» → «***-***-*** 64»."""
    if not snils:
        return ""
    digits = re.sub(r"\D", "", snils)
    return f"***-***-*** {digits[-2:]}" if len(digits) == 11 else "***"
