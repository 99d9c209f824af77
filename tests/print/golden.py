"""Golden files (STYLE.md): the text pdftotext reads from a document, compared with a reviewed
file in tests/golden/. KVARTAL_UPDATE_GOLDEN=1 rewrites them; review the diff before committing."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def normalised(text: str) -> str:
    """pdftotext's layout text without trailing blanks, non-breaking spaces as spaces."""
    lines = [line.rstrip() for line in text.replace("\xa0", " ").splitlines()]
    return "\n".join(lines).strip("\n") + "\n"


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    actual = normalised(text)
    if os.environ.get("KVARTAL_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if os.environ.get("KVARTAL_UPDATE_GOLDEN") != "1":
            raise AssertionError(f"{path} was missing: written, review it and run again")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"
