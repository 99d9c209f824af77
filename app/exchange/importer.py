"""Import a validated input in one transaction: bulk Core inserts, ids resolved by natural keys.

Either every record is written (and an audit entry with the input's digest), or nothing is.
The digest makes a repeated import of the same files a refusal; natural keys already in the
database are refused by validation, so nothing is ever duplicated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError

from app import models as M
from app.accounts.search_index import rebuild_search_index
from app.bulk import begin_write, insert_rows, insert_tuples, reserve_ids
from app.calc.period import Period
from app.db import Database
from app.errors import Conflict, InvalidInput
from app.exchange import format as fmt
from app.exchange.dbkeys import load_existing
from app.exchange.mapping import MAPPINGS, REFERENCED
from app.exchange.reader_json import read_input
from app.exchange.source import Source
from app.exchange.validate import Checked, Existing, validate
from app.ledger.snapshots import write_period_snapshots
from app.models.enums import PeriodStatus
from app.penalties.kept import forget_states
from app.rights import Actor, Right
from app.usecase import transaction

AUDIT_ACTION = "exchange.import"


@dataclass
class ImportResult:
    counts: dict[str, int] = field(default_factory=dict)
    renumbered: dict[str, str] = field(default_factory=dict)
    periods_created: list[int] = field(default_factory=list)
    digest: str = ""


def _digest_id(digest: str) -> str:
    return digest[:60]


def already_imported(session: Any, digest: str) -> datetime | None:
    return session.execute(
        select(M.AuditEntry.at).where(M.AuditEntry.action == AUDIT_ACTION,
                                      M.AuditEntry.entity_id == _digest_id(digest))
    ).scalar()


def _refuse_repeat(at: datetime | None) -> None:
    if at is not None:
        raise Conflict(f"Эти данные уже загружены {at:%d.%m.%Y %H:%M} UTC; "
                       "повторная загрузка ничего не изменит")


def check_source(db: Database, source: Source, *, renumber: bool = False) -> Checked:
    """Validate against the database without writing (the preview of an import)."""
    with db.session() as s:
        _refuse_repeat(already_imported(s, source.digest))
        existing = load_existing(s)
    return validate(source, existing, renumber=renumber)


def import_path(db: Database, actor: Actor, path: Path, *, renumber: bool = False
                ) -> ImportResult:
    actor.require(Right.IMPORT)
    return import_source(db, actor, read_input(path), renumber=renumber)


def import_source(db: Database, actor: Actor, source: Source, *, renumber: bool = False
                  ) -> ImportResult:
    actor.require(Right.IMPORT)
    checked = check_source(db, source, renumber=renumber)
    if not checked.ok:
        raise InvalidInput(checked.problems, "Данные не загружены, ничего не записано")
    try:
        with transaction(db, actor, Right.IMPORT) as tx:
            _refuse_repeat(already_imported(tx.session, source.digest))
            existing = load_existing(tx.session)
            writer = _Writer(tx.session.connection(), checked, existing, tx.now, actor.user_id)
            result = writer.write_all()
            writer.snapshots(tx.session)
            forget_states(tx.session)  # closed periods may have been written: rebuilt next month
            result.digest = source.digest
            tx.audit(AUDIT_ACTION, "import", _digest_id(source.digest), after={
                "files": source.files, "counts": result.counts,
                "renumbered": len(result.renumbered), "digest": source.digest})
    except IntegrityError as exc:  # someone wrote the same keys between check and write
        raise Conflict("Данные в базе изменились во время загрузки, ничего не записано; "
                       f"повторите загрузку ({_first_line(exc)})") from None
    if result.counts.get("accounts") or result.counts.get("registrations"):
        # derived data, rebuilt after the commit: a failure here loses nothing imported
        rebuild_search_index(db)
    db.refresh_statistics()
    return result


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class _Writer:
    def __init__(self, conn: Connection, checked: Checked, existing: Existing, now: datetime,
                 user_id: int | None) -> None:
        self.conn = conn
        self.checked = checked
        self.now = now
        self.user_id = user_id
        self.ids: dict[str, dict[str, int]] = {e: dict(m) for e, m in existing.keys.items()}
        self.existing_periods = existing.periods
        self.new_periods: dict[int, str] = {}
        self.result = ImportResult(renumbered=dict(checked.renumbered))

    def write_all(self) -> ImportResult:
        begin_write(self.conn)
        for entity in fmt.ENTITIES:
            rows = [r for r in self.checked.rows[entity.name] if r is not None]
            if entity.name == "periods":
                self._periods(rows)
                continue
            if rows:
                self._write(entity, rows)
                self.result.counts[entity.name] = len(rows)
            for chunk in self.checked.streamed(entity.name):  # sections left in the file
                self._write(entity, chunk)
                self.result.counts[entity.name] = (
                    self.result.counts.get(entity.name, 0) + len(chunk))
        return self.result

    def _plan(self, entity: fmt.Entity) -> tuple[list[str], list[str],
                                                 list[tuple[str, dict[str, int]]]]:
        """(record keys, their columns, reference fields with their key → id maps)."""
        mapping = MAPPINGS[entity.name]
        keys, columns, refs = [], [], []
        for f in entity.fields:
            col = mapping.column(f)
            if col is None or (entity.name == "meters" and f.name == "replaced_by"):
                continue
            keys.append(f.name)
            columns.append(col)
            if f.ref:
                refs.append((f.name, self.ids.setdefault(f.ref, {})))
        return keys, columns, refs

    def _constants(self, entity: str) -> dict[str, Any]:
        now, user = self.now, self.user_id
        stamps = {"operations": {"created_at": now, "user_id": user},
                  "opening_balances": {"created_at": now, "user_id": user},
                  "readings": {"entered_at": now, "entered_by_id": user},
                  "payments": {"created_at": now, "created_by_id": user}}
        return {**MAPPINGS[entity].fixed, **stamps.get(entity, {})}

    @staticmethod
    def _complete(entity: str) -> tuple[list[str], Any]:
        """Columns computed from a record (added to it under the column's name)."""
        first_days: dict[int, Any] = {}

        def org(row: dict[str, Any]) -> None:
            row["short_name"] = row["short_name"] or row["name"][:120]

        def ledger(row: dict[str, Any]) -> None:
            if row.get("date") is None:
                p = row["period"]
                row["date"] = first_days.get(p) or first_days.setdefault(
                    p, Period.from_code(p).first_day)

        def note(row: dict[str, Any]) -> None:
            row["created_at"] = datetime.combine(row["created_on"], time(), UTC)

        return {"organizations": ([], org), "operations": ([], ledger),
                "opening_balances": ([], ledger),
                "account_notes": (["created_at"], note)}.get(entity, ([], None))

    def _write(self, entity: fmt.Entity, rows: list[dict[str, Any]]) -> None:
        table = MAPPINGS[entity.name].table
        keys, columns, refs = self._plan(entity)
        computed, complete = self._complete(entity.name)
        if entity.name == "opening_balances":  # the op date has no field there
            keys, columns = [*keys, "date"], [*columns, "op_date"]
            computed = []
        keys += computed
        columns += computed
        constants = self._constants(entity.name)
        tail = tuple(constants.values())
        getter = itemgetter(*keys)
        referenced = entity.name in REFERENCED
        if referenced:
            assert entity.key is not None
            new_ids = reserve_ids(self.conn, table, len(rows))
            ids = self.ids.setdefault(entity.name, {})
            for row, new_id in zip(rows, new_ids, strict=True):
                ids[entity.key(row)] = new_id
        else:
            new_ids = []

        def tuples() -> Iterator[tuple[Any, ...]]:
            for n, row in enumerate(rows):
                for name, id_of in refs:  # the converted record is ours: resolve in place
                    v = row[name]
                    if v is not None:
                        row[name] = id_of[v]
                if complete is not None:
                    complete(row)
                values = getter(row) if len(keys) > 1 else (getter(row),)
                yield ((new_ids[n], *values) if referenced else values) + tail

        names = (["id"] if referenced else []) + columns + list(constants)
        if entity.name == "key_rates":  # the file's rate replaces a preloaded one of its date
            self.conn.execute(table.delete().where(
                table.c.date_from.in_([r["date_from"] for r in rows])))
        insert_tuples(self.conn, table, names, tuples())
        if entity.name == "meters":
            self._replacements(rows)

    def _replacements(self, rows: list[dict[str, Any]]) -> None:
        ids = self.ids["meters"]
        t = MAPPINGS["meters"].table
        for row in rows:
            if row["replaced_by"] is not None:
                self.conn.execute(update(t).where(t.c.id == ids[fmt.meter_key(row)])
                                  .values(replaced_by_id=ids[row["replaced_by"]]))

    def _periods(self, listed: list[dict[str, Any]]) -> None:
        """Listed periods keep their status; periods the ledger needs are closed; the period
        after the latest becomes open when none is."""
        status = {r["period"]: r["status"] for r in listed}
        for period in sorted(self.checked.tally.ledger_periods):
            status.setdefault(period, PeriodStatus.CLOSED.value)
        known = {**self.existing_periods}
        new = {p: s for p, s in status.items() if p not in known}
        if new and PeriodStatus.OPEN.value not in {*known.values(), *new.values()}:
            latest = Period.from_code(max(new)).next().code
            new[latest] = PeriodStatus.OPEN.value
        rows = [{"code": p, "status": s,
                 "closed_at": self.now if s == PeriodStatus.CLOSED.value else None}
                for p, s in sorted(new.items())]
        insert_rows(self.conn, MAPPINGS["periods"].table, rows)
        self.result.periods_created = sorted(new)
        self.new_periods = new
        self.result.counts["periods"] = len(rows)

    def snapshots(self, session: Any) -> None:
        """Closed periods carry balance snapshots (`kvartal verify` checks them): write them for
        the closed periods this import created, oldest first, after the operations."""
        for code in self.result.periods_created:
            if self.new_periods[code] == PeriodStatus.CLOSED.value:
                write_period_snapshots(session, Period.from_code(code))
