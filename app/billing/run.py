"""The billing run: calculate a period for a scope of accounts and post the charges.

    job = run_billing(db, actor, period=None, scope=Scope(building_id=3), on_error="stop")
    for done, total, message in job:      # the UI runs this in a worker; cancel = stop iterating
        ...
    job.close()                            # after a cancel: rolls everything back
    job.result                             # RunResult, filled in once the run has committed

Everything happens in ONE transaction: the previous charges of the period for the accounts in
scope are deleted (kind=charge of this period only — never recalculations or payments), the new
ones inserted in bulk, a BillingRun row and one audit entry written. An error, an exception or a
cancelled (closed) generator rolls all of it back. With `on_error="stop"` any account with a
problem stops the run before it commits and `InvalidInput` lists the problems per account; with
`"skip"` those accounts are left exactly as they were and listed in `result.problems`.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import UTC
from typing import Literal

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from app.billing.compute import ChunkComputer, error_of, without_gc
from app.billing.loader import CHUNK_ACCOUNTS, PeriodLoader
from app.billing.parallel import CHUNK_ACCOUNTS as PARALLEL_CHUNK
from app.billing.parallel import computed_in_workers, usable_workers
from app.billing.scope import Scope
from app.calc.errors import CalcError
from app.calc.money import format_rub
from app.calc.period import Period
from app.changes import Change, reports
from app.db import Database
from app.errors import AccessDenied, InvalidInput, Problem
from app.ledger.periods import ensure_open, one_run_at_a_time, open_period
from app.ledger.writer import SharedColumns, insert_charges, stored_forms
from app.models import Account, BillingRun, Building, Operation, Premise, Service
from app.models.enums import OperationKind, RunStatus
from app.penalties.posting import PenaltyRunResult, penalty_steps
from app.rights import Actor, Right
from app.usecase import transaction

OnError = Literal["stop", "skip"]


@dataclass
class RunResult:
    run_id: int
    period: Period
    accounts: int  # accounts charged
    lines: int
    total: int  # kopecks
    problems: list[Problem] = field(default_factory=list)  # skipped accounts (skip mode)
    penalties: PenaltyRunResult | None = None  # posted with the charges when asked for

    def summary(self) -> list[str]:
        out = [f"Период: {self.period}", f"Лицевых счетов: {self.accounts}",
               f"Строк начислений: {self.lines}", f"Начислено: {format_rub(self.total)}"]
        if self.penalties is not None:
            out.append(f"Пени: {format_rub(self.penalties.total, sign=True)} по "
                       f"{self.penalties.accounts} лицевым счетам")
        if self.problems:
            out.append(f"Пропущено счетов с ошибками: {len({p.where for p in self.problems})}")
            out.extend(f"  • {p}" for p in self.problems)
        return out


class BillingJob:
    """An iterator of (done, total, message); `result` once it has finished and committed."""

    def __init__(self, db: Database, actor: Actor, period: Period | None, scope: Scope,
                 on_error: OnError, chunk_accounts: int | None, workers: int | None,
                 penalties: bool = False) -> None:
        actor.require(Right.BILLING_RUN)
        if on_error not in ("stop", "skip"):
            raise ValueError(on_error)
        self.db, self.actor, self.period, self.scope = db, actor, period, scope
        self.on_error = on_error
        self.chunk_accounts = chunk_accounts
        self.workers = workers
        self.penalties = penalties
        self.result: RunResult | None = None
        self._gen = self._run()

    def __iter__(self) -> BillingJob:
        return self

    def __next__(self) -> tuple[int, int, str]:
        return next(self._gen)

    def close(self) -> None:
        """Stop the run; an unfinished run is rolled back."""
        self._gen.close()

    def run(self) -> RunResult:
        for _ in self:
            pass
        assert self.result is not None
        return self.result

    def _run(self) -> Generator[tuple[int, int, str], None, None]:
        with transaction(self.db, self.actor, Right.BILLING_RUN) as tx:
            s = tx.session
            period = ensure_open(s, self.period or open_period(s))
            one_run_at_a_time(s, period, f"Расчёт за {period}")
            yield 0, 0, f"Загрузка тарифов и лицевых счетов за {period}…"
            loader = PeriodLoader(s, period, self.scope)
            workers = usable_workers(self.workers, loader.total)
            size = self.chunk_accounts or (PARALLEL_CHUNK if workers else CHUNK_ACCOUNTS)
            self._check_visibility(s, [b for b, _n in loader.plan])
            total = loader.total
            run = BillingRun(period=period.code, status=RunStatus.RUNNING, started_at=tx.now,
                             user_id=self.actor.user_id, scope=self.scope.to_json())
            s.add(run)
            s.flush()
            day, stamp = stored_forms(s, period.last_day,
                                      tx.now.astimezone(UTC).replace(tzinfo=None))
            shared = SharedColumns(OperationKind.CHARGE.value, day, period.code, period.code,
                                   run.id, self.actor.user_id, stamp)
            computer = ChunkComputer(loader)
            tasks = loader.tasks(size)
            workers = min(workers, len(tasks)) if len(tasks) > 1 else 0
            url = self.db.engine.url.render_as_string(hide_password=False)
            results = (computed_in_workers(url, computer, self.scope, tasks, workers)
                       if workers else (without_gc(computer, t) for t in tasks))
            done = charged = lines = amount = 0
            errors: dict[int, list[CalcError]] = {}
            replacing = _has_charges(s, period)
            for res in results:
                errors.update({a: [error_of(e) for e in errs] for a, errs in res.errors.items()})
                if not (errors and self.on_error == "stop"):
                    if replacing:
                        _delete_charges(s, period,
                                        [a for a in res.account_ids if a not in res.failed])
                    lines += insert_charges(s, shared, res.rows)
                    amount += sum(r[4] for r in res.rows)
                    charged += len({r[0] for r in res.rows})
                done += res.scope_count
                yield done, total, f"Рассчитано {done} из {total} лицевых счетов"
            problems = self._problems(s, errors, loader.services)
            if problems and self.on_error == "stop":
                raise InvalidInput(problems, f"Расчёт за {period} не выполнен, ничего не "
                                             "записано. Исправьте данные")
            penalties = None
            if self.penalties:  # the bar starts again: a month of penalties is its own job
                penalties = yield from penalty_steps(tx, period, self.scope)
            run.status = RunStatus.DONE
            run.finished_at = tx.now
            run.accounts, run.lines, run.total = charged, lines, amount
            run.errors = json.dumps([str(p) for p in problems], ensure_ascii=False) \
                if problems else None
            tx.audit("billing.run", "billing_run", run.id, after={
                "period": period.code, "scope": self.scope.to_json(), "accounts": charged,
                "lines": lines, "total": amount, "skipped": len(errors)})
            result = RunResult(run.id, period, charged, lines, amount, problems, penalties)
        self.result = result
        yield total, total, f"Готово: начислено {format_rub(amount)}"

    def _check_visibility(self, s: Session, building_ids: list[int]) -> None:
        """A user limited to some companies or buildings calculates only those."""
        actor = self.actor
        if actor.unrestricted:
            return
        hidden = [
            f"{street}, д. {house}"
            for bid, company, street, house in s.execute(
                select(Building.id, Building.company_id, Building.street, Building.house)
                .where(Building.id.in_(building_ids)))
            if bid not in actor.building_ids and company not in actor.company_ids
        ]
        if hidden:
            raise AccessDenied(
                f"Пользователю {actor.login} недоступны дома: {', '.join(hidden[:10])}"
                + (f" и ещё {len(hidden) - 10}" if len(hidden) > 10 else "")
                + ". Выберите в расчёте только свои дома")

    @staticmethod
    def _problems(s, errors: dict[int, list[CalcError]],
                  services: dict) -> list[Problem]:
        if not errors:
            return []
        names = dict(s.execute(select(Service.code, Service.name)).all())
        where: dict[int, str] = {}
        ids = sorted(errors)
        for i in range(0, len(ids), 5000):
            q = (select(Account.id, Account.number, Building.street, Building.house,
                        Premise.number)
                 .join(Premise, Premise.id == Account.premise_id)
                 .join(Building, Building.id == Premise.building_id)
                 .where(Account.id.in_(ids[i:i + 5000])))
            for acc_id, number, street, house, flat in s.execute(q):
                where[acc_id] = f"ЛС {number} ({street}, д. {house}, кв. {flat})"
        out = []
        for acc_id in ids:
            for err in errors[acc_id]:
                service = names.get(err.service_code or "", err.service_code)
                text = f"{service}: {err.message_ru}" if service else err.message_ru
                out.append(Problem(where.get(acc_id, f"ЛС {acc_id}"), text))
        return out


def _has_charges(s: Session, period: Period) -> bool:
    """Whether the period holds charges already (a re-run): the first run of a month has
    nothing to replace and skips the deletes altogether."""
    return s.execute(select(Operation.id).where(Operation.period == period.code,
                                                Operation.kind == OperationKind.CHARGE)
                     .limit(1)).first() is not None


def _delete_charges(s: Session, period: Period, account_ids: list[int]) -> None:
    """This period's charges of these accounts, found through the accounts' index: the
    (period, kind) index a planner may prefer would scan every charge the run has already
    written, once per chunk."""
    conn = s.connection()
    sqlite = conn.dialect.name == "sqlite"
    hint = " INDEXED BY ix_operation_account_period" if sqlite else ""
    for i in range(0, len(account_ids), 1000):
        batch = account_ids[i:i + 1000]
        conn.execute(text(f"DELETE FROM operation{hint} WHERE account_id IN :ids "
                          "AND period = :period AND kind = :kind")
                     .bindparams(bindparam("ids", expanding=True)),
                     {"ids": batch, "period": period.code, "kind": OperationKind.CHARGE.value})


@reports(Change.CHARGES)
def run_billing(db: Database, actor: Actor, period: Period | None = None,
                scope: Scope | None = None, on_error: OnError = "stop",
                chunk_accounts: int | None = None, workers: int | None = None,
                penalties: bool = False) -> BillingJob:
    """Start a billing run (see the module docstring); nothing happens until it is iterated.
    `workers`: processes calculating chunks (0: all in this process; None: one per core for a
    large run, see parallel.py); `chunk_accounts`: accounts per chunk (None: the default);
    `penalties`: post the month's penalties for the scope too, in the same transaction."""
    return BillingJob(db, actor, period, scope or Scope(), on_error, chunk_accounts, workers,
                      penalties)


def calculate(db: Database, actor: Actor, period: Period | None = None,
              scope: Scope | None = None, on_error: OnError = "stop",
              workers: int | None = None, penalties: bool = False) -> RunResult:
    """Run to the end without progress reporting (tests, scripts)."""
    return run_billing(db, actor, period, scope, on_error, workers=workers,
                       penalties=penalties).run()
