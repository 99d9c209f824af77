"""Balance snapshots per account/service/supplier for every closed period, and their check.

Snapshots are written when a period is closed (set-based SQL: the previous period's closing plus
this period's operations) and never change afterwards, because a closed period never changes.
The open period has none on purpose: payments and recalculations keep arriving there, and a
snapshot that could go stale would be worse than none. `verify` folds the ledger again,
chunk by chunk of accounts, and lists every difference; `kvartal verify` prints them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, exists, func, select, text
from sqlalchemy.orm import Session

from app.calc.money import format_rub
from app.calc.period import Period
from app.db import Database
from app.ledger.balances import Balance
from app.models import Account, BalanceSnapshot, BillingPeriod, Operation, Service
from app.models.enums import OperationKind as K
from app.models.enums import PeriodStatus
from app.rights import Actor, Right
from app.usecase import transaction

COLUMNS = ("opening", "charged", "recalculated", "penalty", "paid", "corrected", "closing")
TITLES = {"opening": "входящее сальдо", "charged": "начислено", "recalculated": "перерасчёты",
          "penalty": "пени", "paid": "оплачено", "corrected": "корректировки",
          "closing": "исходящее сальдо"}

_MOVES = f"""
    CASE WHEN kind = '{K.OPENING_BALANCE.value}' THEN amount ELSE 0 END,
    CASE WHEN kind = '{K.CHARGE.value}' THEN amount ELSE 0 END,
    CASE WHEN kind = '{K.RECALCULATION.value}' THEN amount ELSE 0 END,
    CASE WHEN kind = '{K.PENALTY.value}' THEN amount ELSE 0 END,
    CASE WHEN kind = '{K.PAYMENT.value}' THEN -amount ELSE 0 END,
    CASE WHEN kind IN ('{K.CORRECTION.value}', '{K.BALANCE_TRANSFER.value}')
         THEN amount ELSE 0 END
"""
_FROM_SNAPSHOT = """
    SELECT account_id AS a, service_id AS s, supplier_id AS sup, closing AS o, 0 AS c, 0 AS r,
        0 AS pn, 0 AS pd, 0 AS cr
    FROM balance_snapshot WHERE period = :prev
"""
_FROM_LEDGER = """
    SELECT account_id AS a, service_id AS s, COALESCE(supplier_id, 0) AS sup, amount AS o,
        0 AS c, 0 AS r, 0 AS pn, 0 AS pd, 0 AS cr
    FROM operation WHERE period < :p
"""
_SELECT = """
SELECT :p, a, s, sup, SUM(o), SUM(c), SUM(r), SUM(pn), SUM(pd), SUM(cr),
    SUM(o) + SUM(c) + SUM(r) + SUM(pn) - SUM(pd) + SUM(cr)
FROM (
    {before}
    UNION ALL
    SELECT account_id, service_id, COALESCE(supplier_id, 0), {moves}
    FROM operation WHERE period = :p
) AS m
{where}
GROUP BY a, s, sup
"""
_INSERT = """
INSERT INTO balance_snapshot (period, account_id, service_id, supplier_id, opening, charged,
    recalculated, penalty, paid, corrected, closing)
""" + _SELECT


def write_period_snapshots(session: Session, period: Period) -> int:
    """(Re)write the snapshots of one period from the previous one's and this one's operations."""
    session.execute(delete(BalanceSnapshot).where(BalanceSnapshot.period == period.code))
    prev = period.prev().code
    has_prev = session.scalar(select(exists().where(BalanceSnapshot.period == prev)))
    sql = _INSERT.format(before=_FROM_SNAPSHOT if has_prev else _FROM_LEDGER, moves=_MOVES,
                         where="")
    result = session.execute(text(sql), {"p": period.code, "prev": prev})
    return int(getattr(result, "rowcount", 0) or 0)


def period_balances(session: Session, period: Period,
                    account_ids: Sequence[int] | None = None) -> list[Balance]:
    """Balances of a period by account, service and supplier — a closed period from its
    snapshots, the open one from the last snapshots plus its own operations (set-based)."""
    params: dict[str, object] = {"p": period.code, "prev": period.prev().code}
    where = ""
    if account_ids is not None:
        where = "WHERE a IN :ids"
        params["ids"] = list(account_ids)
    has_prev = session.scalar(select(exists().where(BalanceSnapshot.period == params["prev"])))
    sql = text(_SELECT.format(before=_FROM_SNAPSHOT if has_prev else _FROM_LEDGER,
                              moves=_MOVES, where=where))
    if account_ids is not None:
        sql = sql.bindparams(bindparam("ids", expanding=True))
    return sorted(
        (Balance(int(r[0]), int(r[1]), int(r[2]), int(r[3]), *(int(v) for v in r[4:10]))
         for r in session.execute(sql, params)),
        key=lambda b: (b.account_id, b.service_id, b.supplier_id))


def closed_periods(session: Session) -> list[Period]:
    codes = session.scalars(select(BillingPeriod.code).where(
        BillingPeriod.status == PeriodStatus.CLOSED).order_by(BillingPeriod.code))
    return [Period.from_code(c) for c in codes]


def rebuild_snapshots(db: Database, actor: Actor) -> int:
    """Rewrite every closed period's snapshots from the ledger, oldest first."""
    with transaction(db, actor, Right.ADMIN) as tx:
        s = tx.session
        s.execute(delete(BalanceSnapshot))
        written = sum(write_period_snapshots(s, p) for p in closed_periods(s))
        tx.audit("snapshots.rebuild", "balance_snapshot", None, after={"rows": written})
    return written


