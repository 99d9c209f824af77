"""Forms №9 and №10 and the address sheets: real PDFs whose text (pdftotext) names everyone;
printing needs the personal-data right and is in the audit log."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import AccessDenied
from app.models import AuditEntry, Registration
from app.passport.forms import address_sheet, form9, form10
from app.passport.people import personal_data_log
from app.passport.registration import register_arrival, register_departure
from app.passport.views import ArrivalInput, DepartureInput, Newcomer
from tests.passport.conftest import TODAY, Office, person


def pdf_text(pdf: bytes, tmp_path: Path, name: str = "form") -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         check=True, text=True)
    return " ".join(out.stdout.split())  # table cells wrap: compare on single spaces


def _family(office: Office) -> tuple[int, ...]:
    result = register_arrival(office.db, office.clerk, ArrivalInput(
        office.number, "permanent", date(2026, 11, 5), (
            Newcomer("жена", identity=person("Новикова", "Анна", "Сергеевна", sex="ж",
                                             doc_series="4507")),
            Newcomer("сын", identity=person("Новиков", "Илья", "Андреевич",
                                            birth=date(2012, 2, 3), doc_type="Свидетельство "
                                            "о рождении", doc_series="II-ВГ", doc_code=None,
                                            snils=None, doc_issued_on=date(2012, 2, 10)))),
        arrived_from="г. Пермь, ул. Мира, д. 1, кв. 2", reason="по заявлению"), TODAY)
    return result.registration_ids


def test_form10_names_everyone_ever_registered_with_dates_and_relation(
        office: Office, tmp_path: Path) -> None:
    regs = _family(office)
    register_departure(office.db, office.clerk, DepartureInput(
        regs[1], date(2026, 11, 18), departed_to="г. Казань"), TODAY)
    text = pdf_text(form10(office.db, office.clerk, office.number, TODAY), tmp_path)
    assert "ПОКВАРТИРНАЯ КАРТОЧКА" in text and "Форма № 10" in text
    for name in ("Хозяинов Имя0 Петрович", "Новикова Анна Сергеевна", "Новиков Илья Андреевич"):
        assert name in text
    assert "жена" in text and "сын" in text and "05.11.2026" in text
    assert "18.11.2026" in text and "г. Казань" in text
    assert "ул. Ленина, д. 5, кв. 12" in text and office.number in text
    assert "Зарегистрировано на 20.11.2026: 2" in text
    with office.db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "form.print")).one()
        assert entry.user_id == office.clerk.user_id
        assert entry.after is not None and entry.after["form"] == "Форма №10"
        assert len(entry.after["persons"]) == 3


def test_form9_and_the_sheets_carry_the_documents(office: Office, tmp_path: Path) -> None:
    regs = _family(office)
    with office.db.session() as s:
        anna = s.get_one(Registration, regs[0]).person_id
    text = pdf_text(form9(office.db, office.clerk, anna, office.number, TODAY), tmp_path)
    assert "КАРТОЧКА РЕГИСТРАЦИИ" in text and "Новикова Анна Сергеевна" in text
    assert "45 07 123456" in text and "112-233-445 95" in text and "660-005" in text
    assert "жительства" in text and "г. Пермь, ул. Мира" in text
    sheet = pdf_text(address_sheet(office.db, office.clerk, regs[1], arrival=True,
                                   today=TODAY), tmp_path, "arrival")
    assert "АДРЕСНЫЙ ЛИСТОК ПРИБЫТИЯ" in sheet and "Новиков Илья Андреевич" in sheet
    assert "Свидетельство о рождении II-ВГ 123456" in sheet
    register_departure(office.db, office.clerk, DepartureInput(
        regs[1], date(2026, 11, 18), departed_to="г. Казань"), TODAY)
    leaving = pdf_text(address_sheet(office.db, office.clerk, regs[1], arrival=False,
                                     today=TODAY), tmp_path, "departure")
    assert "АДРЕСНЫЙ ЛИСТОК УБЫТИЯ" in leaving and "г. Казань" in leaving
    assert "18.11.2026" in leaving
    actions = [line.details for line in personal_data_log(office.db, office.clerk, anna)]
    assert "Форма №9" in actions


def test_printing_needs_the_personal_data_right(office: Office) -> None:
    _family(office)
    with pytest.raises(AccessDenied, match="персональных данных"):
        form10(office.db, office.accountant, office.number, TODAY)
