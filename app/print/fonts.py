"""The shipped Cyrillic fonts (DejaVu, Bitstream Vera licence) and where resources live.

Fonts load from the repository's `resources/fonts/` — never from the system — so a document
looks the same on every workstation. Register once per process with `register_fonts()`; the
face names below are what every renderer (ЕПД, certificates, the cashier's receipt) uses.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.errors import DomainError

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CONDENSED = "DejaVuSansCondensed"
CONDENSED_BOLD = "DejaVuSansCondensed-Bold"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
}


def resources_dir() -> Path:
    """`resources/` beside the `app` package (the repository, an editable install); else
    `<prefix>/share/kvartal/resources` where a wheel installs them (pyproject's data-files);
    KVARTAL_RESOURCES points elsewhere."""
    override = os.environ.get("KVARTAL_RESOURCES")
    if override:
        return Path(override)
    beside = Path(__file__).resolve().parent.parent.parent / "resources"
    installed = Path(sys.prefix) / "share" / "kvartal" / "resources"
    return beside if beside.is_dir() or not installed.is_dir() else installed


def resource(*parts: str) -> Path:
    """A file under resources/; a missing one is a DomainError that names it."""
    path = resources_dir().joinpath(*parts)
    if not path.is_file():
        raise DomainError(f"Не найден файл ресурсов: {path}")
    return path


def font_path(face: str) -> Path:
    return resource("fonts", _FILES[face])


def register_fonts() -> None:
    """Register the four DejaVu faces with reportlab (idempotent; cheap after the first call)."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for face in _FILES:
        if face not in registered:
            pdfmetrics.registerFont(TTFont(face, str(font_path(face))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
