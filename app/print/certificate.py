"""Certificates (справки) and statements: the issuer's requisites, a title with the number and
date, paragraphs and tables in order, the signature and the stamp's place.

One layout serves every kind: the application layer (`app.documents.certificates`) decides what
the paragraphs and tables say. Tables run over pages with their header repeated (platypus).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate

from app.print import fonts
from app.print.epd_data import Party


@dataclass(frozen=True, slots=True)
class TableBlock:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # mm
    right: tuple[int, ...] = ()  # columns aligned right (amounts)
    total_rows: int = 0  # the last rows are totals, bold
    bold_rows: tuple[int, ...] = ()  # subtotals inside the table (indexes into `rows`)


@dataclass(frozen=True, slots=True)
class Certificate:
    title: str  # «СПРАВКА», «ВЫПИСКА»
    subtitle: str  # «о составе семьи»
    number: str  # «12/2026»; empty for a statement
    issued_on: date
    issuer: Party
    blocks: tuple[str | TableBlock, ...]  # paragraphs and tables, in order
    signer_title: str
    signer_name: str
    recipient: str = ""
    purpose: str = "Справка дана для предъявления по месту требования."
    wide: bool = False  # landscape, for statements with many columns
    made: str = "сформирована"  # before the date of an unnumbered one: «выписка сформирована»


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=fonts.REGULAR, fontSize=9.5, leading=12.5,
                          alignment=TA_LEFT)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "issuer": ParagraphStyle("issuer", parent=base, fontName=fonts.BOLD, fontSize=10.5,
                                 leading=13),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.BOLD, fontSize=14,
                                leading=18, alignment=TA_CENTER, spaceBefore=8),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontName=fonts.BOLD, fontSize=11,
                                   leading=14, alignment=TA_CENTER),
        "meta": ParagraphStyle("meta", parent=base, alignment=TA_CENTER, spaceAfter=8),
        "cell": ParagraphStyle("cell", parent=base, fontName=fonts.CONDENSED, fontSize=8,
                               leading=9.5),
        "head": ParagraphStyle("head", parent=base, fontName=fonts.CONDENSED_BOLD, fontSize=8,
                               leading=9.5, alignment=TA_CENTER),
    }


def _issuer(p: Party, st: dict[str, ParagraphStyle], width: float, logo: str) -> Flowable:
    lines = [f"ИНН {p.inn}" + (f", КПП {p.kpp}" if p.kpp else ""), p.address or "",
             f"р/с {p.settlement_account} в {p.bank_name}, БИК {p.bik}, к/с {p.corr_account}"
             if p.settlement_account else "",
             "; ".join(x for x in (f"тел. {p.phone}" if p.phone else "",
                                   f"эл. почта {p.email}" if p.email else "") if x)]
    text = [Paragraph(escape(p.full_name or p.name), st["issuer"])]
    text += [Paragraph(escape(line), st["small"]) for line in lines if line]
    table = Table([[Image(logo, 16 * mm, 16 * mm), text]], colWidths=[20 * mm, width - 20 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return table


def table_flowable(block: TableBlock, st: dict[str, ParagraphStyle]) -> Flowable:
    right = ParagraphStyle("right", parent=st["cell"], alignment=2)
    bold_right = ParagraphStyle("boldr", parent=right, fontName=fonts.CONDENSED_BOLD)
    bold = ParagraphStyle("bold", parent=st["cell"], fontName=fonts.CONDENSED_BOLD)
    first_total = len(block.rows) - block.total_rows
    data: list[list[Flowable]] = [[Paragraph(escape(h), st["head"]) for h in block.headers]]
    for n, row in enumerate(block.rows):
        total = n >= first_total or n in block.bold_rows
        data.append([Paragraph(escape(v), (bold_right if total else right)
                               if i in block.right else (bold if total else st["cell"]))
                     for i, v in enumerate(row)])
    table = LongTable(data, colWidths=[w * mm for w in block.widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return table


def _signature(cert: Certificate, st: dict[str, ParagraphStyle], width: float) -> Flowable:
    sign = Table([[Paragraph(escape(cert.signer_title), st["base"]), "", Paragraph(
        escape(cert.signer_name), st["base"])],
        ["", Paragraph("(подпись)", st["small"]), ""],
        [Paragraph("М. П.", st["base"]), "", ""]],
        colWidths=[width * 0.4, width * 0.25, width * 0.35], rowHeights=[9 * mm, 5 * mm, 14 * mm])
    sign.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                              ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                              ("ALIGN", (1, 1), (1, 1), "CENTER")]))
    return sign


def write_certificate(out: str | Path | BinaryIO, cert: Certificate) -> int:
    """Render `cert` into a PDF; returns the number of pages."""
    fonts.register_fonts()
    logo = str(fonts.resource("logo.png"))
    st = styles()
    size = landscape(A4) if cert.wide else A4
    target = str(out) if isinstance(out, Path) else out
    doc = SimpleDocTemplate(target, pagesize=size, leftMargin=18 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=14 * mm,
                            title=f"{cert.title} {cert.subtitle}".strip(),
                            creator="Квартал. Расчёты ЖКХ")
    width = size[0] - 30 * mm
    story: list[Flowable] = [_issuer(cert.issuer, st, width, logo),
                             Paragraph(escape(cert.title), st["title"])]
    if cert.subtitle:
        story.append(Paragraph(escape(cert.subtitle), st["subtitle"]))
    meta = f"№ {cert.number} от {cert.issued_on:%d.%m.%Y}" if cert.number else \
        f"{cert.made} {cert.issued_on:%d.%m.%Y}"
    story.append(Paragraph(escape(meta), st["meta"]))
    for block in cert.blocks:
        if isinstance(block, TableBlock):
            story += [table_flowable(block, st), Spacer(0, 3 * mm)]
        else:
            story += [Paragraph(escape(block), st["base"]), Spacer(0, 2 * mm)]
    tail: list[Flowable] = []
    if cert.recipient:
        tail.append(Paragraph(escape(f"Выдана: {cert.recipient}"), st["base"]))
    if cert.purpose:
        tail.append(Paragraph(escape(cert.purpose), st["base"]))
    tail.append(_signature(cert, st, width))
    story.append(KeepTogether(tail))
    pages = PageCounter()
    doc.build(story, onFirstPage=pages, onLaterPages=pages)
    return pages.count


class PageCounter:
    """Numbers the pages at the foot and counts them."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self.count += 1
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 7)
        canvas.drawRightString(doc.pagesize[0] - 12 * mm, 8 * mm, f"Страница {self.count}")
        canvas.restoreState()
