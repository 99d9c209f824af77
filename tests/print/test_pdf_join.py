"""Joining PDFs as they come: every page kept, in order, readable by poppler and by a strict
PDF parser, the codes still decoding on the last page; a part the joiner cannot read exactly is
refused, not joined wrongly."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.print.epd import write_epds
from app.print.pdf_join import PdfJoiner
from tests.print.reading import codes_on, page_png, pdf_text
from tests.print.samples import QR, sample_epd


def _part(*accounts: str) -> bytes:
    out = io.BytesIO()
    write_epds(out, [dataclasses.replace(sample_epd(), account_number=a) for a in accounts])
    return out.getvalue()


def test_parts_joined_in_order_make_one_valid_pdf(tmp_path: Path) -> None:
    joined = tmp_path / "joined.pdf"
    with joined.open("wb") as f:
        joiner = PdfJoiner(f)
        for part in (("0000000001", "0000000002"), ("0000000003",),
                     ("0000000004", "0000000005", "0000000006")):
            joiner.add(_part(*part))
        joiner.close()
    info = subprocess.run(["pdfinfo", str(joined)], capture_output=True, text=True, check=True)
    assert "Pages:           6" in info.stdout and not info.stderr
    reader = PdfReader(joined, strict=True)  # the cross-reference table is exact
    assert len(reader.pages) == 6
    for number in range(1, 7):
        assert reader.pages[number - 1].extract_text().count(f"000000000{number}") == 1
        assert f"000000000{number}" in pdf_text(joined, first=number, last=number)
    assert codes_on(page_png(joined, 6, dpi=150))["QR-Code"] == [QR]


def test_a_part_read_wrongly_is_refused_not_joined() -> None:
    part = _part("0000000001")
    xref = part.rindex(b"\nxref\n")
    shifted = part[:xref] + part[xref:].replace(b" 00000 n", b" 00000 f", 1)  # one object lost
    for broken in (part[:-200], shifted, b"%PDF-1.4 nothing else"):
        with pytest.raises(ValueError):
            PdfJoiner(io.BytesIO()).add(broken)
