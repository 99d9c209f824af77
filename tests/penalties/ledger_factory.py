"""Operations for penalty and recalculation tests, posted through the ledger's bulk writer the
way the billing run, the cash desk and imports post them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.calc.period import Period
from app.db import Database
from app.ledger.writer import SharedColumns, insert_charges, stored_forms
from app.models.enums import OperationKind


def post(db: Database, kind: OperationKind, account_id: int, service_id: int, amount: int, *,
         period: int, ref_period: int | None = None, day: date | None = None,
         supplier_id: int | None = None, company_id: int | None = None) -> None:
    with db.sessions() as s, s.begin():
        on, stamp = stored_forms(s, day or Period.from_code(period).last_day,
                                 datetime.now(UTC).replace(tzinfo=None))
        shared = SharedColumns(kind.value, on, period, ref_period, None, None, stamp)
        insert_charges(s, shared, [(account_id, service_id, supplier_id, company_id, amount,
                                    None)])


def charge(db: Database, account_id: int, service_id: int, amount: int, period: int,
           supplier_id: int | None = None) -> None:
    post(db, OperationKind.CHARGE, account_id, service_id, amount, period=period,
         ref_period=period, supplier_id=supplier_id)


def payment(db: Database, account_id: int, service_id: int, amount: int, day: date,
            for_period: int | None, supplier_id: int | None = None) -> None:
    """A payment received on `day` (a negative operation), naming the period it pays."""
    post(db, OperationKind.PAYMENT, account_id, service_id, -amount,
         period=Period.of(day).code, ref_period=for_period, day=day, supplier_id=supplier_id)
