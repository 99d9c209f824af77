"""PDFs joined into one as they come, written straight to the file: memory stays flat.

pypdf's `PdfWriter.append` keeps every page in memory until the end, which grows with a mass
print of ten thousand pages. Here each part is parsed with pypdf, its objects renumbered after
those already written and written out at once; each part's own catalogue and page tree are
dropped and its pages hung under one page tree written at the end with the cross-reference
table. Only the object offsets and page numbers are kept (a few bytes per object).
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

_CATALOG, _PAGES = 1, 2


class PdfJoiner:
    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.offsets: list[int] = []  # of objects 3, 4, …
        self.kids: list[int] = []  # page objects, in order
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    @property
    def pages(self) -> int:
        return len(self.kids)

    def add(self, pdf: bytes) -> None:
        """Append every page of `pdf` (a whole PDF file's bytes)."""
        reader = PdfReader(io.BytesIO(pdf))
        root = reader.trailer["/Root"]
        info = reader.trailer.get("/Info")
        skip = {root.indirect_reference.idnum} if root.indirect_reference else set()
        if isinstance(info, IndirectObject):
            skip.add(info.idnum)
        ids = sorted(idnum for idnum, _gen in _object_ids(reader) if idnum not in skip)
        objects = {idnum: reader.get_object(idnum) for idnum in ids}
        mapping: dict[int, int] = {}
        next_id = len(self.offsets) + 3
        for idnum in ids:
            obj = objects[idnum]
            if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Pages":
                mapping[idnum] = _PAGES  # the part's page tree: its pages join ours
            else:
                mapping[idnum] = next_id
                next_id += 1
        pages_nodes = {i for i, new in mapping.items() if new == _PAGES}
        for page in reader.pages:
            assert page.indirect_reference is not None
            self.kids.append(mapping[page.indirect_reference.idnum])
        for idnum in ids:
            if idnum in pages_nodes:
                continue
            new_id = mapping[idnum]
            assert new_id == len(self.offsets) + 3
            self.offsets.append(self.out.tell())
            self.out.write(f"{new_id} 0 obj\n".encode())
            _renumber(objects[idnum], mapping).write_to_stream(self.out)
            self.out.write(b"\nendobj\n")

    def close(self) -> None:
        """Write the page tree, the catalogue, the cross-reference table and the trailer."""
        kids = " ".join(f"{k} 0 R" for k in self.kids)
        tail = {
            _CATALOG: f"<< /Type /Catalog /Pages {_PAGES} 0 R >>",
            _PAGES: f"<< /Type /Pages /Kids [ {kids} ] /Count {len(self.kids)} >>",
        }
        heads: dict[int, int] = {}
        for idnum, text in tail.items():
            heads[idnum] = self.out.tell()
            self.out.write(f"{idnum} 0 obj\n{text}\nendobj\n".encode())
        xref = self.out.tell()
        size = len(self.offsets) + 3
        lines = ["xref", f"0 {size}", "0000000000 65535 f ",
                 f"{heads[_CATALOG]:010d} 00000 n ", f"{heads[_PAGES]:010d} 00000 n "]
        lines += [f"{offset:010d} 00000 n " for offset in self.offsets]
        lines += ["trailer", f"<< /Size {size} /Root {_CATALOG} 0 R >>", "startxref",
                  str(xref), "%%EOF", ""]
        self.out.write("\n".join(lines).encode())


def _object_ids(reader: PdfReader) -> list[tuple[int, int]]:
    out = []
    for gen, table in reader.xref.items():
        out += [(idnum, gen) for idnum in table if idnum]
    return out


def _renumber(obj: Any, mapping: dict[int, int]) -> Any:
    """`obj` with every reference pointing at its new number (containers changed in place:
    the part's reader is thrown away after)."""
    if isinstance(obj, IndirectObject):
        return IndirectObject(mapping[obj.idnum], 0, obj.pdf)
    if isinstance(obj, DictionaryObject):
        for key in list(obj.keys()):
            obj[NameObject(key)] = _renumber(obj.raw_get(key), mapping)
        return obj
    if isinstance(obj, ArrayObject):
        for i, item in enumerate(obj):
            obj[i] = _renumber(item, mapping)
        return obj
    return obj
