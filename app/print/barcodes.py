"""Both codes of the payment document drawn straight into a reportlab canvas.

The QR (GOST R 56042-2014) is encoded in byte mode from the bytes the composer gives
(`app.cashdesk.codes.qr_bytes`) — segno's encoding, its fixed parts kept per version
(`app.print.qrcode`) — and drawn as one filled path of horizontal runs — a few hundred
rectangles instead of an image. The desk's Code128 is reportlab's own widget (set C for digits).
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import Canvas

from app.print import qrcode

_RUN = re.compile(b"\x01+")  # a run of dark modules in a row of the matrix


def qr_matrix(data: bytes) -> tuple[bytes, ...]:
    """The QR modules (1 = dark), error correction M, no quiet zone. The mask is fixed (0):
    any of the eight is valid, and choosing the "best" one costs seven times the encoding.
    segno's matrix, made by `app.print.qrcode` with each version's fixed parts kept."""
    return qrcode.qr_matrix(data)


class _RunOps(dict[tuple[int, int], str]):
    """A run's rectangle in module units by its span in the joined rows, each written once:
    the runs of thousands of codes of one size are mostly the same few thousand."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    LIMIT = 200_000  # spans kept at most (a few MiB); then the table starts afresh

    def __missing__(self, span: tuple[int, int]) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        start, end = span
        row, col = divmod(start, self.n + 1)
        text = self[span] = f"{col} {row} {end - start} 1 re"
        return text


@lru_cache(maxsize=8)
def _run_ops(n: int) -> _RunOps:
    return _RunOps(n)


def draw_qr(c: Canvas, data: bytes, x: float, y: float, size: float) -> None:
    """Draw the QR of `data` with its lower-left corner at (x, y), `size` points square, as
    vector rectangles — one per run of dark modules in a row, written as PDF operators in module
    units — so every viewer and printer draws sharp edges at any resolution (an image of the
    modules gets smoothed by viewers when scaled). Keep four modules of white around it (the
    quiet zone) in the layout."""
    n, modules = qrcode.qr_modules(data)
    # rows one after another with a light module between them, so no run crosses a row
    rows = b"\x00".join(modules[i:i + n] for i in range(0, n * n, n))
    ops = " ".join(map(_run_ops(n).__getitem__, map(re.Match.span, _RUN.finditer(rows))))
    c.saveState()
    c.transform(size / n, 0, 0, -size / n, x, y + size)  # rows downwards from the top edge
    c.addLiteral(ops + " f")
    c.restoreState()


def draw_code128(c: Canvas, digits: str, x: float, y: float, bar_width: float,
                 height: float) -> float:
    """Draw Code128 of `digits` at (x, y) without quiet zones; returns the drawn width."""
    code = Code128(digits, barWidth=bar_width, barHeight=height, quiet=False,
                   humanReadable=False)
    code.drawOn(c, x, y)
    return float(code.width)
