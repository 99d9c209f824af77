"""PDFs joined into one as they come, written straight to the file: memory stays flat.

A mass print draws its pages in chunks, a PDF each (`app.documents.epd_parallel`); the joiner
appends each chunk's objects to the output at once, renumbered after those already written,
and hangs the chunk's pages under one page tree written at the end with the cross-reference
table. Only object offsets and page numbers are kept (a few bytes per object), never pages.

The parts are reportlab's own files — a classic cross-reference table, every object
`N 0 obj … endobj`, references `N 0 R` only in dictionaries — so a part is read without a PDF
library: the table gives each object's bytes, a regular expression renumbers the references in
its dictionary (never inside a stream's data), and a stream's data is copied as it is. What a
part's pages do not reach (its catalogue, document information, outlines, its own page tree)
is left out. Anything else is refused (`ValueError`), never joined wrongly.
"""

from __future__ import annotations

import re
from typing import BinaryIO

_CATALOG, _PAGES = 1, 2
_REF = re.compile(rb"(\d+) 0 R\b")
_HEAD = re.compile(rb"(\d+) 0 obj\b")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER_ROOT = re.compile(rb"/Root (\d+) 0 R")
_PAGES_OF = re.compile(rb"/Pages (\d+) 0 R")
_KIDS = re.compile(rb"/Kids \[([^\]]*)\]")
_PARENT = re.compile(rb"/Parent (\d+) 0 R")
_STREAM = re.compile(rb">>\s*stream\r?\n")


class _Part:
    """One part's objects: number → (dictionary text, the rest — stream data and `endobj`)."""

    def __init__(self, pdf: bytes) -> None:
        end = _STARTXREF.search(pdf[-64:])
        if end is None:
            raise ValueError("не PDF: нет startxref")
        xref = int(end.group(1))
        lines = pdf[xref:].split(b"trailer", 1)
        if len(lines) != 2 or not lines[0].startswith(b"xref"):
            raise ValueError("PDF без классической таблицы ссылок")
        table = lines[0].split()
        first, count = int(table[1]), int(table[2])
        if first != 0 or len(table) != 3 + 3 * count:
            raise ValueError("PDF с несколькими разделами таблицы ссылок")
        offsets = {n: int(table[3 + 3 * n]) for n in range(1, count)
                   if table[5 + 3 * n] == b"n"}
        bounds = [*sorted(offsets.values()), xref]
        after = {start: bounds[i + 1] for i, start in enumerate(bounds[:-1])}
        self.objects: dict[int, tuple[bytes, bytes]] = {}
        for number, start in offsets.items():
            chunk = pdf[start:after[start]]
            head = _HEAD.match(chunk)
            if head is None or int(head.group(1)) != number:
                raise ValueError(f"объект {number} не там, где указан в таблице ссылок")
            body = chunk[head.end():]
            stream = _STREAM.search(body)
            at = len(body) if stream is None else stream.start() + 2
            self.objects[number] = (body[:at], body[at:])
        root = _TRAILER_ROOT.search(lines[1])
        pages = _PAGES_OF.search(self.objects[int(root.group(1))][0]) if root else None
        if pages is None:
            raise ValueError("PDF без дерева страниц")
        self.pages_node = int(pages.group(1))
        kids = _KIDS.search(self.objects[self.pages_node][0])
        if kids is None or b"/Pages" in kids.group(1):
            raise ValueError("дерево страниц не одноуровневое")
        self.pages = [int(n) for n in _REF.findall(kids.group(1))]

    def reachable(self) -> list[int]:
        """Objects the pages reach (not through /Parent), in their numbering order."""
        seen = set(self.pages)
        todo = list(self.pages)
        while todo:
            head = self.objects[todo.pop()][0]
            for ref in _REF.findall(_PARENT.sub(b"", head)):
                n = int(ref)
                if n not in seen:
                    if n not in self.objects:
                        raise ValueError(f"ссылка на отсутствующий объект {n}")
                    seen.add(n)
                    todo.append(n)
        return sorted(seen)


class PdfJoiner:
    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.offsets: list[int] = []  # of objects 3, 4, …
        self.kids: list[int] = []  # page objects, in order
        self.at = 0  # bytes written
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.at += len(data)

    @property
    def pages(self) -> int:
        return len(self.kids)

    def add(self, pdf: bytes) -> None:
        """Append every page of `pdf` (a whole PDF file's bytes, as reportlab writes them)."""
        part = _Part(pdf)
        keep = part.reachable()
        mapping = {n: len(self.offsets) + 3 + i for i, n in enumerate(keep)}
        mapping[part.pages_node] = _PAGES

        def renumber(m: re.Match[bytes]) -> bytes:
            return b"%d 0 R" % mapping[int(m.group(1))]

        write = self._write
        for n in keep:
            head, rest = part.objects[n]
            self.offsets.append(self.at)
            write(b"%d 0 obj" % mapping[n])
            write(_REF.sub(renumber, head))
            write(rest)
        self.kids += [mapping[n] for n in part.pages]

    def close(self) -> None:
        """Write the page tree, the catalogue, the cross-reference table and the trailer."""
        kids = " ".join(f"{k} 0 R" for k in self.kids)
        tail = {
            _CATALOG: f"<< /Type /Catalog /Pages {_PAGES} 0 R >>",
            _PAGES: f"<< /Type /Pages /Kids [ {kids} ] /Count {len(self.kids)} >>",
        }
        heads: dict[int, int] = {}
        for idnum, text in tail.items():
            heads[idnum] = self.at
            self._write(f"{idnum} 0 obj\n{text}\nendobj\n".encode())
        xref = self.at
        size = len(self.offsets) + 3
        lines = ["xref", f"0 {size}", "0000000000 65535 f ",
                 f"{heads[_CATALOG]:010d} 00000 n ", f"{heads[_PAGES]:010d} 00000 n "]
        lines += [f"{offset:010d} 00000 n " for offset in self.offsets]
        lines += ["trailer", f"<< /Size {size} /Root {_CATALOG} 0 R >>", "startxref",
                  str(xref), "%%EOF", ""]
        self._write("\n".join(lines).encode())
