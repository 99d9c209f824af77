"""One chunk of a run, from the loaded inputs to the operation rows: the part that can run in a
worker process. The result is plain picklable data (rows, errors as tuples)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal

from app.billing.basis_json import BasisTexts
from app.billing.loader import AccountJob, Chunk, PeriodLoader
from app.calc.accrual import calculate_account
from app.calc.basis import ChargeLine
from app.calc.errors import CalcError, ErrorCode
from app.calc.inputs import ServiceRule
from app.calc.methods import Need, needs
from app.calc.period import Period
from app.ledger.writer import ChargeRow

ErrorTuple = tuple[str, str, str | None]  # code, Russian message, service code


@dataclass
class ChunkResult:
    scope_count: int
    account_ids: list[int]  # the chunk's accounts in scope: their charges are replaced
    rows: list[ChargeRow]
    errors: dict[int, list[ErrorTuple]]  # accounts of the scope with problems
    failed: set[int]  # every account with a problem (its old charges are kept)


def error_tuple(err: CalcError) -> ErrorTuple:
    return (err.code.value, err.message_ru, err.service_code)


def error_of(t: ErrorTuple) -> CalcError:
    return CalcError(ErrorCode(t[0]), t[1], t[2])


@dataclass
class _Outcome:
    lines: dict[int, list[ChargeLine]] = field(default_factory=dict)
    errors: dict[int, list[CalcError]] = field(default_factory=dict)


def calculate_chunk(chunk: Chunk, period: Period, resources: dict[str, str | None]
                    ) -> _Outcome:
    """Engine over one chunk; common-house needs with a building meter in a second pass, once
    the building's Σ premises volume is known."""
    out = _Outcome()
    volumes: dict[tuple[int, str], Decimal] = {}
    for job in chunk.jobs:
        res = calculate_account(job.inp, period)
        out.lines[job.account_id] = res.lines
        if res.errors or job.problems:
            out.errors[job.account_id] = [*job.problems, *res.errors]
        if chunk.needs_volume:
            for line in res.lines:
                key = (job.building_id, resources.get(line.service_code) or "")
                # lines distributed from Σ V (ОДН) are not part of it
                if key in chunk.needs_volume \
                        and Need.PREMISES_VOLUME not in needs(line.basis.method):
                    volumes[key] = volumes.get(key, Decimal(0)) + (line.basis.volume or 0)
    rules: dict[int, ServiceRule] = {}
    for job in chunk.jobs:
        if job.deferred:
            _second_pass(job, period, resources, volumes, out, rules)
    return out


def _second_pass(job: AccountJob, period: Period, resources: dict[str, str | None],
                 volumes: dict[tuple[int, str], Decimal], out: _Outcome,
                 rules: dict[int, ServiceRule]) -> None:
    services = []
    for svc in job.deferred:
        rule = rules.get(id(svc.rule))
        if rule is None:  # one completed rule per building and service, shared by its accounts
            assert svc.rule.building is not None
            key = (job.building_id, resources.get(svc.service_code) or "")
            building = replace(svc.rule.building, premises_volume=volumes.get(key, Decimal(0)))
            rule = rules[id(svc.rule)] = replace(svc.rule, building=building)
        services.append(replace(svc, rule=rule))
    res = calculate_account(replace(job.inp, services=tuple(services)), period)
    out.lines[job.account_id] = [*out.lines.get(job.account_id, []), *res.lines]
    if res.errors:
        out.errors.setdefault(job.account_id, []).extend(res.errors)


class ChunkComputer:
    """Loads, calculates and turns one chunk into operation rows."""

    def __init__(self, loader: PeriodLoader) -> None:
        self.loader = loader
        self.period = loader.period
        self.codes = {sv.code: sv.id for sv in loader.services.values()}
        self.resources = {sv.code: sv.resource for sv in loader.services.values()}

    def __call__(self, building_ids: list[int], scope_count: int) -> ChunkResult:
        chunk = self.loader.chunk(building_ids, scope_count)
        outcome = calculate_chunk(chunk, self.period, self.resources)
        wanted = {j.account_id for j in chunk.jobs if j.in_scope}
        errors = {a: [error_tuple(e) for e in errs] for a, errs in outcome.errors.items()
                  if a in wanted}
        return ChunkResult(scope_count, sorted(wanted), self._rows(chunk, outcome), errors,
                           set(outcome.errors))

    def _rows(self, chunk: Chunk, outcome: _Outcome) -> list[ChargeRow]:
        rows: list[ChargeRow] = []
        codes = self.codes
        texts = BasisTexts()  # each distinct basis written once per chunk
        for job in chunk.jobs:
            if not job.in_scope or job.account_id in outcome.errors:
                continue
            for line in outcome.lines.get(job.account_id, ()):
                supplier = line.supplier_key if isinstance(line.supplier_key, int) else None
                rows.append((job.account_id, codes[line.service_code], supplier, job.company_id,
                             line.amount, texts(line.basis)))
        return rows


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic collector paused over bulk work that allocates millions of small objects and
    no cycles (a chunk of the run, of a recalculation, of penalty states): full collections
    over the growing heap cost ~20 % of it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def without_gc(computer: ChunkComputer, task: tuple[list[int], int]) -> ChunkResult:
    """One chunk with the cyclic collector paused (`paused_gc`)."""
    with paused_gc():
        return computer(*task)
