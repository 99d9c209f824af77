"""How many worker processes a billing run takes."""

from __future__ import annotations

import pytest

from app.billing import parallel
from app.billing.parallel import PARALLEL_FROM, usable_workers


@pytest.mark.parametrize(("cores", "requested", "accounts", "expected"), [
    (2, None, PARALLEL_FROM - 1, 0),  # a small run stays in its own process
    (2, None, PARALLEL_FROM, 2),  # a large one takes a worker per core
    (32, None, 1_000_000, parallel.MAX_WORKERS),
    (1, None, 1_000_000, 0),  # one core gains nothing from workers
    (1, 4, 1_000_000, 0),
    (2, 4, 10, 2),  # asked for: as many as there are cores
    (4, 0, 1_000_000, 0),  # asked for none
])
def test_workers_follow_the_cores_and_the_size_of_the_run(
        monkeypatch: pytest.MonkeyPatch, cores: int, requested: int | None, accounts: int,
        expected: int) -> None:
    monkeypatch.setattr(parallel, "_cores", lambda: cores)
    assert usable_workers(requested, accounts) == expected
