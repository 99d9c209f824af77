"""Registration forms of the passport office (Приказ МВД России №984): №9 card of registration,
№10 flat card, and the arrival and departure address sheets — PDFs drawn with reportlab from
plain data the passport office assembles (`app.passport.forms`)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from app.print.fonts import BOLD, CONDENSED, REGULAR, register_fonts


@dataclass(frozen=True)
class FormPerson:
    full_name: str
    birth_date: date | None
    birth_place: str | None
    sex: str | None
    citizenship: str | None
    document: str  # «Паспорт гражданина РФ 45 07 123456»
    document_issued: str  # «ГУ МВД России по Свердловской области, 01.04.2005, код 660-005»
    snils: str


@dataclass(frozen=True)
class FormRegistration:
    full_name: str
    relation: str | None
    birth_date: date | None
    birth_place: str | None
    kind: str  # «по месту жительства» / «по месту пребывания»
    date_from: date
    date_to: date | None
    arrived_from: str | None
    departed_to: str | None
    basis: str  # reason and document of the registration
    document: str = ""  # the person's identity document, as printed


@dataclass(frozen=True)
class FormHeader:
    organisation: str  # the management company keeping the register
    address: str  # «г. Тестов, ул. Ленина, д. 5, кв. 12»
    printed_on: date
    clerk: str


@dataclass(frozen=True)
class Form9Data:
    """Карточка регистрации (форма №9): the person, their documents and their registrations at
    the address."""

    header: FormHeader
    person: FormPerson
    registrations: list[FormRegistration] = field(default_factory=list)


@dataclass(frozen=True)
class Form10Data:
    """Поквартирная карточка (форма №10): everyone registered in the flat, with dates and their
    relation to the owner or tenant."""

    header: FormHeader
    account_number: str
    holder: str  # the owner / tenant the relations refer to
    total_area: str
    owners: list[str] = field(default_factory=list)  # «Петров И. П. — 1/2 с 01.01.2020»
    residents: list[FormRegistration] = field(default_factory=list)


@dataclass(frozen=True)
class AddressSheetData:
    """Адресный листок прибытия / убытия."""

    arrival: bool
    header: FormHeader
    person: FormPerson
    registration: FormRegistration


def _day(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=9.5, leading=12)
    small = ParagraphStyle("small", fontName=CONDENSED, fontSize=8, leading=10)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=13, leading=16, alignment=1,
                           spaceAfter=4)
    note = ParagraphStyle("note", fontName=REGULAR, fontSize=8, leading=10, alignment=2)
    return base, small, title, note


def _esc(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _grid(rows: list[list[Flowable | str]], widths: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.black),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("FONTNAME", (0, 0), (-1, -1), CONDENSED), ("FONTSIZE", (0, 0), (-1, -1), 8)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
    table.setStyle(TableStyle(style))
    return table


def _fields(pairs: list[tuple[str, str]], width: float) -> Table:
    base, small, _t, _n = _styles()
    rows = [[Paragraph(_esc(k), small), Paragraph(_esc(v) or "—", base)] for k, v in pairs]
    table = Table(rows, colWidths=[width * 0.32, width * 0.68])
    table.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.3, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _person_pairs(p: FormPerson) -> list[tuple[str, str]]:
    return [("Фамилия, имя, отчество", p.full_name),
            ("Дата рождения", _day(p.birth_date)), ("Место рождения", p.birth_place or ""),
            ("Пол", {"м": "мужской", "ж": "женский"}.get(p.sex or "", p.sex or "")),
            ("Гражданство", p.citizenship or ""), ("Документ", p.document),
            ("Кем и когда выдан", p.document_issued), ("СНИЛС", p.snils)]


def _footer(h: FormHeader) -> list[Flowable]:
    _b, _s, _t, note = _styles()
    return [Spacer(1, 8 * mm), Paragraph(
        f"Ответственный за регистрацию: {_esc(h.clerk)} ______________ "
        f"Дата: {_day(h.printed_on)}", note)]


def _build(story: list[Flowable], page: tuple[float, float], title: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=14 * mm, rightMargin=14 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title,
                            author="Квартал. Расчёты ЖКХ")
    doc.build(story)
    return buffer.getvalue()


def render_form9(data: Form9Data) -> bytes:
    base, small, title, note = _styles()
    width = A4[0] - 28 * mm
    h = data.header
    story: list[Flowable] = [
        Paragraph("Форма № 9", note), Paragraph("КАРТОЧКА РЕГИСТРАЦИИ", title),
        Paragraph(f"{_esc(h.organisation)}", base),
        Paragraph(f"Адрес: {_esc(h.address)}", base), Spacer(1, 4 * mm),
        _fields(_person_pairs(data.person), width), Spacer(1, 5 * mm),
        Paragraph("Регистрация по данному адресу", base), Spacer(1, 2 * mm)]
    rows: list[list[Flowable | str]] = [[Paragraph(t, small) for t in (
        "Вид регистрации", "Дата регистрации", "Откуда прибыл", "Основание",
        "Дата снятия", "Куда выбыл")]]
    for r in data.registrations:
        rows.append([Paragraph(_esc(x), small) for x in (
            r.kind, _day(r.date_from), r.arrived_from or "", r.basis, _day(r.date_to),
            r.departed_to or "")])
    story.append(_grid(rows, [width * w for w in (0.16, 0.12, 0.22, 0.2, 0.1, 0.2)]))
    story += _footer(h)
    return _build(story, A4, f"Форма №9 — {data.person.full_name}")


def render_form10(data: Form10Data) -> bytes:
    base, small, title, note = _styles()
    page = landscape(A4)
    width = page[0] - 28 * mm
    h = data.header
    story: list[Flowable] = [
        Paragraph("Форма № 10", note), Paragraph("ПОКВАРТИРНАЯ КАРТОЧКА", title),
        Paragraph(f"{_esc(h.organisation)}", base),
        Paragraph(f"Адрес: {_esc(h.address)} · лицевой счёт {_esc(data.account_number)} · "
                  f"общая площадь {_esc(data.total_area)} м²", base),
        Paragraph(f"Собственник (наниматель): {_esc(data.holder)}", base)]
    if data.owners:
        story.append(Paragraph("Собственники: " + "; ".join(_esc(o) for o in data.owners),
                               small))
    story.append(Spacer(1, 4 * mm))
    rows: list[list[Flowable | str]] = [[Paragraph(t, small) for t in (
        "№", "Фамилия, имя, отчество", "Родственные отношения", "Дата и место рождения",
        "Документ", "Вид регистрации", "Зарегистри­рован", "Откуда прибыл", "Снят с учёта",
        "Куда выбыл")]]
    for i, r in enumerate(data.residents, 1):
        born = ", ".join(x for x in (_day(r.birth_date), r.birth_place or "") if x)
        rows.append([Paragraph(_esc(x), small) for x in (
            str(i), r.full_name, r.relation or "", born, r.document, r.kind,
            _day(r.date_from), r.arrived_from or "", _day(r.date_to), r.departed_to or "")])
    story.append(_grid(rows, [width * w for w in (0.03, 0.15, 0.10, 0.12, 0.13, 0.09, 0.08,
                                                  0.12, 0.08, 0.10)]))
    story.append(Spacer(1, 2 * mm))
    current = sum(1 for r in data.residents if r.date_to is None or r.date_to >= h.printed_on)
    story.append(Paragraph(f"Зарегистрировано на {_day(h.printed_on)}: {current}", base))
    story += _footer(h)
    return _build(story, page, f"Форма №10 — {h.address}")


def render_address_sheet(data: AddressSheetData) -> bytes:
    base, _small, title, _note = _styles()
    width = A4[0] - 28 * mm
    h, r = data.header, data.registration
    name = "АДРЕСНЫЙ ЛИСТОК ПРИБЫТИЯ" if data.arrival else "АДРЕСНЫЙ ЛИСТОК УБЫТИЯ"
    story: list[Flowable] = [Paragraph(name, title), Paragraph(_esc(h.organisation), base),
                             Spacer(1, 4 * mm), _fields(_person_pairs(data.person), width),
                             Spacer(1, 4 * mm)]
    if data.arrival:
        pairs = [("Адрес регистрации", h.address), ("Вид регистрации", r.kind),
                 ("Дата регистрации", _day(r.date_from)),
                 ("Срок пребывания до", _day(r.date_to) if r.date_to else ""),
                 ("Откуда прибыл", r.arrived_from or ""), ("Основание", r.basis)]
    else:
        pairs = [("Адрес, с которого убыл", h.address), ("Вид регистрации", r.kind),
                 ("Был зарегистрирован с", _day(r.date_from)),
                 ("Дата снятия с регистрации", _day(r.date_to)),
                 ("Куда выбыл", r.departed_to or ""), ("Основание", r.basis)]
    story.append(_fields(pairs, width))
    story += _footer(h)
    return _build(story, A4, f"{name.capitalize()} — {data.person.full_name}")
