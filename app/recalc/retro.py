"""Retroactive recalculation (DOMAIN.md «Recalculations»).

A closed period never changes. When one of its inputs changed (a late registration, a corrected
reading, a tariff, an area), the period is computed again by the billing engine itself
(`PeriodLoader` + `ChunkComputer`, the entry points of a billing run) and `new − old` per
account, service and supplier is posted in the open period as a recalculation that names the
corrected period (`ref_period`) and keeps both bases. «Old» is what the ledger holds for that
period: its charges plus the retroactive recalculations already posted for it — so unchanged
inputs post nothing and recalculating twice posts once. Recalculations for absence or
under-supply are not «old» amounts of the engine and are left alone.

    preview = recalculate(db, actor, Period(2026, 7), Period(2026, 9), scope, preview=True)
    result  = recalculate(db, actor, Period(2026, 7), Period(2026, 9), scope)
    reverse_recalculation(db, actor, result.batch)
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from sqlalchemy import Executable, Text, bindparam, cast, insert, select, text
from sqlalchemy.orm import Session

from app.billing.basis_json import BasisTexts
from app.billing.compute import calculate_chunk, paused_gc
from app.billing.loader import CHUNK_ACCOUNTS, PeriodLoader
from app.billing.scope import Scope
from app.bulk import write_rows
from app.calc.basis import explain_stored
from app.calc.money import format_rub
from app.calc.period import Period
from app.db import Database
from app.errors import DomainError, InvalidInput, NotFound, PeriodClosed, Problem
from app.ledger.periods import ensure_open, open_period
from app.ledger.writer import stored_forms
from app.models import Account, BillingPeriod, Operation
from app.models.base import utcnow
from app.models.enums import OperationKind as K
from app.recalc.ledger import RETRO
from app.rights import Actor, Right
from app.usecase import Tx, transaction

Key = tuple[int, int, int | None]  # account, service, supplier


@dataclass(frozen=True)
class Difference:
    account_id: int
    account_number: str
    period: Period  # the corrected period
    service_code: str
    service_id: int
    supplier_id: int | None
    company_id: int | None
    old: int
    new: int
    old_basis: Any
    new_basis: Any

    @property
    def amount(self) -> int:
        return self.new - self.old

    def explanation(self, explain: Callable[[Any], str | None] = explain_stored) -> str:
        was = explain(self.old_basis) or "—"
        now = explain(self.new_basis) or "—"
        return (f"Перерасчёт за {self.period}: было {format_rub(self.old)} ({was}); "
                f"стало {format_rub(self.new)} ({now}); разница {format_rub(self.amount)}")


@dataclass
class RecalcResult:
    first: Period
    last: Period
    posted_in: Period
    differences: list[Difference] = field(default_factory=list)
    batch: str | None = None  # None: a preview, or no differences — nothing posted

    @property
    def total(self) -> int:
        return sum(d.amount for d in self.differences)

    def summary(self) -> list[str]:
        head = ("Расхождений нет, ничего не записано" if not self.differences
                else "Предварительный просмотр, ничего не записано" if self.batch is None
                else f"Перерасчёт записан в период {self.posted_in} (пакет {self.batch})")
        out = [head, f"Периоды: {self.first} – {self.last}",
               f"Строк перерасчёта: {len(self.differences)}",
               f"Итого: {format_rub(self.total, sign=True)}"]
        out.extend(f"  ЛС {d.account_number} {d.period} {d.service_code}: "
                   f"{format_rub(d.old)} → {format_rub(d.new)} ({format_rub(d.amount, sign=True)})"
                   for d in self.differences[:200])
        if len(self.differences) > 200:
            out.append(f"  … и ещё {len(self.differences) - 200}")
        return out


def recalculate(db: Database, actor: Actor, first: Period, last: Period,
                scope: Scope | None = None, *, preview: bool = False) -> RecalcResult:
    """Recompute the closed periods first..last for the scope; post the differences in the open
    period unless `preview`."""
    steps = recalculation_steps(db, actor, first, last, scope, preview=preview)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            result: RecalcResult = done.value
            return result


def recalculation_steps(db: Database, actor: Actor, first: Period, last: Period,
                        scope: Scope | None = None, *, preview: bool = False
                        ) -> Generator[tuple[int, int, str], None, RecalcResult]:
    """`recalculate` as a job: yields (done, total, message) per period; everything commits
    after the last step, a cancelled job writes nothing."""
    scope = scope or Scope()
    actor.require(Right.BILLING_RUN)
    months = list(_months(first, last)) if first <= last else []
    with transaction(db, actor, Right.BILLING_RUN) as tx:
        s = tx.session
        target = open_period(s)
        _check_range(first, last, target)
        if not preview:
            ensure_open(s, target)
        result = RecalcResult(first, last, target)
        for n, period in enumerate(months):
            yield n, len(months), f"Перерасчёт за {period.title()}…"
            result.differences.extend(period_differences(s, period, scope))
        yield len(months), len(months), "Запись перерасчёта…"
        if preview or not result.differences:  # nothing changed: no batch to point at
            s.rollback()
            return result
        result.batch = uuid.uuid4().hex[:12]
        _post(s, actor, target, result.differences, f"{RETRO}:{result.batch}")
        tx.audit("recalc.post", "recalculation", result.batch, after={
            "from": str(first), "to": str(last), "scope": scope.to_json(),
            "posted_in": target.code, "lines": len(result.differences), "total": result.total})
    return result


def reverse_recalculation(db: Database, actor: Actor, batch: str) -> int:
    """Post the opposite of a recalculation batch in the open period; returns the lines."""
    cause = f"{RETRO}:{batch}"
    with transaction(db, actor, Right.BILLING_RUN) as tx:
        s = tx.session
        target = ensure_open(s, open_period(s))
        o = Operation
        rows = s.execute(select(o.account_id, o.service_id, o.supplier_id, o.company_id,
                                o.ref_period, o.amount, o.basis)
                         .where(o.kind == K.RECALCULATION.value, o.cause == cause)).all()
        if not rows:
            raise NotFound(f"Нет перерасчёта {batch}")
        reversed_cause = f"{RETRO}:{batch}:reversal"
        if s.scalar(select(o.id).where(o.cause == reversed_cause).limit(1)) is not None:
            raise DomainError(f"Перерасчёт {batch} уже сторнирован")
        now = utcnow()
        s.execute(insert(Operation), [
            {"kind": K.RECALCULATION.value, "op_date": target.last_day, "period": target.code,
             "ref_period": ref, "account_id": acc, "service_id": svc, "supplier_id": sup,
             "company_id": comp, "amount": -amount, "cause": reversed_cause,
             "basis": {"explanation": f"Сторно перерасчёта {batch} за "
                                      f"{Period.from_code(ref)}: {format_rub(-amount)}",
                       "reversal_of": batch},
             "user_id": actor.user_id, "created_at": now}
            for acc, svc, sup, comp, ref, amount, _b in rows])
        tx.audit("recalc.reverse", "recalculation", batch, after={"lines": len(rows)})
        return len(rows)


def _check_range(first: Period, last: Period, target: Period) -> None:
    if last < first:
        raise DomainError(f"Период «по» {last} раньше периода «с» {first}")
    if last >= target:
        raise PeriodClosed(
            f"Пересчитываются только закрытые периоды: {target} открыт, его начисления "
            f"пересчитывает расчёт начислений. Укажите периоды до {target.prev()}")


def _months(first: Period, last: Period) -> Iterator[Period]:
    p = first
    while p <= last:
        yield p
        p = p.next()


def period_differences(s: Session, period: Period, scope: Scope) -> list[Difference]:
    """`new − old` of one closed period for the scope (non-zero only).

    The chunks are loaded and calculated by the billing run's own machinery; the engine's lines
    are compared as amounts with what the ledger holds, read with the stored bases as text in
    the same pass; only the keys that changed have their bases parsed (once per distinct text)
    and the new ones written."""
    loader = PeriodLoader(s, period, scope)
    resources = {sv.code: sv.resource for sv in loader.services.values()}
    ids_of = {sv.code: sv.id for sv in loader.services.values()}
    codes = {sv.id: sv.code for sv in loader.services.values()}
    out: list[Difference] = []
    problems: list[Problem] = []
    parsed = _Parsed()
    numbers: dict[int, str] = {}
    for building_ids, count in loader.tasks(CHUNK_ACCOUNTS):
        # as a billing run's chunk: millions of small objects and no cycles, so the cyclic
        # collector is paused — its full passes over the growing heap cost a fifth of the time
        with paused_gc():
            chunk = loader.chunk(building_ids, count)
            outcome = calculate_chunk(chunk, period, resources)
            new: dict[Key, list[Any]] = {}
            company: dict[int, int | None] = {}
            ids: list[int] = []
            in_scope = {j.account_id for j in chunk.jobs if j.in_scope}
            failed = [acc for acc in outcome.errors if acc in in_scope]
            named = _numbers(s, sorted(failed)) if failed else {}
            for acc in failed:
                problems.extend(Problem(f"ЛС {named.get(acc, acc)}", f"{period}: {e.message_ru}")
                                for e in outcome.errors[acc])
            for job in chunk.jobs:
                if not job.in_scope or job.account_id in outcome.errors:
                    continue
                ids.append(job.account_id)
                for line in outcome.lines.get(job.account_id, ()):
                    supplier = line.supplier_key if isinstance(line.supplier_key, int) else None
                    cell = new.setdefault((job.account_id, ids_of[line.service_code], supplier),
                                          [0, None])
                    cell[0] += line.amount
                    cell[1] = line.basis
                    company[job.account_id] = job.company_id
            del chunk, outcome
            ids.sort()
            old, stored = _old(s, period, ids)
            changed = [k for k, cell in new.items() if cell[0] != old.get(k, 0)]
            changed.extend(k for k, amount in old.items() if amount and k not in new)
            if not changed:
                continue
            numbers.update(_numbers(s, sorted({k[0] for k in changed} - numbers.keys())))
            texts = BasisTexts()
            for key in sorted(changed, key=lambda k: (numbers[k[0]], k[1], k[2] or 0)):
                n, nb = new.get(key, (0, None))
                comp = company[key[0]] if key[0] in company else old_company(s, key[0])
                out.append(Difference(key[0], numbers[key[0]], period, codes[key[1]], key[1],
                                      key[2], comp, old.get(key, 0), n,
                                      _latest_basis(stored.get(key, ()), parsed),
                                      parsed(texts(nb)) if nb is not None else None))
    if problems:
        raise InvalidInput(problems, f"Перерасчёт за {period} не выполнен, ничего не записано")
    return out


class _Parsed:
    """A stored basis text as data, parsed once per distinct text: flats alike share one text
    (and so one object, which the posting serialises and explains once). The objects are read,
    never changed."""

    def __init__(self) -> None:
        self._by_text: dict[str, Any] = {}

    def __call__(self, raw: Any) -> Any:
        if not isinstance(raw, str):  # a driver that hands JSON over already parsed
            return raw
        found = self._by_text.get(raw)
        if found is None:
            found = self._by_text[raw] = json.loads(raw)
        return found


StoredRow = tuple[int, str, Any]  # operation id, kind, basis as stored (text)


def _old(s: Session, period: Period, ids: list[int]
         ) -> tuple[dict[Key, int], dict[Key, list[StoredRow]]]:
    """The period's charges and retroactive recalculations per key: their sum, and the rows
    with their bases as stored text for `_latest_basis`. A retroactive recalculation is posted
    in the open period, never before the period it corrects: the recalculations are sought in
    each billing period from this one on, through the (period, kind) index — a range of
    periods per account would visit every charge and payment of the accounts since then."""
    o = Operation
    since = list(s.scalars(select(BillingPeriod.code).where(BillingPeriod.code >= period.code)))
    cols = (o.account_id, o.service_id, o.supplier_id, o.amount, o.id, o.kind,
            cast(o.basis, Text))
    conn = s.connection()
    if conn.dialect.name == "sqlite":
        # SQLite's planner prefers the (period, kind) index, which walks every charge of the
        # period for each batch of accounts: 50 walks of 1.1 million rows a period at 100,000
        # accounts. Through the accounts' index a batch costs the same at any size of town.
        charges: Executable = text(
            "SELECT account_id, service_id, supplier_id, amount, id, kind, "
            "CAST(basis AS TEXT) FROM operation INDEXED BY ix_operation_account_period "
            f"WHERE account_id IN :ids AND period = {int(period.code)} "
            f"AND kind = '{K.CHARGE.value}'").bindparams(bindparam("ids", expanding=True))
    else:
        charges = (select(*cols)
                   .where(o.account_id.in_(bindparam("ids", expanding=True)),
                          o.period == period.code, o.kind == K.CHARGE.value))
    recalcs = (select(*cols)
               .where(o.account_id.in_(bindparam("ids", expanding=True)),
                      o.period.in_(since),
                      o.kind == K.RECALCULATION.value, o.ref_period == period.code,
                      o.cause.like(f"{RETRO}:%")))
    amounts: dict[Key, int] = {}
    stored: dict[Key, list[StoredRow]] = {}
    for i in range(0, len(ids), 2000):
        for q in (charges, recalcs):
            for acc, svc, sup, amount, op_id, kind, basis in conn.execute(
                    q, {"ids": ids[i:i + 2000]}).all():
                key = (acc, svc, sup)
                amounts[key] = amounts.get(key, 0) + amount
                row = (op_id, kind, basis)
                found = stored.get(key)
                if found is None:
                    stored[key] = [row]
                else:
                    found.append(row)
    return amounts, stored


def _latest_basis(rows: list[StoredRow] | tuple[()], parsed: _Parsed) -> Any:
    """The latest basis of a key: the charge's, or the new one of the latest retroactive
    recalculation (a recalculation without one leaves the earlier basis)."""
    out = None
    for _id, kind, raw in sorted(rows, key=lambda r: r[0]):
        basis = parsed(raw)
        if kind == K.RECALCULATION.value and isinstance(basis, dict):
            basis = basis.get("new")
        if basis is not None:
            out = basis
    return out


def _numbers(s: Session, ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    q = select(Account.id, Account.number).where(
        Account.id.in_(bindparam("ids", expanding=True)))
    conn = s.connection()
    for i in range(0, len(ids), 2000):
        out.update((a, n) for a, n in conn.execute(q, {"ids": ids[i:i + 2000]}).all())
    return out


def old_company(s: Session, account_id: int) -> int | None:
    return s.scalar(select(Operation.company_id).where(Operation.account_id == account_id)
                    .order_by(Operation.id.desc()).limit(1))


_COLUMNS = ("ref_period", "account_id", "service_id", "supplier_id", "company_id", "amount",
            "basis")


def _post(s: Session, actor: Actor, target: Period, diffs: list[Difference], cause: str
          ) -> None:
    """The differences as recalculation rows, written in bulk (`app.bulk.write_rows`). The
    basis is stored as the JSON column would store `{"explanation", "old_amount",
    "new_amount", "old", "new"}` (`json.dumps` with its defaults), each distinct old and new
    basis serialised and explained once."""
    if not diffs:
        return
    explained: dict[int, tuple[Any, str | None]] = {}
    dumped: dict[int, tuple[Any, str]] = {}

    def explain(basis: Any) -> str | None:
        found = explained.get(id(basis))
        if found is None:
            found = explained[id(basis)] = (basis, explain_stored(basis))
        return found[1]

    def dump(basis: Any) -> str:
        found = dumped.get(id(basis))
        if found is None:
            found = dumped[id(basis)] = (basis, json.dumps(basis))
        return found[1]

    # the stored text is a function of these figures: flats alike (one area, one tariff)
    # share their bases, so most lines take a text already made
    made: dict[tuple[int, int, int, int, int], str] = {}

    def stored(d: Difference) -> str:
        key = (d.period.code, d.old, d.new, id(d.old_basis), id(d.new_basis))
        text = made.get(key)
        if text is None:
            text = made[key] = (
                '{"explanation": ' + json.dumps(d.explanation(explain))
                + ', "old_amount": ' + json.dumps(d.old) + ', "new_amount": '
                + json.dumps(d.new) + ', "old": ' + dump(d.old_basis) + ', "new": '
                + dump(d.new_basis) + "}")
        return text

    with paused_gc():
        rows = [(d.period.code, d.account_id, d.service_id, d.supplier_id, d.company_id,
                 d.amount, stored(d)) for d in diffs]
    day, stamp = stored_forms(s, target.last_day, utcnow().astimezone(UTC).replace(tzinfo=None))
    write_rows(s.connection(), Operation.__tablename__, _COLUMNS, rows, {
        "kind": K.RECALCULATION.value, "op_date": day, "period": target.code, "cause": cause,
        "user_id": actor.user_id, "created_at": stamp})


def recalculate_in(tx: Tx, first: Period, last: Period, scope: Scope) -> RecalcResult:
    """The recalculation inside the caller's transaction (a triggered one: see
    `app.recalc.trigger`): the caller holds the right and commits; nothing is posted when
    nothing differs (`batch` None)."""
    s = tx.session
    target = ensure_open(s, open_period(s))
    _check_range(first, last, target)
    result = RecalcResult(first, last, target)
    for period in _months(first, last):
        result.differences.extend(period_differences(s, period, scope))
    if result.differences:
        result.batch = uuid.uuid4().hex[:12]
        _post(s, tx.actor, target, result.differences, f"{RETRO}:{result.batch}")
        tx.audit("recalc.post", "recalculation", result.batch, after={
            "from": str(first), "to": str(last), "scope": scope.to_json(),
            "posted_in": target.code, "lines": len(result.differences), "total": result.total})
    return result
