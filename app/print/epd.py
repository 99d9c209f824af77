"""The payment document (ЕПД) page: A4, one account, both codes.

`EpdWriter` keeps one canvas for any number of documents; what is the same on every page
(logo, titles, captions, the calculation table's header) is drawn once as a reportlab form and
placed on each page, so mass printing draws only what differs.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from app.calc.explain import num
from app.calc.money import format_rub
from app.print import fonts
from app.print.barcodes import draw_code128, draw_qr
from app.print.epd_data import EpdDocument, InstalmentInfo, Party, ServiceLine

PAGE_W, PAGE_H = A4
LEFT = 10 * mm
RIGHT = PAGE_W - 10 * mm
STATIC_FORM = "epd_static"
TABLE_TOP = 84 * mm  # from the top of the page
ROW = 4.2 * mm
GREY = 0.45
ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTRE = 0, 1, 2

# calculation table: (title, right edge in mm from the left margin)
COLUMNS = (
    ("Вид услуги", 54), ("Ед.", 64), ("Объём\nинд.", 79), ("Объём\nОДН", 93),
    ("Тариф,\n₽", 110), ("Начислено", 127), ("Перерасчёт", 144), ("Пени", 157),
    ("Оплачено", 174), ("Итого\nза месяц", 190),
)


def _y(top_mm: float) -> float:
    return PAGE_H - top_mm * mm


def _money(amount: int) -> str:
    return format_rub(amount, currency=False)


def _qty(value: Decimal | None, places: int = 3) -> str:
    return "" if value is None else num(value, 0, places)


def _tariff(values: tuple[Decimal, ...]) -> str:
    return " / ".join(num(v, 2, 4) for v in values)


@lru_cache(maxsize=4096)
def _fitted(text: str, font: str, size: float, width: float) -> str:
    """Names, services and footers repeat from page to page: each is measured once."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


