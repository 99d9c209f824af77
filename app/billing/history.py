"""Past periods of the demo town: calculate each one and close it, so the town has a history.

`app.demo.generate(db, history_calculator=calculate_history)` calls this for every past period
(2025-11 … 2026-09) while that period is the open one; the open period after the last stays
uncalculated, as a real month in progress would be.
"""

from __future__ import annotations

from app.billing.run import calculate
from app.calc.period import Period
from app.db import Database
from app.ledger.periods import close_period
from app.rights import SYSTEM


def calculate_history(db: Database, period: Period) -> None:
    """Run the billing for `period` (data problems skip their accounts) and close it."""
    calculate(db, SYSTEM, period, on_error="skip")
    close_period(db, SYSTEM, period)
