"""Repeated wrong passwords lock a login for a while, and each further failure doubles the wait.

Three attempts are free (a typo, a forgotten Caps Lock); from the fourth consecutive failure the
login is refused until `locked_until`: 30 s, then 1, 2, 4 … minutes, at most an hour. A successful
login, or a password reset or unlock by an administrator, starts the count again. Pure: the
time is an argument.
"""

from __future__ import annotations

from datetime import datetime, timedelta

FREE_ATTEMPTS = 3
FIRST_DELAY = timedelta(seconds=30)
LONGEST_DELAY = timedelta(hours=1)


def delay_after(failures: int) -> timedelta:
    """How long the login stays locked after `failures` consecutive wrong passwords."""
    if failures <= FREE_ATTEMPTS:
        return timedelta(0)
    steps = min(failures - FREE_ATTEMPTS - 1, 12)  # 2**12 × 30 s is already past the cap
    return min(FIRST_DELAY * 2**steps, LONGEST_DELAY)


def locked_until(failures: int, now: datetime) -> datetime | None:
    delay = delay_after(failures)
    return now + delay if delay else None


def wait_text(until: datetime, now: datetime) -> str:
    """«через 45 с», «через 3 мин» — how long is left, rounded up."""
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    if seconds < 60:
        return f"через {seconds} с"
    return f"через {(seconds + 59) // 60} мин"
