"""A billing run killed mid-way — the process gone with SIGKILL after it has written charges of
some chunks, before its commit — leaves no partial run: no run row, no charge, the period still
open; the next run calculates everything (issue #23, fault tests)."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import func, select

from app.billing.run import calculate
from app.db import Database
from app.models import BillingRun, Operation
from app.rights import SYSTEM
from tests.factories import TownFactory

KILLED_MID_WAY = """
import os, signal, sys
from sqlalchemy import func, select
from app.billing.run import run_billing
from app.db import Database
from app.models import Operation
from app.rights import SYSTEM

db = Database(sys.argv[1])
job = run_billing(db, SYSTEM, chunk_accounts=1, workers=0)
for done, total, message in job:
    if message.startswith("Рассчитано"):  # charges written into the open transaction
        print(f"at {done} of {total}", flush=True)
        s = job._gen.gi_frame.f_locals["s"]
        written = s.scalar(select(func.count()).select_from(Operation))
        print(f"written {written}", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
print("finished", flush=True)
"""


def test_a_billing_run_killed_mid_way_leaves_no_partial_run(db: Database) -> None:
    town = TownFactory(db).build()
    second = town.add_building("7")
    for flat in range(1, 4):
        town.account(flat=str(flat))
        town.account(flat=str(flat), building_id=second)
    url = db.engine.url.render_as_string(hide_password=False)
    db.engine.dispose()  # the killed process must not wait for this one's connections
    done = subprocess.run([sys.executable, "-c", KILLED_MID_WAY, url], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == -9, done.stderr
    said = done.stdout.split("\n")
    assert said[0].startswith("at ") and said[1].startswith("written ")
    assert "finished" not in done.stdout
    assert int(said[1].split()[1]) > 0  # it had written charges when it died

    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(BillingRun)) == 0
        assert s.scalar(select(func.count()).select_from(Operation)) == 0
    result = calculate(db, SYSTEM)  # no leftover lock or half-run stands in the way
    assert result.accounts == 6
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(BillingRun)) == 1
