"""Validate the whole input before anything is written; return every problem with its path.

Stages: convert each field (types, required, enums), check natural keys (unique in the file, not
already in the database), resolve references (to the file or to the database), then the
entity rules (dates, overlaps, meters, readings) in `rules.py`.
"""

from __future__ import annotations

import contextlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from app.calc.account_number import is_valid_account_number, make_account_number
from app.errors import Conflict, Problem
from app.exchange import format as fmt
from app.exchange.convert import Bad, converter
from app.exchange.source import DUPLICATES, Source

NOT_FOUND = {
    "organizations": "нет такой организации",
    "services": "нет такой услуги",
    "account_lists": "нет такого списка лицевых счетов",
    "buildings": "нет такого дома",
    "premises": "нет такого помещения",
    "persons": "нет такого гражданина",
    "accounts": "нет такого лицевого счёта",
    "meters": "нет такого прибора учёта",
    "payments": "нет такого платежа",
}

Row = dict[str, Any]
# where a duplicate key is reported: the first of these fields the record has
_KEY_FIELDS = ("key", "code", "number", "period", "serial", "inn", "house", "name")


@dataclass
class Existing:
    """Natural keys already in the database → ids, and the periods it has."""

    keys: dict[str, dict[str, int]] = field(default_factory=dict)
    periods: dict[int, str] = field(default_factory=dict)
    ledger_total: int = 0  # Σ |amount| of the operations already in the ledger, kopecks

    def has(self, entity: str, key: str) -> bool:
        return key in self.keys.get(entity, {})


@dataclass
class Tally:
    """What the cross-record rules need of the records checked one at a time."""

    ledger_total: int = 0  # Σ |amount| of the ledger records
    ledger_periods: set[int] = field(default_factory=set)
    ledger_entities: set[str] = field(default_factory=set)
    # each reading's (meter, period, zone, kind) packed into one integer, and its record index
    reading_keys: array[int] = field(default_factory=lambda: array("q"))
    reading_at: array[int] = field(default_factory=lambda: array("q"))
    latest_reading: int | None = None


@dataclass
class Checked:
    source: Source
    rows: dict[str, list[Row | None]]  # converted records; None where a record was unusable
    keys: dict[str, dict[str, int]]  # entity → natural key → record index
    problems: list[Problem]
    renumbered: dict[str, str] = field(default_factory=dict)  # old → new account number
    broken: dict[str, set[str]] = field(default_factory=dict)  # keys of unusable records
    tally: Tally = field(default_factory=Tally)
    existing_periods: dict[int, str] = field(default_factory=dict)
    existing_meters: dict[str, int] = field(default_factory=dict)

    def where(self, entity: str, i: int, name: str | None = None) -> str:
        return self.source.locator.where(entity, i, name)

    def add(self, entity: str, i: int, name: str | None, message: str) -> None:
        self.problems.append(Problem(self.where(entity, i, name), message))

    @property
    def ok(self) -> bool:
        return not any(not p.warning for p in self.problems)

    def streamed(self, entity: str, chunk: int = 20_000) -> Iterator[list[Row]]:
        """The records of a section left in the file (`Source.deferred`), read again and
        converted a chunk at a time, account numbers renumbered — for writing, once valid."""
        rows: list[Row] = []
        for _, row in self.reconverted(entity):
            rows.append(row)
            if len(rows) == chunk:
                yield rows
                rows = []
        if rows:
            yield rows

    def reconverted(self, entity: str) -> Iterator[tuple[int, Row]]:
        convert = _row_converter(fmt.BY_NAME[entity])
        renumber = self._renumber_refs(entity)
        for i, raw in self.source.deferred_records(entity):
            row = convert(raw, _changed_since_checked)
            if row is None:
                _changed_since_checked(None, "")
            assert row is not None
            renumber(row)
            yield i, row

    def readings_again(self) -> Iterator[tuple[int, Row]]:
        for i, row in enumerate(self.rows.get("readings", ())):
            if row is not None:
                yield i, row
        yield from self.reconverted("readings")

    def _renumber_refs(self, entity: str) -> Callable[[Row], None]:
        names = [f.name for f in fmt.BY_NAME[entity].fields if f.ref == "accounts"]
        renumbered = self.renumbered

        def apply(row: Row) -> None:
            for name in names:
                if row[name] in renumbered:
                    row[name] = renumbered[row[name]]
        return apply if names and renumbered else (lambda row: None)


