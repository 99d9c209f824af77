"""Both codes of the payment document drawn straight into a reportlab canvas.

The QR (GOST R 56042-2014) is encoded by segno in byte mode from the bytes the composer gives
(`app.cashdesk.codes.qr_bytes`), and drawn as one filled path of horizontal runs — a few hundred
rectangles instead of an image. The desk's Code128 is reportlab's own widget (set C for digits).
"""

from __future__ import annotations

import re

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import Canvas

MASK = 0
_RUN = re.compile(b"\x01+")  # a run of dark modules in a row of the matrix


def qr_matrix(data: bytes) -> tuple[bytearray, ...]:
    """The QR modules (1 = dark), error correction M, no quiet zone. The mask is fixed: any
    of the eight is valid, and choosing the "best" one costs seven times the encoding."""
    code = segno.make_qr(data, mode="byte", error="m", boost_error=False, mask=MASK)
    return tuple(code.matrix)


def draw_qr(c: Canvas, data: bytes, x: float, y: float, size: float) -> None:
    """Draw the QR of `data` with its lower-left corner at (x, y), `size` points square, as
    vector rectangles — one per run of dark modules in a row, written as PDF operators in module
    units — so every viewer and printer draws sharp edges at any resolution (an image of the
    modules gets smoothed by viewers when scaled). Keep four modules of white around it (the
    quiet zone) in the layout."""
    matrix = qr_matrix(data)
    module = size / len(matrix)
    ops = [f"{m.start()} {r} {m.end() - m.start()} 1 re"
           for r, row in enumerate(matrix) for m in _RUN.finditer(bytes(row))]
    c.saveState()
    c.transform(module, 0, 0, -module, x, y + size)  # rows downwards from the top edge
    c.addLiteral(" ".join(ops) + " f")
    c.restoreState()


def draw_code128(c: Canvas, digits: str, x: float, y: float, bar_width: float,
                 height: float) -> float:
    """Draw Code128 of `digits` at (x, y) without quiet zones; returns the drawn width."""
    code = Code128(digits, barWidth=bar_width, barHeight=height, quiet=False,
                   humanReadable=False)
    code.drawOn(c, x, y)
    return float(code.width)
