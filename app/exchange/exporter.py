"""Export everything the data model holds in the import format: a folder with one JSON file per
entity. Importing the folder into an empty database gives the same balances (round trip).

Ledger operations of all periods are written with their basis; periods with their status;
opening balances are operations of kind `opening_balance`. Persons get the key "person-<id>"
(the database keeps no source-system key). Rows are streamed, so a large ledger is written
without holding it in memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db import Database
from app.errors import file_errors
from app.exchange import format as fmt
from app.exchange.convert import decimal_text, period_text
from app.exchange.dbkeys import key_maps
from app.exchange.mapping import MAPPINGS

_SKIPPED = ("opening_balances",)  # written as operations of kind opening_balance
_PERIOD_COLUMNS = {"periods": "code", "operations": "period", "readings": "period"}


def _plain(kind: str) -> Callable[[Any], Any]:
    if kind == fmt.QTY:
        return lambda v: decimal_text(Decimal(v))
    if kind == fmt.DATE:
        return lambda v: v.isoformat() if isinstance(v, date) else str(v)
    if kind == fmt.PERIOD:
        return period_text
    return lambda v: v


class _Exporter:
    def __init__(self, session: Any, through: int | None) -> None:
        self.session = session
        self.through = through
        self.keys = key_maps(session)

    def records(self, entity: fmt.Entity) -> Iterator[dict[str, Any]]:
        mapping = MAPPINGS[entity.name]
        table = mapping.table
        plan: list[tuple[str, str, Callable[[Any], Any]]] = []
        for f in entity.fields:
            col = mapping.column(f)
            if col is None:
                continue
            conv = self.keys[f.ref].__getitem__ if f.ref else _plain(f.kind)
            plan.append((f.name, col, conv))
        q = select(table)
        period_col = _PERIOD_COLUMNS.get(entity.name)
        if self.through is not None and period_col:
            q = q.where(table.c[period_col] <= self.through)
        pk = list(table.primary_key.columns)
        q = q.order_by(*pk)
        extra = self._extra(entity.name)
        result = self.session.execute(q.execution_options(yield_per=20_000)).mappings()
        for row in result:
            rec: dict[str, Any] = {}
            for name, col, conv in plan:
                v = row[col]
                if v is not None:
                    rec[name] = conv(v)
            if extra is not None:
                extra(row, rec)
            yield rec

    def _extra(self, entity: str) -> Callable[[Any, dict[str, Any]], None] | None:
        keys = self.keys

        def keyed(default: Callable[[dict[str, Any]], str], kmap: dict[int, str]
                  ) -> Callable[[Any, dict[str, Any]], None]:
            def put(row: Any, rec: dict[str, Any]) -> None:
                key = kmap[row["id"]]
                if key != default(rec):
                    rec["key"] = key
            return put

        def person(row: Any, rec: dict[str, Any]) -> None:
            rec["key"] = keys["persons"][row["id"]]

        def note(row: Any, rec: dict[str, Any]) -> None:
            at: datetime = row["created_at"]
            rec["created_on"] = at.date().isoformat()

        return {
            "organizations": keyed(fmt.org_key, keys["organizations"]),
            "buildings": keyed(fmt.building_key, keys["buildings"]),
            "meters": keyed(fmt.meter_key, keys["meters"]),
            "persons": person,
            "account_notes": note,
        }.get(entity)


def _write_entity(folder: Path, name: str, records: Iterator[dict[str, Any]]) -> int:
    path = folder / f"{name}.json"
    n = 0
    with file_errors(path), path.open("w", encoding="utf-8") as out:
        out.write(f'{{"format": "{fmt.FORMAT_NAME}", "version": {fmt.FORMAT_VERSION},\n'
                  f' "{name}": [')
        for rec in records:
            out.write(",\n  " if n else "\n  ")
            out.write(json.dumps(rec, ensure_ascii=False, separators=(", ", ": ")))
            n += 1
        out.write("\n]}\n")
    if n == 0:
        with file_errors(path, "удалить"):
            path.unlink()
    return n


def export_all(db: Database, folder: Path, through: int | None = None
               ) -> Iterator[tuple[int, int, str]]:
    """Write every entity to `folder` (history up to period `through`, if given); a long job:
    yields (done, total, message)."""
    with file_errors(folder):  # said before any work: «Не удалось записать …: нет прав доступа»
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.json"):
            if old.stem in fmt.BY_NAME:
                old.unlink()
    entities = [e for e in fmt.ENTITIES if e.name not in _SKIPPED]
    with db.session() as s:
        exporter = _Exporter(s, through)
        for done, entity in enumerate(entities):
            yield done, len(entities), f"Выгрузка: {entity.title}"
            _write_entity(folder, entity.name, exporter.records(entity))
    yield len(entities), len(entities), "Выгрузка завершена"
