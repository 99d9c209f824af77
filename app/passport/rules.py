"""The passport office's checks of what the clerk typed: all problems at once, in Russian.

`identity_fields` / `document_fields` return the Person column values, normalised («4507» →
«45 07», СНИЛС without dashes), or raise InvalidInput listing every problem; nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.calc import identity
from app.calc.snils import check_snils, normalize_snils
from app.errors import InvalidInput, Problem
from app.passport.views import DocumentInput, IdentityInput

LIMITS = {"last_name": 80, "first_name": 80, "middle_name": 80, "birth_place": 200,
          "citizenship": 60, "doc_type": 60, "doc_issued_by": 200}
TITLES = {"last_name": "Фамилия", "first_name": "Имя", "middle_name": "Отчество",
          "birth_place": "Место рождения", "citizenship": "Гражданство",
          "doc_type": "Документ", "doc_issued_by": "Кем выдан", "relation": "Родство",
          "arrived_from": "Откуда прибыл", "departed_to": "Куда выбыл", "reason": "Основание",
          "document": "Документ-основание"}


def clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def check_length(problems: list[Problem], name: str, value: str | None, limit: int) -> None:
    if value is not None and len(value) > limit:
        problems.append(Problem(TITLES.get(name, name), f"не длиннее {limit} знаков"))


def identity_fields(data: IdentityInput, today: date) -> dict[str, Any]:
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for name in ("last_name", "first_name", "middle_name", "birth_place", "citizenship"):
        value = clean(getattr(data, name))
        check_length(problems, name, value, LIMITS[name])
        out[name] = value
    for name in ("last_name", "first_name"):
        if not out[name]:
            problems.append(Problem(TITLES[name], "не заполнено"))
    if data.birth_date is None:
        problems.append(Problem("Дата рождения", "не заполнена"))
    elif data.birth_date > today:
        problems.append(Problem("Дата рождения",
                                f"{data.birth_date:%d.%m.%Y} — позже сегодняшнего дня"))
    elif data.birth_date.year < 1880:
        problems.append(Problem("Дата рождения", f"{data.birth_date:%d.%m.%Y} — слишком давно"))
    out["birth_date"] = data.birth_date
    sex = clean(data.sex)
    if sex is not None and sex.lower() not in ("м", "ж"):
        problems.append(Problem("Пол", "«м» или «ж»"))
    out["sex"] = sex.lower() if sex else None
    doc = DocumentInput(doc_type=data.doc_type, doc_series=data.doc_series,
                        doc_number=data.doc_number, doc_issued_by=data.doc_issued_by,
                        doc_issued_on=data.doc_issued_on, doc_code=data.doc_code,
                        snils=data.snils, citizenship=out["citizenship"])
    out.update(_document(doc, data.birth_date, today, problems))
    if problems:
        raise InvalidInput(problems, "Сведения о человеке не приняты")
    return out


def document_fields(data: DocumentInput, birth_date: date | None, today: date
                    ) -> dict[str, Any]:
    problems: list[Problem] = []
    out = _document(data, birth_date, today, problems)
    if problems:
        raise InvalidInput(problems, "Данные документа не приняты")
    return out


def _document(d: DocumentInput, birth: date | None, today: date, problems: list[Problem]
              ) -> dict[str, Any]:
    out: dict[str, Any] = {}
    citizenship = clean(d.citizenship)
    check_length(problems, "citizenship", citizenship, LIMITS["citizenship"])
    out["citizenship"] = citizenship
    snils = clean(d.snils)
    out["snils"] = None
    if snils:
        try:
            check_snils(snils)
            out["snils"] = normalize_snils(snils)
        except ValueError as exc:
            problems.append(Problem("СНИЛС", str(exc)))
    doc_type = clean(d.doc_type)
    kind = identity.document_kind(doc_type)
    out["doc_type"] = kind or doc_type
    check_length(problems, "doc_type", doc_type, LIMITS["doc_type"])
    series, number = clean(d.doc_series), clean(d.doc_number)
    code = clean(d.doc_code)
    out["doc_issued_by"] = clean(d.doc_issued_by)
    check_length(problems, "doc_issued_by", out["doc_issued_by"], LIMITS["doc_issued_by"])
    checks: list[tuple[str, str, str | None, Any]] = []
    if kind == identity.PASSPORT_RF:
        checks = [("Серия паспорта", "doc_series", series, identity.passport_series),
                  ("Номер паспорта", "doc_number", number, identity.document_number)]
        if code:
            checks.append(("Код подразделения", "doc_code", code, identity.division_code))
    elif kind == identity.BIRTH_CERTIFICATE:
        checks = [("Серия свидетельства", "doc_series", series,
                   identity.birth_certificate_series),
                  ("Номер свидетельства", "doc_number", number, identity.document_number)]
        if code:
            problems.append(Problem("Код подразделения", "у свидетельства о рождении его нет"))
    elif (series or number) and not doc_type:
        problems.append(Problem("Документ", "укажите вид документа"))
    out["doc_series"], out["doc_number"] = series, number
    out["doc_code"] = code if kind != identity.BIRTH_CERTIFICATE else None
    for where, key, value, check in checks:
        if not value:
            problems.append(Problem(where, "не заполнено"))
            continue
        try:
            out[key] = check(value)
        except ValueError as exc:
            problems.append(Problem(where, str(exc)))
    for name, limit in (("doc_series", 10), ("doc_number", 20)):
        if out[name] is not None and len(out[name]) > limit:
            problems.append(Problem("Документ", f"серия до 10 знаков, номер до 20: «{out[name]}»"))
    issued = d.doc_issued_on
    if issued is not None:
        if issued > today:
            problems.append(Problem("Дата выдачи", f"{issued:%d.%m.%Y} — позже сегодняшнего дня"))
        elif birth is not None and issued < birth:
            problems.append(Problem("Дата выдачи",
                                    f"{issued:%d.%m.%Y} — раньше даты рождения"))
    out["doc_issued_on"] = issued
    return out
