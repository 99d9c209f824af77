"""Read a large JSON exchange file a record at a time, so memory does not grow with the file.

The file is `{"section": [record, …], …}`. Records are decoded one by one with the standard
library's decoder (`raw_decode`) from a window of the file; a section's byte offset is kept so
the record lists of the big sections (history, readings, registrations…) can be read again,
in chunks, when they are validated and when they are written.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

BLOCK = 1 << 20  # bytes read at a time
MAX_RECORD = 16 << 20  # a record longer than this is taken for a broken file, not read on
_WS = re.compile(r"[ \t\n\r]*")
_NUMBER_GOES_ON = frozenset("0123456789.eE+-")


class JsonSyntax(Exception):
    """Where the JSON stops being JSON: 1-based line and column, the decoder's words."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


@dataclass(frozen=True)
class Section:
    name: str
    offset: int  # byte offset of the section's value in the file


class _Window:
    """Text of the file from `base` (a byte offset) on, with the line and column of its start."""

    def __init__(self, f: BinaryIO, offset: int, on_bytes: Callable[[bytes], None] | None,
                 hook: Callable[[list[tuple[str, Any]]], Any]) -> None:
        f.seek(offset)
        self.f = f
        self.base_bytes = offset
        self.on_bytes = on_bytes
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.text = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # of text[0]
        self.column = 1
        self.json = json.JSONDecoder(object_pairs_hook=hook)

    def _more(self) -> bool:
        if self.eof:
            return False
        raw = self.f.read(BLOCK)
        if self.on_bytes is not None and raw:
            self.on_bytes(raw)
        if not raw:
            self.eof = True
            self.text += self.decoder.decode(b"", final=True)
            return False
        # drop what was consumed, keeping line and column of the new start
        done = self.text[:self.pos]
        self.base_bytes += len(done.encode("utf-8"))
        newlines = done.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(done) - done.rfind("\n")
        else:
            self.column += len(done)
        self.text = self.text[self.pos:] + self.decoder.decode(raw)
        self.pos = 0
        return True

    def where(self, pos: int) -> tuple[int, int]:
        before = self.text[:pos]
        newlines = before.count("\n")
        if newlines:
            return self.line + newlines, pos - before.rfind("\n")
        return self.line, self.column + pos

    def fail(self, pos: int, message: str) -> JsonSyntax:
        line, column = self.where(pos)
        return JsonSyntax(line, column, message)

    def skip_ws(self) -> str:
        """The next significant character ('' at the end of the file)."""
        while True:
            self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str, message: str) -> None:
        if self.skip_ws() != char:
            raise self.fail(self.pos, message)
        self.pos += 1

    def value(self) -> Any:
        """One JSON value from here; reads on while the value may just be cut by the window."""
        self.skip_ws()
        while True:
            try:
                value, end = self.json.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if not self.eof and len(self.text) - self.pos < MAX_RECORD and self._more():
                    continue
                raise self.fail(exc.pos, exc.msg) from None
            # a number at the window's edge may go on in the next block: 12|34, 0|.5
            if (not self.eof and (end == len(self.text) or self.text[end] in _NUMBER_GOES_ON)
                    and self._more()):
                continue
            self.pos = end
            return value

    def offset(self) -> int:
        return self.base_bytes + len(self.text[:self.pos].encode("utf-8"))


def sections(f: BinaryIO, on_bytes: Callable[[bytes], None],
             hook: Callable[[list[tuple[str, Any]]], Any],
             visit: Callable[[Section, Iterator[Any] | None, Any], None]) -> bool:
    """Walk the top-level object: `visit(section, records, value)` gets the records of a list
    (an iterator that must be consumed) or else the decoded value. A top-level list is one
    section named ''. Returns False if the document is not an object or a list."""
    w = _Window(f, 0, on_bytes, hook)
    first = w.skip_ws()
    if first == "[":
        visit(Section("", w.offset()), _records(w), None)
        _end(w)
        return True
    if first != "{":
        if first == "":
            raise w.fail(w.pos, "Expecting value")
        w.value()  # a scalar document: decoded for its own error, if any
        _end(w)
        return False
    w.pos += 1
    if w.skip_ws() == "}":
        w.pos += 1
        _end(w)
        return True
    while True:
        if w.skip_ws() != '"':
            raise w.fail(w.pos, "Expecting property name enclosed in double quotes")
        name = w.value()
        w.expect(":", "Expecting ':' delimiter")
        nxt = w.skip_ws()
        section = Section(name, w.offset())
        if nxt == "[":
            visit(section, _records(w), None)
        else:
            visit(section, None, w.value())
        c = w.skip_ws()
        if c == ",":
            w.pos += 1
            continue
        if c == "}":
            w.pos += 1
            break
        raise w.fail(w.pos, "Expecting ',' delimiter")
    _end(w)
    return True


def _end(w: _Window) -> None:
    if w.skip_ws() != "":
        raise w.fail(w.pos, "Extra data")


def _records(w: _Window) -> Iterator[Any]:
    w.expect("[", "Expecting value")
    if w.skip_ws() == "]":
        w.pos += 1
        return
    while True:
        yield w.value()
        c = w.skip_ws()
        if c == ",":
            w.pos += 1
            continue
        if c == "]":
            w.pos += 1
            return
        raise w.fail(w.pos, "Expecting ',' delimiter")


def records_at(path: Path, offset: int, hook: Callable[[list[tuple[str, Any]]], Any]
               ) -> Iterator[Any]:
    """The records of the list that starts at `offset` (read again, once validated)."""
    with path.open("rb") as f:
        yield from _records(_Window(f, offset, None, hook))
