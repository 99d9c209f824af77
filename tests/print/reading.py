"""Reading back what was printed: pages rasterised by pdftoppm, codes decoded by zbarimg,
text extracted by pdftotext — the real tools, as a bank's app or the desk's scanner would."""

from __future__ import annotations

import subprocess
from pathlib import Path

from app.cashdesk.codes import decode_qr_bytes


def pdf_text(pdf: Path, *, layout: bool = False, first: int | None = None,
             last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    args += (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    args += [str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def page_png(pdf: Path, page: int = 1, dpi: int = 300) -> Path:
    prefix = pdf.with_name(f"{pdf.stem}-p{page}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f",
                    str(page), "-l", str(page), str(pdf), str(prefix)], check=True)
    return prefix.with_suffix(".png")


def codes_on(png: Path) -> dict[str, list[str]]:
    """Symbol type → decoded texts. QR bytes are taken raw (`-Sbinary`) and decoded by the
    encoding digit of the GOST header, so zbar's charset guess cannot garble them."""
    out: dict[str, list[str]] = {}
    linear = subprocess.run(["zbarimg", "-q", "--raw", "-Sdisable", "-Scode128.enable",
                             str(png)], capture_output=True, text=True, check=False).stdout
    out["CODE-128"] = linear.splitlines()
    qr = subprocess.run(["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable",
                         "-Sqrcode.binary", str(png)], capture_output=True, check=False).stdout
    out["QR-Code"] = [decode_qr_bytes(qr.removesuffix(b"\n"))] if qr else []
    return out
