"""A meter removed before it was installed, or due for verification before it was last verified,
is refused at import with its path — before the database's CHECK would refuse it."""

from __future__ import annotations

from app.db import Database
from tests.exchange.sample import base_doc
from tests.exchange.test_import import nothing_written, problems_of


def test_meter_dates_out_of_order_are_refused_with_their_path(db: Database) -> None:
    doc = base_doc()
    doc["meters"][0].update({"status": "removed", "removed_on": "2023-12-31"})
    doc["meters"][1].update({"verified_on": "2024-01-01", "next_verification": "2023-06-30"})
    found = problems_of(db, doc)
    assert "meters[0].removed_on: прибор снят раньше, чем установлен" in found
    assert "meters[1].next_verification: следующая поверка раньше последней" in found
    nothing_written(db)
