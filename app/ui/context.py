"""What every workspace receives: the database, the acting user and a few shell services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QWidget

from app.changes import Change, changes_of
from app.db import Database
from app.rights import Actor
from app.ui.jobs import Job, Steps, run_job


@dataclass
class Context:
    """Passed to each workspace factory; no global application object is reached from elsewhere.

    `window` is the parent for dialogs; `open_account(number)` shows an account's card (the
    shell decides how); `run_job` runs a long application-layer generator with progress and
    cancel (see `app.ui.jobs`). `perform(use_case, ...)` calls a writing use case and, when it
    succeeds, broadcasts what it changed (`app.changes`) to every screen that subscribed —
    the workspace pages, and through the main window its status bar and the open account cards;
    `changed(...)` does the broadcast alone, for work done in a job.
    """

    db: Database
    actor: Actor
    window: QWidget | None = None
    open_account: Callable[[str], object] = field(default=lambda _number: None)
    listeners: list[Callable[[Change], None]] = field(default_factory=list)

    def run_job(self, steps: Steps, title: str, *,
                on_done: Callable[[Any], None] | None = None,
                on_failed: Callable[[str], None] | None = None,
                on_cancelled: Callable[[], None] | None = None) -> Job:
        return run_job(steps, title, self.window, on_done=on_done, on_failed=on_failed,
                       on_cancelled=on_cancelled)

    def perform(self, use_case: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`use_case(self.db, self.actor, *args, **kwargs)`, then its changes broadcast."""
        result = use_case(self.db, self.actor, *args, **kwargs)
        self.changed(changes_of(use_case))
        return result

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        """`listener(changes)` is called after every write performed through this context."""
        self.listeners.append(listener)

    def changed(self, changes: Change) -> None:
        if changes:
            for listener in list(self.listeners):
                listener(changes)
