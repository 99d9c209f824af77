"""The cashier's receipt on an 80 mm roll (72 mm printable), as PDF: the 54-ФЗ requisites of
DOMAIN.md «Cashier receipt» from the same payload the fiscal register receives.

Fonts: DejaVu Sans from the repository's `resources/fonts/`, never the system's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from app.calc.money import format_rub
from app.print import fonts
from app.titles import RECEIPT_PAYMENT_FORM

ROLL_WIDTH = 80 * mm
MARGIN = 4 * mm
FONT, BOLD = fonts.REGULAR, fonts.BOLD
SIZE, LEADING = 7.5, 9.5
AGENT = "Платёжный агент"
FORM_TITLES = RECEIPT_PAYMENT_FORM


@dataclass(frozen=True)
class ReceiptLine:
    name: str  # «Оплата: Холодное водоснабжение за 11.2026»
    amount: int
    supplier: str
    supplier_inn: str
    supplier_phone: str


@dataclass(frozen=True)
class Receipt:
    number: int  # in the shift
    shift_number: int
    issued_at: datetime
    operation: str  # Приход / Возврат прихода
    organisation: str
    inn: str
    taxation: str
    place: str
    desk: str
    account: str
    payer: str
    lines: list[ReceiptLine]
    total: int
    form: str  # PaymentChannel value
    tendered: int | None
    cashier: str
    agent: str = AGENT
    register: dict[str, str] = field(default_factory=dict)  # ЗН ККТ, ФН, ФД, ФП once sent

    @property
    def change(self) -> int:
        return max((self.tendered or 0) - self.total, 0)

    @property
    def form_title(self) -> str:
        return FORM_TITLES.get(self.form, self.form)


Line = tuple[str, str, bool]  # left, right, bold


def receipt_lines(r: Receipt) -> list[Line]:
    """The receipt's text, top to bottom: (left, right-aligned, bold)."""
    out: list[Line] = [
        (r.organisation, "", True),
        (f"ИНН {r.inn}", "", False),
        (f"Место расчётов: {r.place}", "", False),
        ("", "", False),
        (f"КАССОВЫЙ ЧЕК № {r.number}", f"Смена № {r.shift_number}", True),
        (r.operation.upper(), r.issued_at.astimezone().strftime("%d.%m.%Y %H:%M"), True),
        (f"Касса: {r.desk}", "", False),
        (f"Лицевой счёт {r.account}", "", False),
        (f"Плательщик: {r.payer}", "", False),
        ("", "", False),
    ]
    for line in r.lines:
        out += [
            (line.name, format_rub(line.amount), False),
            (f"  Признак агента: {r.agent}", "", False),
            (f"  Поставщик: {line.supplier}, ИНН {line.supplier_inn}", "", False),
        ]
        if line.supplier_phone:
            out.append((f"  Тел. поставщика: {line.supplier_phone}", "", False))
        out.append(("  Предмет расчёта: платёж; способ: полный расчёт; НДС не облагается",
                    "", False))
    out += [
        ("", "", False),
        ("ИТОГ", format_rub(r.total), True),
        (r.form_title, format_rub(r.total), False),
    ]
    if r.tendered is not None and r.form == "cash":
        out += [("Получено", format_rub(r.tendered), False),
                ("Сдача", format_rub(r.change), False)]
    out += [
        (f"Система налогообложения: {r.taxation}", "", False),
        (f"Кассир: {r.cashier}", "", False),
    ]
    if r.register:
        out += [(f"{k}: {v}", "", False) for k, v in r.register.items()]
        if r.register.get("ЗН ККТ") == "ЖУРНАЛ":
            out.append(("Регистратор: журнал в файле, без ККТ (не фискальный документ)", "",
                        False))
    else:
        out.append(("ФП: документ ожидает отправки в фискальный регистратор", "", False))
    return out


def _wrap(text: str, font: str, width: float) -> list[str]:
    """Words to lines that fit `width`; an indented text keeps its indent on every line."""
    indent = text[:len(text) - len(text.lstrip(" "))]
    lines: list[str] = []
    cur = ""
    for w in text.split():
        trial = f"{cur} {w}" if cur else indent + w
        if pdfmetrics.stringWidth(trial, font, SIZE) <= width or not cur:
            cur = trial
        else:
            lines.append(cur)
            cur = indent + w
    lines.append(cur)
    return lines


def render_receipt(r: Receipt) -> bytes:
    """The receipt as a one-page PDF as tall as its text."""
    fonts.register_fonts()  # from resources/, as every document (installed copies too)
    width = ROLL_WIDTH - 2 * MARGIN
    rows: list[tuple[str, str, bool]] = []
    for left, right, bold in receipt_lines(r):
        font = BOLD if bold else FONT
        room = width - (pdfmetrics.stringWidth(right, font, SIZE) + 3 * mm if right else 0)
        parts = _wrap(left, font, room) if left else [""]
        rows.append((parts[0], right, bold))
        rows += [(p, "", bold) for p in parts[1:]]
    height = 2 * MARGIN + LEADING * len(rows)
    buf = BytesIO()
    c = Canvas(buf, pagesize=(ROLL_WIDTH, height))
    c.setTitle(f"Чек № {r.number}, смена № {r.shift_number}")
    y = height - MARGIN - SIZE
    for left, right, bold in rows:
        c.setFont(BOLD if bold else FONT, SIZE)
        if left:
            c.drawString(MARGIN, y, left)
        if right:
            c.drawRightString(ROLL_WIDTH - MARGIN, y, right)
        y -= LEADING
    c.showPage()
    c.save()
    return buf.getvalue()
