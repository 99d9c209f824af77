"""Billing periods: which one is open, refusing writes into a closed one, closing a period.

Every writer that posts operations into a period calls `ensure_open(session, period)` inside its
transaction: it takes a shared lock on the period row (PostgreSQL `FOR SHARE`; SQLite has one
writer anyway), so writers do not wait for each other, while `close_period`, which locks the row
exclusively, waits for them — or they see the period closed. A closed period
never changes; corrections go to recalculations in the open period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.calc.money import format_rub
from app.calc.period import Period
from app.changes import Change, reports
from app.db import LOCK_WAIT_SECONDS, Database, is_lock_wait
from app.errors import Conflict, DomainError, PeriodClosed
from app.ledger.balances import closing_of
from app.models import BillingPeriod, BillingRun, Operation
from app.models.enums import OperationKind as K
from app.models.enums import PeriodStatus, RunStatus
from app.penalties.states import keep_through_closed
from app.rights import Actor, Right
from app.usecase import transaction

_RUN_LOCK = 0x4B56  # "KV": the class of PostgreSQL advisory locks of billing runs


def one_run_at_a_time(s: Session, period: Period, what: str) -> None:
    """A billing run and a posting of penalties both replace a period's rows of their kind: two
    at once would each miss the other's and write twice. SQLite lets one transaction write at a
    time anyway; PostgreSQL gets a lock held until the transaction ends (payments into the
    period are not held up by it)."""
    if s.get_bind().dialect.name != "postgresql":
        return
    got = s.execute(text("SELECT pg_try_advisory_xact_lock(:kind, :period)"),
                    {"kind": _RUN_LOCK, "period": period.code}).scalar()
    if not got:
        raise Conflict(f"{what}: расчёт или начисление пеней за {period} уже выполняется на "
                       "другом рабочем месте; дождитесь окончания и повторите")


def open_period(session: Session) -> Period:
    """The open period (the earliest one, should there ever be several)."""
    code = session.scalar(
        select(func.min(BillingPeriod.code)).where(BillingPeriod.status == PeriodStatus.OPEN)
    )
    if code is None:
        raise DomainError("Нет открытого расчётного периода")
    return Period.from_code(code)


def ensure_open(session: Session, period: Period | int, *, exclusive: bool = False) -> Period:
    """Lock the period row (shared; `exclusive` for closing) and refuse a period that is closed
    or not opened yet."""
    p = period if isinstance(period, Period) else Period.from_code(period)
    row = session.execute(
        select(BillingPeriod).where(BillingPeriod.code == p.code)
        .with_for_update(read=not exclusive)
    ).scalar_one_or_none()
    if row is None:
        raise PeriodClosed(f"Период {p} ещё не открыт: открыт {open_period(session)}")
    if row.status != PeriodStatus.OPEN:
        when = f" ({row.closed_at:%d.%m.%Y})" if row.closed_at else ""
        raise PeriodClosed(
            f"Период {p} закрыт: изменения в нём невозможны{when}, "
            "исправления вносятся перерасчётом в открытом периоде"
        )
    return p


@dataclass(frozen=True)
class PeriodTotals:
    """Town-wide turnover of a period, kopecks; `paid` is money received (positive)."""

    period: Period
    opening: int = 0
    charged: int = 0
    recalculated: int = 0
    penalty: int = 0
    paid: int = 0
    corrected: int = 0

    @property
    def closing(self) -> int:
        return closing_of(self)

    def lines(self) -> list[str]:
        return [
            f"Входящее сальдо: {format_rub(self.opening)}",
            f"Начислено: {format_rub(self.charged)}",
            f"Перерасчёты: {format_rub(self.recalculated)}",
            f"Пени: {format_rub(self.penalty)}",
            f"Оплачено: {format_rub(self.paid)}",
            f"Корректировки: {format_rub(self.corrected)}",
            f"Исходящее сальдо: {format_rub(self.closing)}",
        ]


def totals_in(session: Session, period: Period) -> PeriodTotals:
    code = period.code
    before = session.scalar(
        select(func.coalesce(func.sum(Operation.amount), 0)).where(Operation.period < code)
    ) or 0
    sums = dict(session.execute(
        select(Operation.kind, func.sum(Operation.amount))
        .where(Operation.period == code).group_by(Operation.kind)
    ).all())

    def k(kind: K) -> int:
        return int(sums.get(kind.value) or 0)

    return PeriodTotals(
        period, opening=int(before) + k(K.OPENING_BALANCE), charged=k(K.CHARGE),
        recalculated=k(K.RECALCULATION), penalty=k(K.PENALTY), paid=-k(K.PAYMENT),
        corrected=k(K.CORRECTION) + k(K.BALANCE_TRANSFER),
    )


def period_totals(db: Database, period: Period | None = None) -> PeriodTotals:
    """Totals for the closing confirmation: opening, charged, recalculated, paid, closing."""
    with db.session() as s:
        return totals_in(s, period or open_period(s))


@dataclass(frozen=True)
class ClosingSummary:
    period: Period
    next_period: Period
    totals: PeriodTotals
    snapshot_rows: int
    warnings: list[str] = field(default_factory=list)


@reports(Change.PERIODS | Change.CHARGES)
def close_period(db: Database, actor: Actor, period: Period | None = None, *,
                 on_wait: Callable[[str], None] | None = None,
                 wait_seconds: float = LOCK_WAIT_SECONDS) -> ClosingSummary:
    """Close the open period (it becomes immutable), write its balance snapshots, open the next.

    Closing without a finished billing run is allowed — a company may bill nothing in a month —
    but the summary warns about it. While a billing run or another writer holds the period,
    `on_wait` hears what the closing waits for, and after `wait_seconds` it gives up
    (`Conflict`), nothing written.
    """
    from app.ledger.snapshots import write_period_snapshots

    with transaction(db, actor, Right.PERIOD_CLOSE) as tx:
        s = tx.session
        current = open_period(s)
        p = period or current
        _hold_for_closing(s, p, on_wait, wait_seconds)
        if p != current:
            raise DomainError(f"Периоды закрываются по порядку: сначала {current}")
        warnings = []
        runs = s.scalar(select(func.count()).select_from(BillingRun).where(
            BillingRun.period == p.code, BillingRun.status == RunStatus.DONE)) or 0
        if not runs:
            warnings.append(f"За {p} не было ни одного расчёта начислений")
        totals = totals_in(s, p)
        row = s.get_one(BillingPeriod, p.code)
        row.status = PeriodStatus.CLOSED
        row.closed_at = tx.now
        row.closed_by_id = actor.user_id
        nxt = p.next()
        if s.get(BillingPeriod, nxt.code) is None:
            s.add(BillingPeriod(code=nxt.code, status=PeriodStatus.OPEN))
        s.flush()
        written = write_period_snapshots(s, p)
        keep_through_closed(s, p)  # next month's penalties then read only their own month
        tx.audit("period.close", "billing_period", p.code,
                 before={"status": PeriodStatus.OPEN.value},
                 after={"status": PeriodStatus.CLOSED.value, "next": nxt.code,
                        "charged": totals.charged, "paid": totals.paid,
                        "closing": totals.closing, "warnings": warnings})
    return ClosingSummary(p, nxt, totals, written, warnings)


def _hold_for_closing(s: Session, p: Period, on_wait: Callable[[str], None] | None,
                      wait_seconds: float) -> None:
    """Lock the period for closing: at once if it is free; otherwise say so, wait at most
    `wait_seconds` and refuse. SQLite takes its one write lock (the first write of the
    transaction, so a busy wait can still succeed); PostgreSQL the period row exclusively."""
    try:
        _try_hold(s, p, 0)
        return
    except OperationalError as exc:
        if not is_lock_wait(exc):
            raise
    if on_wait is not None:
        on_wait(f"Период {p} занят: идёт расчёт начислений или запись операций в нём (на этом "
                f"или другом рабочем месте). Жду их окончания до {wait_seconds:g} с…")
    try:
        _try_hold(s, p, wait_seconds)
    except OperationalError as exc:
        if not is_lock_wait(exc):
            raise
        raise Conflict(
            f"Период {p} не закрыт: за {wait_seconds:g} с не закончились расчёт начислений или "
            "запись операций в нём. Ничего не записано; повторите закрытие, когда они "
            "закончатся") from None


def _try_hold(s: Session, p: Period, wait_seconds: float) -> None:
    conn = s.connection()
    ms = int(wait_seconds * 1000)
    if conn.dialect.name == "sqlite":
        usual = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        conn.exec_driver_sql(f"PRAGMA busy_timeout={ms}")
        try:  # a write that changes nothing takes the lock; a refused one leaves no snapshot
            conn.execute(update(BillingPeriod).where(BillingPeriod.code == p.code)
                         .values(status=BillingPeriod.status))
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={int(usual or 0)}")
    else:
        with s.begin_nested():  # a refused lock spoils only the savepoint (and undoes the SET)
            if ms:
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = {ms}")
            s.execute(select(BillingPeriod.code).where(BillingPeriod.code == p.code)
                      .with_for_update(nowait=not ms))
        if ms:
            conn.exec_driver_sql("SET LOCAL lock_timeout = DEFAULT")
    ensure_open(s, p, exclusive=True)  # held now: refuses a closed or unopened period
