"""A report to PDF: landscape A4, the title and range, the table with its header repeated on
every page and the totals in bold, the notes, page numbers — the statements' table layout
(`app.print.certificate`) with the shipped fonts (`app.print.fonts`). Written beside the target
and renamed, so a failure leaves nothing half-written."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from app.errors import DomainError
from app.print import fonts
from app.print.certificate import PageCounter, TableBlock, styles, table_flowable
from app.reports.table import ReportTable, cell_text

_MARGIN = 10 * mm


def write_pdf(table: ReportTable, path: Path, today: date | None = None) -> Path:
    target = Path(path)
    if not target.parent.is_dir():
        raise DomainError(f"Папки {target.parent} нет — отчёт не записан")
    fonts.register_fonts()
    st = styles()
    size = landscape(A4)
    width = size[0] - 2 * _MARGIN
    chars = sum(c.width for c in table.columns)
    kinds = [c.kind for c in table.columns]
    rows = [tuple(cell_text(v, k) for v, k in zip(r, kinds, strict=True)) for r in table.rows]
    if table.totals is not None:
        rows.append(tuple(cell_text(v, k) for v, k in zip(table.totals, kinds, strict=True)))
    block = TableBlock(
        headers=tuple(c.title for c in table.columns), rows=tuple(rows),
        widths=tuple(width / mm * c.width / chars for c in table.columns),
        right=tuple(i for i, k in enumerate(kinds) if k in ("money", "int", "number")),
        total_rows=1 if table.totals is not None else 0)
    made = f"сформирован {(today or date.today()):%d.%m.%Y}"
    story: list[Flowable] = [Paragraph(escape(table.title), st["subtitle"]),
                             Paragraph(escape(f"{table.subtitle}; {made}"), st["meta"]),
                             table_flowable(block, st), Spacer(0, 3 * mm)]
    story += [Paragraph(escape(note), st["small"]) for note in table.notes]
    partial = target.with_name(f".{target.name}.partial")
    try:
        doc = SimpleDocTemplate(str(partial), pagesize=size, leftMargin=_MARGIN,
                                rightMargin=_MARGIN, topMargin=_MARGIN, bottomMargin=14 * mm,
                                title=table.title, creator="Квартал. Расчёты ЖКХ")
        pages = PageCounter()
        doc.build(story, onFirstPage=pages, onLaterPages=pages)
        os.replace(partial, target)
    except OSError as exc:
        raise DomainError(f"Не удалось записать {target}: {exc.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    return target
