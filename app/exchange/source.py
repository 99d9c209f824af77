"""What a reader hands to validation: records per entity, where each came from, and the problems
found while reading (bad JSON, duplicate keys inside an object, unknown sheets)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import Conflict, Problem

# set by the JSON reader on an object that had the same key twice: the repeated names
DUPLICATES = "\x00duplicates"


@dataclass(frozen=True)
class JsonSegment:
    """Records start..start+n of an entity came from `entity[0..n]` of one JSON file."""

    start: int
    prefix: str  # "" for a single file, "accounts.json: " in a folder
    entity: str

    def where(self, i: int, name: str | None) -> str:
        path = f"{self.prefix}{self.entity}[{i - self.start}]"
        return f"{path}.{name}" if name else path


@dataclass(frozen=True)
class SheetSegment:
    """Records came from rows of a spreadsheet; fields map to column letters."""

    start: int
    label: str  # "accounts.xlsx" or "migration.xlsx:accounts"
    rows: tuple[int, ...]  # spreadsheet row number of each record
    columns: dict[str, str]  # field → column letter

    def where(self, i: int, name: str | None) -> str:
        row = self.rows[i - self.start]
        col = self.columns.get(name or "")
        return f"{self.label}!{col}{row}" if col else f"{self.label}, строка {row}"


Segment = JsonSegment | SheetSegment


@dataclass
class Locator:
    """Turns (entity, record index, field) into a path the operator can find in the input."""

    segments: dict[str, list[Segment]] = field(default_factory=dict)

    def add(self, entity: str, segment: Segment) -> None:
        self.segments.setdefault(entity, []).append(segment)

    def where(self, entity: str, i: int, name: str | None = None) -> str:
        segs = self.segments.get(entity)
        if not segs:
            path = f"{entity}[{i}]"
            return f"{path}.{name}" if name else path
        k = bisect.bisect_right([s.start for s in segs], i) - 1
        return segs[max(k, 0)].where(i, name)


# sections whose rules are a record's own (and whose records no rule looks up by key): a JSON
# reader leaves them in the file and they are read again a chunk at a time — when checked (of
# persons and premises only their keys are kept) and when written. They are most of a big
# migration.
STREAMED = frozenset({"persons", "premises", "account_services", "ownerships", "registrations",
                      "absences", "readings", "opening_balances", "operations", "account_notes"})


@dataclass(frozen=True)
class Deferred:
    """`count` records of an entity, from record index `start`, stand in the list at byte
    `offset` of `path` (whose size and time of change are those it was checked with)."""

    path: Path
    offset: int
    start: int
    count: int
    stamp: tuple[int, int]


@dataclass
class Source:
    """The whole input, merged: records per entity in input order."""

    data: dict[str, list[Any]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    locator: Locator = field(default_factory=Locator)
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""
    files: list[str] = field(default_factory=list)

    def extend(self, entity: str, records: list[Any], segment: Segment) -> None:
        rows = self.data.setdefault(entity, [])
        self.locator.add(entity, segment)
        rows.extend(records)

    deferred: dict[str, list[Deferred]] = field(default_factory=dict)

    def count(self, entity: str) -> int:
        return len(self.data.get(entity, ())) + sum(d.count for d in self.deferred.get(entity, ()))

    def defer(self, entity: str, part: Deferred, segment: Segment) -> None:
        self.deferred.setdefault(entity, []).append(part)
        self.locator.add(entity, segment)

    def deferred_records(self, entity: str) -> Iterator[tuple[int, Any]]:
        """(record index, raw record) of the entity's sections left in the file, read again."""
        from app.exchange.json_stream import records_at
        from app.exchange.reader_json import pairs_hook

        for part in self.deferred.get(entity, ()):
            if file_stamp(part.path) != part.stamp:
                raise Conflict(f"Файл {part.path.name} изменился после проверки: загрузка "
                               "остановлена, ничего не записано; повторите загрузку")
            for n, raw in enumerate(records_at(part.path, part.offset, pairs_hook)):
                yield part.start + n, raw


def file_stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns
