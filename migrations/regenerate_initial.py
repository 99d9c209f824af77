"""Rewrite 0001 from the models. Only while nothing has been released (no saved databases).

Usage: .venv/bin/python migrations/regenerate_initial.py
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from alembic import command

from app.db import make_engine
from app.schema import alembic_config

versions = Path(__file__).parent / "versions"
for old in versions.glob("0001_*.py"):
    old.unlink()
with tempfile.TemporaryDirectory() as tmp:
    later = sorted(versions.glob("0*.py"))
    for f in later:  # the rest of the chain points at 0001; keep it out of sight meanwhile
        shutil.move(f, Path(tmp) / f.name)
    try:
        engine = make_engine(f"sqlite:///{tmp}/gen.db")
        command.revision(alembic_config(engine), message="core data model",
                         autogenerate=True, rev_id="0001")
    finally:
        for f in later:
            shutil.move(Path(tmp) / f.name, f)