def _changed_since_checked(_name: str | None, _message: str) -> None:
    raise Conflict("Файл изменился после проверки: загрузка остановлена, ничего не записано; "
                   "повторите загрузку")


def _row_converter(entity: fmt.Entity) -> Callable[[Any, Callable[[str | None, str], None]],
                                                   Row | None]:
    """One record: only the fields present are converted; the rest take their defaults."""
    convs = {f.name: converter(f) for f in entity.fields}
    defaults = {f.name: convs[f.name](f.default) if f.default is not None else None
                for f in entity.fields}
    required = [f.name for f in entity.fields if f.required]

    def convert(raw: Any, report: Callable[[str | None, str], None]) -> Row | None:
        if not isinstance(raw, dict):
            report(None, "ожидается объект (запись)")
            return None
        good = True
        out: Row = dict(defaults)
        for name, v in raw.items():
            conv = convs.get(name)
            if conv is None:
                if name == DUPLICATES:
                    for dup in v:
                        report(dup, "поле указано дважды")
                else:
                    report(name, f"неизвестное поле «{name}»")
                good = False
            elif v is not None and v != "":
                try:
                    out[name] = conv(v)
                except Bad as exc:
                    report(name, str(exc))
                    good = False
        for name in required:
            if out[name] is None:
                if name not in raw or raw[name] is None or raw[name] == "":
                    report(name, "обязательное поле не заполнено")
                good = False
        return out if good else None
    return convert


def _convert_entity(entity: fmt.Entity, raw_rows: list[Any], checked: Checked) -> None:
    convert = _row_converter(entity)
    out: list[Row | None] = []
    current = 0

    def report(name: str | None, msg: str) -> None:
        checked.add(entity.name, current, name, msg)

    broken = checked.broken.setdefault(entity.name, set())
    for current, raw in enumerate(raw_rows):
        row = convert(raw, report)
        out.append(row)
        if row is None and entity.key is not None and isinstance(raw, dict):
            # references to a record already reported are not reported again
            with contextlib.suppress(KeyError, TypeError):
                broken.add(entity.key(raw))
        raw_rows[current] = None  # the converted row replaces it: half the memory on big files
    checked.rows[entity.name] = out


def _convert_all(source: Source, checked: Checked) -> None:
    for entity in fmt.ENTITIES:
        _convert_entity(entity, source.data.get(entity.name, []), checked)


def _renumber(checked: Checked, renumber: bool) -> None:
    """Account numbers carry a Damm check digit; `renumber` recomputes it from the body."""
    accounts = checked.rows["accounts"]
    for i, row in enumerate(accounts):
        if row is None:
            continue
        number = row["number"]
        if is_valid_account_number(number):
            continue
        digits = "".join(ch for ch in number if ch.isascii() and ch.isdigit())
        serial = int(digits[:9] if len(digits) == 10 else digits or "0")
        if renumber and 0 < serial < 10**9 and len(digits) <= 10:
            checked.renumbered[number] = make_account_number(serial)
        elif len(number) != 10 or not number.isdigit():
            checked.add("accounts", i, "number",
                        f"номер лицевого счёта — 10 цифр, а указано «{number}» "
                        "(--renumber назначит номера с контрольной цифрой)")
            accounts[i] = None
            checked.broken.setdefault("accounts", set()).add(number)
        else:
            checked.add("accounts", i, "number",
                        f"неверная контрольная цифра номера «{number}» "
                        f"(должно быть {make_account_number(serial)}; --renumber пересчитает)")
            accounts[i] = None
            checked.broken.setdefault("accounts", set()).add(number)
    if not checked.renumbered:
        return
    for row in accounts:
        if row is not None and row["number"] in checked.renumbered:
            row["number"] = checked.renumbered[row["number"]]
    for entity in fmt.ENTITIES:
        for f in entity.fields:
            if f.ref == "accounts":
                for row in checked.rows[entity.name]:
                    if row is not None and row[f.name] in checked.renumbered:
                        row[f.name] = checked.renumbered[row[f.name]]


