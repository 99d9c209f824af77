"""The demo town «г. Заречный»: a realistic small Russian town generated into an empty database.

    for done, total, message in generate(db, accounts=2000, seed=1): ...
    for step in ensure_demo(db): ...    # only when the database has no accounts yet

Users (login = password): admin, kassa, nach, pasport, jurist, prosmotr — see `generator.USERS`.
The same generator at a million accounts (`with_meters=False`) feeds the benchmarks in `bench/`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import exists, select

from app.db import Database
from app.demo.generator import USERS, HistoryCalculator, Progress, generate
from app.models import Account

__all__ = ["USERS", "HistoryCalculator", "Progress", "ensure_demo", "generate"]


def ensure_demo(db: Database, accounts: int = 2000, seed: int = 1,
                history_calculator: HistoryCalculator | None = None) -> Iterator[Progress]:
    """Generate the demo town unless the database already has accounts (the GUI's first run)."""
    with db.session() as s:
        if s.scalar(select(exists().select_from(Account))):
            return
    yield from generate(db, accounts=accounts, seed=seed, history_calculator=history_calculator)
