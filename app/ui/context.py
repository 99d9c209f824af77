"""What every workspace receives: the database, the acting user and a few shell services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QWidget

from app.db import Database
from app.rights import Actor
from app.ui.jobs import Job, Steps, run_job


@dataclass
class Context:
    """Passed to each workspace factory; no global application object is reached from elsewhere.

    `window` is the parent for dialogs; `open_account(number)` shows an account's card (the
    shell decides how); `run_job` runs a long application-layer generator with progress and
    cancel (see `app.ui.jobs`).
    """

    db: Database
    actor: Actor
    window: QWidget | None = None
    open_account: Callable[[str], object] = field(default=lambda _number: None)

    def run_job(self, steps: Steps, title: str, *,
                on_done: Callable[[Any], None] | None = None,
                on_failed: Callable[[str], None] | None = None,
                on_cancelled: Callable[[], None] | None = None) -> Job:
        return run_job(steps, title, self.window, on_done=on_done, on_failed=on_failed,
                       on_cancelled=on_cancelled)
