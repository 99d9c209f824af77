"""PDF pages as PNG images (poppler's `pdftoppm`), for the on-screen preview and for printing
through the system's printers at the printer's resolution."""

from __future__ import annotations

import subprocess
from pathlib import Path

from app.errors import DomainError


def render_pages(pdf: Path, folder: Path, dpi: int, first: int | None = None,
                 last: int | None = None) -> list[Path]:
    """The pages of `pdf` (from `first` to `last`, 1-based, all by default) as PNG files in
    `folder`, in page order."""
    folder.mkdir(parents=True, exist_ok=True)
    args = ["pdftoppm", "-r", str(dpi), "-png"]
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    prefix = folder / f"page{dpi}"
    try:
        subprocess.run([*args, str(pdf), str(prefix)], check=True, capture_output=True,
                       timeout=600)
    except FileNotFoundError:
        raise DomainError("Для просмотра и печати нужна программа pdftoppm "
                          "(пакет poppler-utils)") from None
    except subprocess.CalledProcessError as exc:
        raise DomainError(f"Не удалось прочитать {pdf}: {exc.stderr.decode(errors='replace')}"
                          ) from None
    return sorted(folder.glob(f"page{dpi}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
