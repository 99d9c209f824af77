"""The demo town pays: after each past period is billed and closed, its bills are paid in the
next month — at the desk (shifts of «Касса 1», cash and card, receipts numbered) and through
bank registries — each payment split exactly as the desk splits it (`app.cashdesk.posting`).

Payers keep habits (by account, from the seed): most pay the bill on time, some after the due
day, some part of it, some every other month for everything owed, a few round the amount up
(an advance), and a few long-term debtors pay nothing — so balances, penalties and reports look
like a real town. Written in bulk: a month of two thousand payments in a second or two.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from datetime import UTC, date, datetime, time

from sqlalchemy import Connection, func, insert, select

from app.calc.period import Period
from app.cashdesk.bulk import BulkPayment, ledger_sums, post_bulk
from app.cashdesk.debts import fold_outstanding
from app.cashdesk.shifts import DENOMINATIONS
from app.db import Database
from app.models import (
    Account,
    Building,
    CashShift,
    Organization,
    PaymentRegistry,
    Premise,
)
from app.models.enums import (
    AccountStatus,
    OrgKind,
    PaymentChannel,
    ShiftStatus,
)

DESK = "Касса 1"
DEMO_BANKS = (  # name, short name, ИНН, КПП, БИК — the registry profiles' banks
    ("ПАО Сбербанк", "Сбербанк", "7707083893", "773601001", "044525225"),
    ("ПАО КБ «УБРиР»", "УБРиР", "6608008004", "667101001", "046577795"),
)
# habit: (share of payers, first day, last day of the month they pay)
HABITS = (("on_time", 0.70, 3, 15), ("late", 0.12, 16, 28), ("partial", 0.08, 5, 25),
          ("every_other", 0.05, 10, 20), ("round_up", 0.02, 3, 12), ("debtor", 0.03, 0, 0))


def habit_of(seed: int, account_id: int) -> str:
    x = random.Random(seed * 7919 + account_id).random()
    for name, share, _lo, _hi in HABITS:
        if x < share:
            return name
        x -= share
    return "on_time"


def _banks(conn: Connection) -> list[int]:
    ids = []
    for name, short, inn, kpp, bik in DEMO_BANKS:
        found = conn.scalar(select(Organization.id).where(Organization.kind == OrgKind.BANK,
                                                          Organization.inn == inn))
        if found is None:
            found = conn.execute(insert(Organization).values(
                kind=OrgKind.BANK.value, name=name, short_name=short, inn=inn, kpp=kpp,
                bank_name=name, bik=bik, version=1).returning(Organization.id)).scalar_one()
        ids.append(found)
    return ids


def _amount(habit: str, doc: int, debt: int, month: int, account_id: int,
            rng: random.Random) -> tuple[int, bool]:
    """Kopecks paid and whether for the document of the period (else: no document)."""
    if habit == "debtor" or debt <= 0:
        return 0, False
    if habit == "every_other":
        return (debt, False) if (month + account_id) % 2 == 0 else (0, False)
    if doc <= 0:
        return 0, False
    if habit == "partial":
        return max(100_00, doc * rng.randint(40, 90) // 100 // 100 * 100), True
    if habit == "round_up":
        return (doc // 100_000 + 1) * 100_000, True
    return doc, True


def _counted(cash: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in DENOMINATIONS:
        n, cash = divmod(cash, d)
        if n:
            out[str(d)] = n
    return out


def pay_bills(db: Database, period: Period, seed: int, cashier_id: int) -> int:
    """Payments for the bills of `period` (just closed), posted in the open period after it.
    Returns how many were posted."""
    posting = period.next()
    rng = random.Random(seed * 1_000_003 + period.code)
    with db.engine.begin() as conn:
        banks = _banks(conn)
        sums = ledger_sums(conn)
        accounts = conn.execute(
            select(Account.id, Account.number, Account.payer_name, Building.company_id)
            .join(Premise, Premise.id == Account.premise_id)
            .join(Building, Building.id == Premise.building_id)
            .where(Account.status == AccountStatus.OPEN.value).order_by(Account.id)).all()
        items: list[BulkPayment] = []
        banks_of: dict[str, int] = {}
        for acc_id, number, payer, _company in accounts:
            out = fold_outstanding(sums.get(acc_id, []))
            doc = sum(d.amount for d in out.of_period(period))
            habit = habit_of(seed, acc_id)
            amount, with_doc = _amount(habit, doc, out.total, period.month, acc_id, rng)
            if amount <= 0:
                continue
            lo, hi = next((lo, hi) for h, _s, lo, hi in HABITS if h == habit)
            day = date(posting.year, posting.month, min(rng.randint(lo, hi), posting.days))
            desk = rng.random() < 0.35 and day.weekday() < 6
            channel = ((PaymentChannel.CASH if rng.random() < 0.7 else PaymentChannel.CARD)
                       if desk else PaymentChannel.BANK)
            key = f"demo:{period.code}:{acc_id}"
            items.append(BulkPayment(
                key=key, account_id=acc_id, account=number, amount=amount, paid_on=day,
                created_at=datetime.combine(day, time(7 + rng.randint(0, 9),
                                                      rng.randint(0, 59)), UTC),
                channel=channel.value, period=period if with_doc else None, payer_name=payer,
                created_by_id=cashier_id if desk else None))
            banks_of[key] = rng.randrange(len(banks))
        _assign_shifts(conn, items, cashier_id)
        _assign_registries(conn, items, banks, banks_of)
        company_of = {acc_id: company for acc_id, _n, _p, company in accounts}
        ids, _unplaced = post_bulk(conn, items, posting, company_of, sums)
    # the statistics were taken before anything was paid: a planner that still believes the
    # payment table empty checks each foreign key to it by a full scan (a registry import of
    # 5 000 lines spent 25 s so on PostgreSQL)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE payment")
        conn.exec_driver_sql("ANALYZE operation")
    return len(ids)


def _assign_shifts(conn: Connection, items: list[BulkPayment], cashier_id: int) -> None:
    """A closed shift of «Касса 1» for each day with desk payments; receipts numbered."""
    by_day: dict[date, list[BulkPayment]] = defaultdict(list)
    for p in items:
        if p.channel != PaymentChannel.BANK:
            by_day[p.paid_on].append(p)
    number = conn.scalar(select(func.max(CashShift.number)).where(CashShift.desk == DESK)) or 0
    for day in sorted(by_day):
        day_plans = sorted(by_day[day], key=lambda p: p.created_at)
        cash = sum(p.amount for p in day_plans if p.channel == PaymentChannel.CASH)
        number += 1
        opening = 5000_00
        shift_id = conn.execute(insert(CashShift).values(
            number=number, desk=DESK, cashier_id=cashier_id, status=ShiftStatus.CLOSED.value,
            opened_at=datetime.combine(day, time(6, 0), UTC),
            closed_at=datetime.combine(day, time(17, 30), UTC), opening_cash=opening,
            last_receipt=len(day_plans), expected_cash=opening + cash,
            counted_cash=opening + cash, counted=_counted(opening + cash))
            .returning(CashShift.id)).scalar_one()
        for n, p in enumerate(day_plans, start=1):
            p.shift_id, p.receipt_number = shift_id, n


def _assign_registries(conn: Connection, items: list[BulkPayment], banks: list[int],
                       banks_of: dict[str, int]) -> None:
    """One registry per bank and day, as banks send them."""
    groups: dict[tuple[int, date], list[BulkPayment]] = defaultdict(list)
    for p in items:
        if p.channel == PaymentChannel.BANK:
            groups[(banks_of[p.key], p.paid_on)].append(p)
    for (bank, day), group in sorted(groups.items()):
        name = f"demo_{DEMO_BANKS[bank][1].lower()}_{day:%Y%m%d}.txt"
        reg_id = conn.execute(insert(PaymentRegistry).values(
            file_name=name, file_hash=hashlib.sha256(name.encode()).hexdigest(),
            bank_id=banks[bank], received_at=datetime.combine(day, time(20, 0), UTC),
            lines=len(group), total=sum(p.amount for p in group))
            .returning(PaymentRegistry.id)).scalar_one()
        for p in group:
            p.registry_id = reg_id
