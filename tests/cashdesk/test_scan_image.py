"""Codes read back from pictures by zbar: the raw QR bytes decoded by the header's encoding."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import segno
from barcode import Code128
from barcode.writer import ImageWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.calc.period import Period
from app.cashdesk.codes import compose_desk_code, compose_gost_qr, qr_bytes
from app.cashdesk.scan_image import decode_image
from app.errors import DomainError

FIELDS = {
    "Name": "ООО «УК Квартал»", "PersonalAcc": "40702810900000012345", "BankName": "ПАО Банк",
    "BIC": "044525225", "CorrespAcc": "30101810400000000225", "Sum": "153412",
    "PersAcc": "0000010019", "PaymPeriod": "102026",
}


@pytest.mark.parametrize("encoding", [1, 2, 3])
def test_qr_in_each_encoding_decodes_to_the_composed_payload(tmp_path: Path,
                                                             encoding: int) -> None:
    fields = {**FIELDS, "Name": "ООО УК Квартал"} if encoding == 3 else FIELDS
    payload = compose_gost_qr(fields, encoding=encoding)
    png = tmp_path / "qr.png"
    segno.make(qr_bytes(payload), mode="byte", error="m").save(png, scale=4)
    assert decode_image(png) == [payload]


def test_desk_code128_from_a_pdf_page_decodes(tmp_path: Path) -> None:
    code = compose_desk_code("0000010019", Period(2026, 10), 153412)
    png = Path(Code128(code, writer=ImageWriter()).save(str(tmp_path / "c128")))
    pdf = tmp_path / "doc.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    canvas.drawImage(str(png), 50, 500, width=450, preserveAspectRatio=True, anchor="sw")
    canvas.save()
    assert decode_image(pdf) == [code]
    if shutil.which("zbarimg"):  # the independent tool reads the same
        out = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True,
                             text=True, check=False).stdout
        assert out.strip() == code


def test_a_file_that_is_no_picture_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "x.png"
    junk.write_bytes(b"not an image")
    with pytest.raises(DomainError, match="не изображение"):
        decode_image(junk)
    with pytest.raises(DomainError, match="не найден"):
        decode_image(tmp_path / "missing.png")
