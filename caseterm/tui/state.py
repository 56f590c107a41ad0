"""What every screen shows: the loaded caseload as of one day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from caseterm.model.overview import Overview, caseload_overview
from caseterm.store.load import Loaded
from caseterm.store.sync import SyncStatus


@dataclass(frozen=True)
class State:
    """The caseload, its problems, the day it is seen from, and what the engine makes of it."""

    loaded: Loaded
    today: date
    overview: Overview
    sync: SyncStatus | None = None

    @classmethod
    def build(cls, loaded: Loaded, today: date, sync: SyncStatus | None = None) -> State:
        """Compute the overview (deadlines, progress, minutes); call it in a worker."""
        overview = caseload_overview(loaded.caseload, loaded.rules, today)
        return cls(loaded=loaded, today=today, overview=overview, sync=sync)

    @property
    def sync_line(self) -> str:
        """``↑2 ↓0 · synced 11-25 10:32`` — what sharing needs from the user, if anything."""
        sync = self.sync
        if sync is None:
            return "not in git"
        if sync.operation is not None:
            return f"{sync.operation} stopped on conflicts: press x"
        if sync.remote is None:
            return "not shared (no remote)"
        when = sync.last_sync.strftime("%m-%d %H:%M") if sync.last_sync else "never"
        return f"↑{sync.ahead} ↓{sync.behind} · synced {when}"

    @property
    def title(self) -> str:
        settings = self.loaded.caseload.settings
        count = len(self.loaded.caseload.students)
        problems = len(self.loaded.problems)
        text = f"{settings.name or self.loaded.root.name} · {count} students"
        return text + (f" · {problems} problems (!)" if problems else "")


@runtime_checkable
class CaseloadView(Protocol):
    """A screen that redraws itself whenever the caseload is (re)loaded."""

    def show_state(self, state: State) -> None: ...
