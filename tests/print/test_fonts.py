"""The shipped fonts load from resources/, and a missing one names the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from app.errors import DomainError
from app.print import fonts


def test_fonts_load_from_the_shipped_resources_not_the_system() -> None:
    fonts.register_fonts()
    for face in (fonts.REGULAR, fonts.BOLD, fonts.CONDENSED, fonts.CONDENSED_BOLD):
        font = pdfmetrics.getFont(face)
        path = Path(font.face.filename).resolve()
        assert path.parent == (fonts.resources_dir() / "fonts").resolve()
    assert (fonts.resources_dir() / "fonts" / "LICENSE-DejaVu.txt").is_file()


def test_a_missing_font_file_is_a_message_naming_it(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVARTAL_RESOURCES", str(tmp_path))
    with pytest.raises(DomainError, match=r"DejaVuSans\.ttf"):
        fonts.font_path(fonts.REGULAR)
