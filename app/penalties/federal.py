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

from app.models.base import quantity_to_db

KEY_RATES: tuple[tuple[date, str], ...] = (
    (date(2016, 1, 1), "11"),
    (date(2016, 6, 14), "10.5"),
    (date(2016, 9, 19), "10"),
    (date(2017, 3, 27), "9.75"),
    (date(2017, 5, 2), "9.25"),
    (date(2017, 6, 19), "9"),
    (date(2017, 9, 18), "8.5"),
    (date(2017, 10, 30), "8.25"),
    (date(2017, 12, 18), "7.75"),
    (date(2018, 2, 12), "7.5"),
    (date(2018, 3, 26), "7.25"),
    (date(2018, 9, 17), "7.5"),
    (date(2018, 12, 17), "7.75"),
    (date(2019, 6, 17), "7.5"),
    (date(2019, 7, 29), "7.25"),
    (date(2019, 9, 9), "7"),
    (date(2019, 10, 28), "6.5"),
    (date(2019, 12, 16), "6.25"),
    (date(2020, 2, 10), "6"),
    (date(2020, 4, 27), "5.5"),
    (date(2020, 6, 22), "4.5"),
    (date(2020, 7, 27), "4.25"),
    (date(2021, 3, 22), "4.5"),
    (date(2021, 4, 26), "5"),
    (date(2021, 6, 15), "5.5"),
    (date(2021, 7, 26), "6.5"),
    (date(2021, 9, 13), "6.75"),
    (date(2021, 10, 25), "7.5"),
    (date(2021, 12, 20), "8.5"),
    (date(2022, 2, 14), "9.5"),
    (date(2022, 2, 28), "20"),
    (date(2022, 4, 11), "17"),
    (date(2022, 5, 4), "14"),
    (date(2022, 5, 27), "11"),
    (date(2022, 6, 14), "9.5"),
    (date(2022, 7, 25), "8"),
    (date(2022, 9, 19), "7.5"),
    (date(2023, 7, 24), "8.5"),
    (date(2023, 8, 15), "12"),
    (date(2023, 9, 18), "13"),
    (date(2023, 10, 30), "15"),
    (date(2023, 12, 18), "16"),
    (date(2024, 7, 29), "18"),
    (date(2024, 9, 16), "19"),
    (date(2024, 10, 28), "21"),
    (date(2025, 6, 9), "20"),
    (date(2025, 7, 28), "18"),
    (date(2025, 9, 15), "17"),
    (date(2025, 10, 27), "16.5"),
    (date(2025, 12, 22), "16"),
    (date(2026, 2, 16), "15.5"),
)

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
