"""Every XLSX file Kvartal writes or reads goes through here.

Writing: `write_row(ws, values)` puts every text as text. openpyxl turns a string that starts
with "=" into a formula (`<f>` in the sheet XML) — an imported street
`=HYPERLINK("http://evil.example/…","Ленина")` would become a live link in a controller's
sheet. After the assignment the cell's type is set back to "s" (openpyxl then writes an inline
string), so no value we write is ever a formula, whatever it starts with ("=", "+", "-", "@",
a tab); characters XML cannot hold are replaced by U+FFFD instead of failing the whole file.

Reading: `open_workbook(raw, label)` refuses, with a message, what is not an XLSX (a damaged
zip, another format) and a zip bomb — the sizes in the zip's directory are checked before
openpyxl unpacks anything (Python's zipfile never unpacks more than the size the directory
states, so the check bounds the memory), then opens the book read-only.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.errors import DomainError, file_errors

MAX_UNPACKED = 512 * 1024 * 1024  # bytes of all parts of a book, unpacked
MAX_RATIO = 100  # unpacked / packed of a part over RATIO_FROM bytes: XML packs 5–20 times
RATIO_FROM = 1024 * 1024

# openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE, and lone surrogates: no XML can hold them
_UNWRITABLE = re.compile(r"[\000-\010\013\014\016-\037\ud800-\udfff]")


def text_value(value: str) -> str:
    return _UNWRITABLE.sub("\ufffd", value)


def write_row(ws: Any, values: Sequence[Any]) -> int:
    """Append a row; every str is written as text (never a formula). Returns its number."""
    ws.append([text_value(v) if isinstance(v, str) else v for v in values])
    n: int = ws.max_row
    for cell in ws[n]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
    return n


def write_cell(ws: Any, row: int, column: int, value: Any) -> Any:
    """One cell, text as text (for sheets filled cell by cell)."""
    cell = ws.cell(row=row, column=column,
                   value=text_value(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def save(wb: Any, path: Path) -> Path:
    """Save the book, creating its folder; a path that cannot be written is said so."""
    with file_errors(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(path)
    return path


class BadFile(DomainError):
    pass


def check_archive(raw: bytes, label: str) -> None:
    """Refuse what is not a zip, and a zip bomb, before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise BadFile(f"{label}: файл повреждён или это не XLSX (не архив Office Open "
                           "XML); сохраните его в Excel как «Книга Excel (*.xlsx)»") from None
    total = sum(p.file_size for p in parts)
    if total > MAX_UNPACKED:
        raise BadFile(f"{label}: распакованный файл занял бы {total // 2**20} МБ — больше "
                           f"допустимых {MAX_UNPACKED // 2**20} МБ; разделите его на части")
    for p in parts:
        if p.file_size > RATIO_FROM and p.file_size > MAX_RATIO * max(p.compress_size, 1):
            raise BadFile(f"{label}: часть «{p.filename}» сжата в "
                               f"{p.file_size // max(p.compress_size, 1)} раз — так сжимается "
                               "не таблица, а заполнитель (архив-бомба); файл не открыт")


def open_workbook(raw: bytes, label: str) -> Any:
    """The book, read-only with cached values, or BadFile with the operator's message."""
    from openpyxl import load_workbook

    check_archive(raw, label)
    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged part
        raise BadFile(f"{label}: файл XLSX не читается ({type(exc).__name__}: "
                           f"{str(exc)[:200]})") from None


def read_file(path: Path, limit: int = MAX_UNPACKED) -> bytes:
    """The file's bytes; one over `limit` bytes is refused unread."""
    with file_errors(path, "прочитать"):
        size = path.stat().st_size
        if size > limit:
            raise BadFile(f"{path.name}: файл больше {limit // 2**20} МБ; "
                               "разделите его на части")
        return path.read_bytes()