class EpdWriter:
    """Draws payment documents into one PDF, a page each."""

    draw_qr = staticmethod(draw_qr)

    def __init__(self, out: str | Path | BinaryIO, compress: bool = True) -> None:
        fonts.register_fonts()
        self.logo = str(fonts.resource("logo.png"))
        target = str(out) if isinstance(out, Path) else out
        self.compress = compress
        self.c = Canvas(target, pagesize=A4, pageCompression=1 if compress else 0)
        self.c.setTitle("Единый платёжный документ")
        self.c.setCreator("Квартал. Расчёты ЖКХ")
        self._static_drawn = False
        self._shaped: dict[tuple[str, float, str], tuple[float, str]] = {}
        self.pages = 0

    # --- static part, once per file ---------------------------------------------------
    def _place_static(self) -> None:
        """The static part: drawn once into a form, then placed on every page."""
        if not self._static_drawn:
            self.c.beginForm(STATIC_FORM)
            self._static_content()
            self.c.endForm()
            self._static_drawn = True
        self.c.doForm(STATIC_FORM)

    def _static_content(self) -> None:
        c = self.c
        c.drawImage(self.logo, LEFT, _y(28), 18 * mm, 18 * mm, mask="auto")
        c.setFont(fonts.BOLD, 12)
        c.drawString(LEFT + 22 * mm, _y(14), "ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ")
        c.setFont(fonts.REGULAR, 6.5)
        c.drawString(LEFT + 22 * mm, _y(18), "для внесения платы за содержание и ремонт")
        c.drawString(LEFT + 22 * mm, _y(20.7), "жилого помещения и коммунальные услуги")
        c.setLineWidth(0.6)
        c.rect(LEFT, _y(78), 143 * mm, 46 * mm)  # payer box
        c.setFont(fonts.CONDENSED, 7.5)
        for top, label in ((37, "Плательщик:"), (42, "Адрес:"), (47, "Лицевой счёт:"),
                           (53, "Площадь, м²:"), (57.5, "Зарегистрировано:"),
                           (62, "Оплатить до:")):
            c.drawString(LEFT + 2 * mm, _y(top), label)
        c.setFont(fonts.CONDENSED, 6.5)
        c.drawString(LEFT + 64 * mm, _y(70), "← код для оплаты в кассе")
        c.drawCentredString(LEFT + 170 * mm, _y(76.5), "Оплата по QR-коду в приложении банка")
        c.setFont(fonts.BOLD, 8.5)
        c.drawString(LEFT, _y(82), "РАСЧЁТ РАЗМЕРА ПЛАТЫ ЗА ЖИЛОЕ ПОМЕЩЕНИЕ И КОММУНАЛЬНЫЕ УСЛУГИ")
        self._table_header()

    def _table_header(self) -> None:
        c = self.c
        c.setFillGray(0.9)
        c.rect(LEFT, PAGE_H - TABLE_TOP - 7 * mm, RIGHT - LEFT, 7 * mm, stroke=0, fill=1)
        c.setFillGray(0)
        c.setFont(fonts.CONDENSED_BOLD, 6.5)
        left = 0
        for title, right in COLUMNS:
            lines = title.split("\n")
            centre = LEFT + (left + right) / 2 * mm
            for i, line in enumerate(lines):
                dy = (3 if len(lines) == 1 else 2.2 + i * 2.8) * mm
                c.drawCentredString(centre, PAGE_H - TABLE_TOP - dy - 1.5 * mm, line)
            left = right

    # --- text, the fast way -------------------------------------------------------------
    def _text(self, x: float, y: float, text: str, font: str, size: float,
              align: int = ALIGN_LEFT) -> None:
        """`text` at (x, y) — what canvas.drawString does, without a text object per string:
        each distinct string's PDF operators (its glyph codes in the font subsets of this file,
        escaped) and width are worked out once per file and reused on every page."""
        shaped = self._shaped.get((font, size, text))
        if shaped is None:
            shaped = self._shaped[(font, size, text)] = self._shape(font, size, text)
        width, ops = shaped
        if align == ALIGN_RIGHT:
            x -= width
        elif align == ALIGN_CENTRE:
            x -= width / 2
        self.c.addLiteral(f"BT 1 0 0 1 {fp_str(x)} {fp_str(y)} Tm {ops} ET")

    def _shape(self, font: str, size: float, text: str) -> tuple[float, str]:
        c = self.c
        face = pdfmetrics.getFont(font)
        doc = c._doc  # subsets are assigned per document (ttfonts' own recipe)
        ops = " ".join(f"{face.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf "
                       f"({c._escape(chunk)}) Tj"
                       for subset, chunk in face.splitString(text, doc))
        return pdfmetrics.stringWidth(text, font, size), ops

    def _fit(self, x: float, y: float, text: str, font: str, size: float, width: float,
             align: int = ALIGN_LEFT) -> None:
        """`text` cut with an ellipsis to `width` points."""
        self._text(x, y, _fitted(text, font, size, width), font, size, align)

    # --- one document ------------------------------------------------------------------
    def add(self, doc: EpdDocument) -> None:
        c = self.c
        self._place_static()
        self._head(doc)
        self._payer(doc)
        bottom = self._table(doc)
        bottom = self._totals(doc, bottom)
        bottom = self._payees(doc, bottom)
        self._lower(doc, bottom)
        self._footer(doc)
        c.showPage()
        self._compress_last_page()
        self.pages += 1

    def _compress_last_page(self) -> None:
        """The page's content stream deflated at once at level 1, without reportlab's ASCII85
        wrapping: a third of the time of its default (level 6, then ASCII85) for the same size
        of file, and the page holds compressed bytes, not text, until the file is saved."""
        page = self.c._doc.Pages[-1]
        if self.compress and page.stream is not None and page.Contents is None:
            data = page.stream.encode("utf-8") if isinstance(page.stream, str) else page.stream
            page.Contents = PDFStream(PDFDictionary({"Filter": PDFName("FlateDecode")}),
                                      zlib.compress(data, 1))
            page.stream = None

    def add_all(self, docs: Iterable[EpdDocument]) -> None:
        for doc in docs:
            self.add(doc)

    def save(self) -> None:
        self.c.save()

    def _head(self, doc: EpdDocument) -> None:
        t = self._text
        t(LEFT + 22 * mm, _y(26.5), f"за {doc.period_title} г.", fonts.BOLD, 11)
        x = LEFT + 118 * mm
        width = RIGHT - x
        co = doc.company
        self._fit(x, _y(11), co.name, fonts.CONDENSED_BOLD, 7.5, width)
        lines = [f"ИНН {co.inn}" + (f", КПП {co.kpp}" if co.kpp else ""), co.address or "",
                 f"Телефон: {co.phone}" if co.phone else "",
                 f"Аварийно-диспетчерская служба: {co.dispatcher_phone}"
                 if co.dispatcher_phone else "",
                 f"Эл. почта: {co.email}" if co.email else ""]
        top = 14.2
        for line in (text for text in lines if text):
            self._fit(x, _y(top), line, fonts.CONDENSED, 6.5, width)
            top += 2.9

    def _payer(self, doc: EpdDocument) -> None:
        c, t = self.c, self._text
        x = LEFT + 27 * mm
        width = 84 * mm
        self._fit(x, _y(37), doc.payer_name, fonts.BOLD, 8, width)
        self._fit(x, _y(42), doc.address, fonts.CONDENSED, 7.5, width + 30 * mm)
        t(x, _y(47.5), doc.account_number, fonts.BOLD, 11)
        area = f"общая {_qty(doc.total_area, 2)}"
        if doc.living_area is not None:
            area += f", жилая {_qty(doc.living_area, 2)}"
        if doc.account_area != doc.total_area:
            area += f", по лицевому счёту {_qty(doc.account_area, 2)}"
        t(x, _y(53), area, fonts.CONDENSED, 7.5)
        t(x, _y(57.5), f"{doc.residents} чел.", fonts.CONDENSED, 7.5)
        t(x, _y(62), f"{doc.pay_by:%d.%m.%Y}" if doc.pay_by else "—", fonts.CONDENSED, 7.5)
        # amount due
        due_x = LEFT + 141 * mm
        t(due_x, _y(53), "ИТОГО К ОПЛАТЕ", fonts.CONDENSED, 7.5, ALIGN_RIGHT)
        t(due_x, _y(59.5), format_rub(doc.to_pay), fonts.BOLD, 14, ALIGN_RIGHT)
        if doc.closing < 0:
            t(due_x, _y(63), f"аванс {format_rub(-doc.closing)}", fonts.CONDENSED, 7,
              ALIGN_RIGHT)
        # desk Code128 and its digits
        width_drawn = draw_code128(c, doc.desk_code, LEFT + 2 * mm, _y(73), 0.3 * mm, 9 * mm)
        t(LEFT + 2 * mm + width_drawn / 2, _y(75.5), doc.desk_code, fonts.REGULAR, 6.5,
          ALIGN_CENTRE)
        self.draw_qr(c, doc.qr_data, LEFT + 152 * mm, _y(74), 36 * mm)

    def _table(self, doc: EpdDocument) -> float:
        """Rows of the calculation; returns the top (mm) of what follows."""
        c, t = self.c, self._text
        top = TABLE_TOP / mm + 7
        for i, line in enumerate(doc.lines):
            if i % 2:
                c.setFillGray(0.96)
                c.rect(LEFT, _y(top + 4.2), RIGHT - LEFT, ROW, stroke=0, fill=1)
                c.setFillGray(0)
            self._row(line, top + 3)
            top += 4.2
        c.setLineWidth(0.4)
        c.line(LEFT, _y(top + 0.4), RIGHT, _y(top + 0.4))
        t(LEFT + 1 * mm, _y(top + 3.6), "Всего", fonts.CONDENSED_BOLD, 7)
        totals = (doc.charged, doc.recalculated, doc.penalty, doc.paid,
                  doc.charged + doc.recalculated + doc.penalty)
        for (_, right), value in zip(COLUMNS[5:], totals, strict=True):
            t(LEFT + (right - 1) * mm, _y(top + 3.6), _money(value), fonts.CONDENSED_BOLD, 7,
              ALIGN_RIGHT)
        return top + 6

    def _row(self, line: ServiceLine, base: float) -> None:
        t = self._text
        y = _y(base)
        self._fit(LEFT + 1 * mm, y, line.service, fonts.CONDENSED, 7, 52 * mm)
        cells = (line.unit, _qty(line.volume), _qty(line.common_volume), _tariff(line.tariff),
                 _money(line.charged), _money(line.recalculated) if line.recalculated else "",
                 _money(line.penalty) if line.penalty else "",
                 _money(line.paid) if line.paid else "", _money(line.total))
        for (_, right), text in zip(COLUMNS[1:], cells, strict=True):
            if text:
                t(LEFT + (right - 1) * mm, y, text, fonts.CONDENSED, 7, ALIGN_RIGHT)

    def _totals(self, doc: EpdDocument, top: float) -> float:
        c, t = self.c, self._text
        items = (("Долг (+) / аванс (−)", doc.opening), ("Начислено", doc.charged),
                 ("Перерасчёты", doc.recalculated), ("Пени", doc.penalty),
                 ("Оплачено", doc.paid), ("Корректировки", doc.corrected),
                 ("К оплате", doc.to_pay))
        width = (RIGHT - LEFT) / len(items)
        c.setLineWidth(0.4)
        c.rect(LEFT, _y(top + 8), RIGHT - LEFT, 8 * mm)
        for i, (label, value) in enumerate(items):
            x = LEFT + i * width
            if i:
                c.line(x, _y(top), x, _y(top + 8))
            t(x + width / 2, _y(top + 3), label, fonts.CONDENSED, 6, ALIGN_CENTRE)
            t(x + width / 2, _y(top + 6.6), format_rub(value),
              fonts.CONDENSED_BOLD if i == len(items) - 1 else fonts.CONDENSED, 7.5,
              ALIGN_CENTRE)
        return top + 13

    def _payees(self, doc: EpdDocument, top: float) -> float:
        c, t, fit = self.c, self._text, self._fit
        t(LEFT, _y(top), "ПОЛУЧАТЕЛИ ПЛАТЕЖА И ИХ РЕКВИЗИТЫ", fonts.BOLD, 8)
        top += 1
        for share in doc.payees:
            p = share.party
            fit(LEFT + 1 * mm, _y(top + 3), p.name, fonts.CONDENSED_BOLD, 6.8, 60 * mm)
            t(RIGHT - 1 * mm, _y(top + 3), format_rub(share.amount), fonts.CONDENSED_BOLD, 6.8,
              ALIGN_RIGHT)
            fit(LEFT + 62 * mm, _y(top + 3), ", ".join(share.services), fonts.CONDENSED, 6.3,
                100 * mm)
            t(LEFT + 1 * mm, _y(top + 6), _requisites(p), fonts.CONDENSED, 6.3)
            c.setStrokeGray(0.75)
            c.line(LEFT, _y(top + 7), RIGHT, _y(top + 7))
            c.setStrokeGray(0)
            top += 7
        collector = doc.collector
        t(LEFT + 1 * mm, _y(top + 3), f"Платёж по QR-коду принимает {collector.name}",
          fonts.CONDENSED_BOLD, 6.5)
        t(LEFT + 1 * mm, _y(top + 6), _requisites(collector), fonts.CONDENSED, 6.3)
        return top + 12

    def _lower(self, doc: EpdDocument, top: float) -> None:
        """Meter readings and reference data side by side; then recalculations, payments."""
        t, fit = self._text, self._fit
        small = fonts.CONDENSED
        mid = LEFT + 104 * mm
        t(LEFT, _y(top), "ПОКАЗАНИЯ ИНДИВИДУАЛЬНЫХ ПРИБОРОВ УЧЁТА", fonts.BOLD, 8)
        t(mid, _y(top), "СПРАВОЧНАЯ ИНФОРМАЦИЯ", fonts.BOLD, 8)
        heads = (("Услуга", 0), ("№ прибора", 40), ("Зона", 62), ("Предыдущие", 80),
                 ("Текущие", 92), ("Расход", 102))
        for title, at in heads:
            t(LEFT + at * mm, _y(top + 3.5), title, fonts.CONDENSED_BOLD, 6.5,
              ALIGN_LEFT if at <= 40 else ALIGN_RIGHT)
        row_top = top + 3.5
        if not doc.meters:
            t(LEFT, _y(row_top + 3.2), "Приборов учёта нет", small, 6.5)
            row_top += 3.2
        for m in doc.meters:
            row_top += 3.2
            y = _y(row_top)
            fit(LEFT, y, m.service, small, 6.5, 39 * mm)
            t(LEFT + 40 * mm, y, m.serial, small, 6.5)
            for at, text in ((62, m.zone), (80, _qty(m.previous)), (92, _qty(m.current)),
                             (102, _qty(m.volume))):
                if text:
                    t(LEFT + at * mm, y, text, small, 6.5, ALIGN_RIGHT)
        ref_top = top + 0.5
        for line in _reference_lines(doc):
            ref_top += 3.2
            fit(mid, _y(ref_top), line, small, 6.5, RIGHT - mid)
        top = max(row_top, ref_top) + 5
        if doc.recalculations:
            t(LEFT, _y(top), "ПЕРЕРАСЧЁТЫ: ОСНОВАНИЯ", fonts.BOLD, 8)
            for r in doc.recalculations[:8]:
                top += 3.2
                fit(LEFT, _y(top), f"{r.service} за {r.period_title}: "
                    f"{format_rub(r.amount, sign=True)} — {r.reason}", small, 6.5, RIGHT - LEFT)
            top += 5
        if doc.instalment is not None:
            t(LEFT, _y(top), "РАССРОЧКА", fonts.BOLD, 8)
            fit(LEFT + 22 * mm, _y(top), _instalment_text(doc.instalment), small, 6.5,
                RIGHT - LEFT - 22 * mm)
            top += 5
        t(LEFT, _y(top), "ОПЛАТЫ, ПОСТУПИВШИЕ В ПЕРИОДЕ", fonts.BOLD, 8)
        text = "; ".join(f"{p.paid_on:%d.%m.%Y} — {format_rub(p.amount)}"
                         for p in doc.payments) or "Оплат не поступало"
        fit(LEFT + 72 * mm, _y(top), text, small, 6.5, RIGHT - LEFT - 72 * mm)

    def _footer(self, doc: EpdDocument) -> None:
        c = self.c
        co = doc.company
        c.setStrokeGray(GREY)
        c.line(LEFT, _y(284), RIGHT, _y(284))
        c.setStrokeGray(0)
        contacts = [f"{co.full_name or co.name}: {co.address or ''}",
                    f"тел. {co.phone}" if co.phone else "",
                    f"аварийно-диспетчерская служба {co.dispatcher_phone}"
                    if co.dispatcher_phone else ""]
        self._fit(LEFT, _y(287), "; ".join(t for t in contacts if t), fonts.CONDENSED, 6.3,
                  RIGHT - LEFT)
        coll = doc.collector
        self._fit(LEFT, _y(290), f"Расчёты и приём платежей: {coll.full_name or coll.name}, "
                  f"{coll.address or ''}" + (f", тел. {coll.phone}" if coll.phone else ""),
                  fonts.CONDENSED, 6.3, RIGHT - LEFT)


