"""Joining PDFs as they come: every page kept, in order, readable by poppler, the codes still
decoding on the last page."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from app.print.epd import write_epds
from app.print.pdf_join import PdfJoiner
from tests.print.reading import codes_on, page_png, pdf_text
from tests.print.samples import QR, sample_epd


def _part(pages: int) -> bytes:
    out = io.BytesIO()
    write_epds(out, [sample_epd()] * pages)
    return out.getvalue()


def test_parts_joined_in_order_make_one_valid_pdf(tmp_path: Path) -> None:
    joined = tmp_path / "joined.pdf"
    with joined.open("wb") as f:
        joiner = PdfJoiner(f)
        for pages in (2, 1, 3):
            joiner.add(_part(pages))
        joiner.close()
    info = subprocess.run(["pdfinfo", str(joined)], capture_output=True, text=True, check=True)
    assert "Pages:           6" in info.stdout and not info.stderr
    assert pdf_text(joined).count("ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ") == 6
    assert codes_on(page_png(joined, 6, dpi=150))["QR-Code"] == [QR]