@dataclass(frozen=True)
class Difference:
    period: int
    account_id: int
    service_id: int
    supplier_id: int
    column: str  # one of COLUMNS, or "missing" / "extra"
    stored: int | None
    expected: int | None

    def describe(self, number: str, service: str) -> str:
        where = f"ЛС {number}, {service}, период {Period.from_code(self.period)}"
        if self.column == "missing":
            return f"{where}: нет снимка остатков, по операциям он должен быть"
        if self.column == "extra":
            return f"{where}: снимок есть, а операций по нему нет"
        assert self.stored is not None and self.expected is not None
        return (f"{where}: {TITLES[self.column]} в снимке {format_rub(self.stored)}, "
                f"по операциям {format_rub(self.expected)}")


Row = tuple[int, int, int, int, int, int, int]
SnapKey = tuple[int, int, int, int]  # period, account, service, supplier


def _expected(session: Session, lo: int, hi: int, periods: list[int]) -> dict[SnapKey, Row]:
    moves: dict[tuple[int, int, int], dict[int, list[int]]] = defaultdict(dict)
    q = (select(Operation.account_id, Operation.service_id, Operation.supplier_id,
                Operation.period, Operation.kind, func.sum(Operation.amount))
         .where(Operation.account_id >= lo, Operation.account_id < hi,
                Operation.period <= periods[-1])
         .group_by(Operation.account_id, Operation.service_id, Operation.supplier_id,
                   Operation.period, Operation.kind))
    index = {K.OPENING_BALANCE: 0, K.CHARGE: 1, K.RECALCULATION: 2, K.PENALTY: 3, K.PAYMENT: 4,
             K.CORRECTION: 5, K.BALANCE_TRANSFER: 5}
    for account, service, supplier, period, kind, amount in session.execute(q):
        cell = moves[(account, service, supplier or 0)].setdefault(period, [0] * 6)
        i = index[K(kind)]
        cell[i] += -int(amount) if i == 4 else int(amount)
    out: dict[SnapKey, Row] = {}
    for key, by_period in moves.items():
        carried = sum(sum(c) - 2 * c[4] for p, c in by_period.items() if p < periods[0])
        first = min(by_period)
        for p in periods:
            c = by_period.get(p, [0] * 6)
            opening = carried + c[0]
            closing = opening + c[1] + c[2] + c[3] - c[4] + c[5]
            if p >= first:
                out[(p, *key)] = (opening, c[1], c[2], c[3], c[4], c[5], closing)
            carried = closing
    return out


def _stored(session: Session, lo: int, hi: int) -> dict[SnapKey, Row]:
    b = BalanceSnapshot
    q = select(b.period, b.account_id, b.service_id, b.supplier_id, b.opening, b.charged,
               b.recalculated, b.penalty, b.paid, b.corrected, b.closing).where(
        b.account_id >= lo, b.account_id < hi)
    return {tuple(r[:4]): tuple(int(v) for v in r[4:])  # type: ignore[misc]
            for r in session.execute(q)}


def verify(db: Database, chunk: int = 50_000) -> list[Difference]:
    """Every difference between the stored snapshots and the ledger folded again."""
    out: list[Difference] = []
    with db.session() as s:
        periods = [p.code for p in closed_periods(s)]
        top = s.scalar(select(func.max(Account.id))) or 0
        for lo in range(0, top + 1, chunk):
            stored = _stored(s, lo, lo + chunk)
            expected = _expected(s, lo, lo + chunk, periods) if periods else {}
            for key in sorted(stored.keys() | expected.keys()):
                got, want = stored.get(key), expected.get(key)
                if got is None:
                    out.append(Difference(*key, "missing", None, 0))
                elif want is None:
                    out.append(Difference(*key, "extra", 0, None))
                else:
                    out.extend(Difference(*key, col, g, w)
                               for col, g, w in zip(COLUMNS, got, want, strict=True) if g != w)
    return out


def describe(db: Database, diffs: list[Difference]) -> list[str]:
    """The differences in the operator's words (account numbers and service names)."""
    with db.session() as s:
        numbers = dict(s.execute(select(Account.id, Account.number).where(
            Account.id.in_({d.account_id for d in diffs}))).all())
        names = dict(s.execute(select(Service.id, Service.name)).all())
    return [d.describe(numbers.get(d.account_id, str(d.account_id)),
                       names.get(d.service_id, str(d.service_id))) for d in diffs]