def _instalment_text(i: InstalmentInfo) -> str:
    text = (f"соглашение о рассрочке № {i.number} от {i.signed_on:%d.%m.%Y} на "
            f"{format_rub(i.debt)}: ")
    if i.next_due is None:
        return text + "все платежи по графику назначены до конца периода"
    return text + (f"платёж до {i.next_due:%d.%m.%Y} — {format_rub(i.next_amount)}, "
                   f"всего по графику осталось {format_rub(i.remaining)}")


def _reference_lines(doc: EpdDocument) -> list[str]:
    ref = doc.reference
    lines = []
    if ref.building_area is not None:
        lines.append(f"Общая площадь дома: {_qty(ref.building_area, 2)} м²")
    if ref.premises_area is not None:
        lines.append(f"Площадь помещений: {_qty(ref.premises_area, 2)} м²")
    if ref.common_area is not None:
        lines.append(f"Площадь общего имущества: {_qty(ref.common_area, 2)} м²")
    lines += [f"ОДПУ «{s}»: {_qty(v)} {u}, помещения {_qty(p)} {u}"
              for s, v, p, u in ref.building_meters]
    lines += [f"Норматив «{s}»: {_qty(v, 4)} {u}" for s, v, u in ref.norms]
    return lines


def _requisites(p: Party) -> str:
    return (f"ИНН {p.inn}" + (f" КПП {p.kpp}" if p.kpp else "")
            + f", р/с {p.settlement_account} в {p.bank_name}, БИК {p.bik}, к/с {p.corr_account}")


def write_epds(out: str | Path | BinaryIO, docs: Iterable[EpdDocument]) -> int:
    """All `docs` into one PDF, a page each; returns the number of pages."""
    writer = EpdWriter(out)
    writer.add_all(docs)
    writer.save()
    return writer.pages
