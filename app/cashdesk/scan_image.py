"""Codes read from a picture: a payment document photographed, or saved as PNG or PDF.

zbar (through pyzbar) finds the codes. By default zbar turns a QR's bytes into text by guessing
their character set, which garbles a windows-1251 or KOI8-R payload; we ask for the raw bytes
(`ZBAR_CFG_BINARY`) and decode them by the encoding digit the GOST header names. A PDF is
rasterised first with poppler's `pdftoppm` (installed by `installers/setup.sh`).
"""

from __future__ import annotations

import subprocess
import tempfile
from ctypes import c_void_p, cast, string_at
from pathlib import Path

from app.cashdesk.codes import decode_qr_bytes
from app.errors import DomainError

_ZBAR_CFG_BINARY = 4  # zbar.h ≥ 0.23: "don't convert binary data to text"
_PDF_DPI = 200


def _zbar_decode(pixels: bytes, width: int, height: int) -> list[bytes]:
    from pyzbar import pyzbar
    from pyzbar.wrapper import ZBarSymbol, zbar_image_scanner_set_config

    found: list[bytes] = []
    with pyzbar._image_scanner() as scanner:
        zbar_image_scanner_set_config(scanner, ZBarSymbol.QRCODE, _ZBAR_CFG_BINARY, 1)
        with pyzbar._image() as img:
            pyzbar.zbar_image_set_format(img, pyzbar._FOURCC["L800"])
            pyzbar.zbar_image_set_size(img, width, height)
            data = cast(pixels, c_void_p)  # type: ignore[arg-type]  # as pyzbar itself does
            pyzbar.zbar_image_set_data(img, data, len(pixels), None)
            if pyzbar.zbar_scan_image(scanner, img) < 0:
                raise DomainError("Не удалось прочитать изображение")
            for symbol in pyzbar._symbols_for_image(img):
                found.append(string_at(pyzbar.zbar_symbol_get_data(symbol),
                                       pyzbar.zbar_symbol_get_data_length(symbol)))
    return found


def _pages(path: Path, workdir: Path) -> list[Path]:
    if path.suffix.lower() != ".pdf":
        return [path]
    try:
        subprocess.run(["pdftoppm", "-r", str(_PDF_DPI), "-gray", "-png", str(path),
                        str(workdir / "page")], check=True, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise DomainError("Для чтения PDF нужна программа pdftoppm (пакет poppler-utils)") from None
    except subprocess.CalledProcessError:
        raise DomainError(f"Файл {path} не читается как PDF") from None
    return sorted(workdir.glob("page*.png"))


def decode_image(path: str | Path) -> list[str]:
    """Every code found in the image or PDF, as text, in reading order of the pages."""
    from PIL import Image, UnidentifiedImageError

    source = Path(path)
    if not source.is_file():
        raise DomainError(f"Файл не найден: {source}")
    out: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kvartal-scan-") as tmp:
        for page in _pages(source, Path(tmp)):
            try:
                with Image.open(page) as im:
                    gray = im.convert("L")
            except (UnidentifiedImageError, OSError):
                raise DomainError(f"Файл {source} — не изображение и не PDF") from None
            for data in _zbar_decode(gray.tobytes(), gray.width, gray.height):
                out.append(decode_qr_bytes(data))
    return out