def _key_check(checked: Checked, existing: Existing, entity: fmt.Entity
               ) -> Callable[[int, Row], None]:
    """A natural key is unique in the file and not already in the database."""
    assert entity.key is not None
    key_of = entity.key
    index = checked.keys.setdefault(entity.name, {})
    candidates = [c for c in _KEY_FIELDS if c in entity.field_names]
    in_db = existing.keys.get(entity.name, {})
    periods = entity.name == "periods"

    def check(i: int, row: Row) -> None:
        key = key_of(row)
        if key in index:
            field_name = next((c for c in candidates if row.get(c) is not None), None)
            checked.add(entity.name, i, field_name,
                        f"ключ «{key}» повторяется (уже в "
                        f"{checked.where(entity.name, index[key])})")
        elif not periods and key in in_db:
            field_name = next((c for c in candidates if row.get(c) is not None), None)
            checked.add(entity.name, i, field_name, f"«{key}» уже есть в базе данных")
        else:
            index[key] = i
    return check


def _reference_check(checked: Checked, existing: Existing, entity: fmt.Entity
                     ) -> Callable[[int, Row], None]:
    """Each reference of a record must name a record of the file or of the database (one
    already reported as unusable is not reported again)."""
    plan = [(f.name, checked.keys.get(f.ref, {}), existing.keys.get(f.ref, {}), NOT_FOUND[f.ref],
             checked.broken.get(f.ref, set())) for f in entity.fields if f.ref]

    def check(i: int, row: Row) -> None:
        for name, in_file, in_db, missing, broken in plan:
            v = row[name]
            if v is not None and v not in in_file and v not in in_db and v not in broken:
                checked.add(entity.name, i, name, f"{missing} «{v}»")
    return check


def _records(checked: Checked, existing: Existing) -> None:
    """Entity by entity, in dependency order: natural keys, references and each record's own
    rules — of the records held in memory, and of the sections left in the file, read a record
    at a time (converted, renumbered, checked, let go but for their key)."""
    from app.exchange.rules import check_row

    for entity in fmt.ENTITIES:
        rows = checked.rows[entity.name]
        check_key = _key_check(checked, existing, entity) if entity.key is not None else None
        if check_key is not None:
            for i, row in enumerate(rows):
                if row is not None:
                    check_key(i, row)
        if checked.source.deferred.get(entity.name):
            _streamed_records(checked, existing, entity, check_key)
        check_refs = _reference_check(checked, existing, entity)
        for i, row in enumerate(rows):
            if row is not None:
                check_refs(i, row)
                check_row(checked, entity.name, i, row)


def _streamed_records(checked: Checked, existing: Existing, entity: fmt.Entity,
                      check_key: Callable[[int, Row], None] | None) -> None:
    from app.exchange.rules import check_row

    convert = _row_converter(entity)
    renumber = checked._renumber_refs(entity.name)
    check_refs = _reference_check(checked, existing, entity)
    broken = checked.broken.setdefault(entity.name, set())
    current = 0

    def report(name: str | None, msg: str) -> None:
        checked.add(entity.name, current, name, msg)

    for current, raw in checked.source.deferred_records(entity.name):
        row = convert(raw, report)
        if row is None:
            if entity.key is not None and isinstance(raw, dict):
                with contextlib.suppress(KeyError, TypeError):
                    broken.add(entity.key(raw))
            continue
        renumber(row)
        if check_key is not None:
            check_key(current, row)
        check_refs(current, row)
        check_row(checked, entity.name, current, row)


def _meta(source: Source, checked: Checked) -> None:
    name, version = source.meta.get("format"), source.meta.get("version")
    if name not in (None, fmt.FORMAT_NAME):
        checked.problems.append(Problem("format", f"ожидается «{fmt.FORMAT_NAME}», а указано "
                                                  f"«{name}»"))
    if version not in (None, fmt.FORMAT_VERSION):
        checked.problems.append(Problem("version", f"версия формата {version} не поддерживается "
                                                   f"(эта программа читает {fmt.FORMAT_VERSION})"))


def validate(source: Source, existing: Existing | None = None, *,
             renumber: bool = False) -> Checked:
    """Every problem of the input at once; `checked.ok` says whether it may be written."""
    from app.exchange.rules import check_rules

    existing = existing or Existing()
    checked = Checked(source, {}, {}, list(source.problems), existing_periods=existing.periods,
                      existing_meters=existing.keys.get("meters", {}))
    _meta(source, checked)
    _convert_all(source, checked)
    _renumber(checked, renumber)
    _records(checked, existing)
    check_rules(checked, existing)
    return checked
