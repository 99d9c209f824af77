"""Both codes of the payment document drawn straight into a reportlab canvas.

The QR (GOST R 56042-2014) is encoded by segno in byte mode from the bytes the composer gives
(`app.cashdesk.codes.qr_bytes`), and drawn as one filled path of horizontal runs — a few hundred
rectangles instead of an image. The desk's Code128 is reportlab's own widget (set C for digits).
"""

from __future__ import annotations

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import Canvas


def qr_matrix(data: bytes) -> tuple[bytearray, ...]:
    """The QR modules (1 = dark), error correction M, no quiet zone."""
    code = segno.make_qr(data, mode="byte", error="m", boost_error=False)
    return tuple(code.matrix)


def draw_qr(c: Canvas, data: bytes, x: float, y: float, size: float) -> None:
    """Draw the QR of `data` with its lower-left corner at (x, y), `size` points square.
    Keep four modules of white around it (the quiet zone) in the layout."""
    matrix = qr_matrix(data)
    n = len(matrix)
    module = size / n
    path = c.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (r + 1) * module
        start = -1
        for col, dark in enumerate(row):
            if dark and start < 0:
                start = col
            elif not dark and start >= 0:
                path.rect(x + start * module, top, (col - start) * module, module)
                start = -1
        if start >= 0:
            path.rect(x + start * module, top, (n - start) * module, module)
    c.drawPath(path, stroke=0, fill=1)


def draw_code128(c: Canvas, digits: str, x: float, y: float, bar_width: float,
                 height: float) -> float:
    """Draw Code128 of `digits` at (x, y) without quiet zones; returns the drawn width."""
    code = Code128(digits, barWidth=bar_width, barHeight=height, quiet=False,
                   humanReadable=False)
    code.drawOn(c, x, y)
    return float(code.width)
