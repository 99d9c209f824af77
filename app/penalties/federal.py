"""The federal penalty tables a new database is loaded with (migration 0006), as plain data.

Key rate of the Bank of Russia, in force from the date (the refinancing rate equals it from
01.01.2016, when the 1/300–1/130 rule of ЖК ст. 155 ч. 14 began). Changes after the last row are
entered by the operator (Начисления → Ключевая ставка, or `kvartal import` of `key_rates`).
Checked against published tables and the bank's announcements: 2016–2019 (table of decisions),
2022-02-28, 2025-09-15, 2026-02-16 (15.5 %); the rest as the bank announced them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from app.calc.penalty_tables import KEY_RATE_CHANGES
from app.models.base import quantity_to_db

KEY_RATES = KEY_RATE_CHANGES  # one table: the engine's seed

RATE_CAP, DUE_DAY, MORATORIUM = "rate_cap", "due_day", "moratorium"

# kind, value, from, to, debts due before, enabled, source
RULES: tuple[tuple[str, str | None, date, date | None, date | None, bool, str], ...] = (
    (DUE_DAY, "10", date(2005, 3, 1), date(2026, 2, 28), None, True, "ЖК РФ ст. 155 ч. 1"),
    (DUE_DAY, "15", date(2026, 3, 1), None, None, True,
     "Федеральный закон от 24.06.2025 №177-ФЗ"),
    (RATE_CAP, "9.5", date(2022, 2, 28), date(2024, 12, 31), None, True,
     "ПП РФ от 26.03.2022 №474"),
    (RATE_CAP, "9.5", date(2025, 1, 1), date(2026, 12, 31), None, True,
     "ПП РФ от 18.03.2025 №329"),
    (MORATORIUM, None, date(2020, 4, 6), date(2020, 12, 31), None, True,
     "ПП РФ от 02.04.2020 №424"),
    (MORATORIUM, None, date(2022, 4, 1), date(2022, 10, 1), date(2022, 4, 1), False,
     "ПП РФ от 28.03.2022 №497"),
)

_key_rate = sa.table("key_rate", sa.column("date_from", sa.Date), sa.column("rate", sa.BigInteger))
_rule = sa.table("penalty_rule", sa.column("kind", sa.String), sa.column("value", sa.BigInteger),
                 sa.column("date_from", sa.Date), sa.column("date_to", sa.Date),
                 sa.column("debts_due_before", sa.Date), sa.column("enabled", sa.Boolean),
                 sa.column("source", sa.String), sa.column("version", sa.Integer))


def seed(conn: sa.Connection) -> None:
    """Load the federal tables: key rates of dates not present yet; the rules when there are
    none (an operator's edits are never overwritten)."""
    present = {d for (d,) in conn.execute(sa.select(_key_rate.c.date_from))}
    rows: list[dict[str, Any]] = [
        {"date_from": d, "rate": quantity_to_db(Decimal(r))} for d, r in KEY_RATES
        if d not in present]
    if rows:
        conn.execute(_key_rate.insert(), rows)
    if conn.execute(sa.select(sa.func.count()).select_from(_rule)).scalar():
        return
    conn.execute(_rule.insert(), [
        {"kind": k, "value": None if v is None else quantity_to_db(Decimal(v)), "date_from": a,
         "date_to": b, "debts_due_before": before, "enabled": on, "source": src, "version": 1}
        for k, v, a, b, before, on, src in RULES])
