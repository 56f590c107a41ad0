"""What screens and widgets may ask of the running app, as a protocol.

Screens and widgets reach the app through ``host_of`` and never import ``tui.app``, so the
app can import every screen without an import cycle (``docs/architecture.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Protocol, cast

from textual.dom import DOMNode

from caseterm.store.infra.save import Saved
from caseterm.tui.state import CaseloadView, State

Change = Callable[[], Saved]


class Host(Protocol):
    """The app's services: the caseload folder, today, the loaded state, saving, navigation."""

    root: Path
    today: Callable[[], date]
    state: State | None

    def save(self, change: Change, done: Callable[[Saved], None] | None = None) -> None: ...

    def reload(self) -> None: ...

    def show_current(self, screen: CaseloadView) -> None: ...

    def open_student(self, student_id: str, tab: str = "overview") -> None: ...

    def edit_file(self, student_id: str, file_name: str, commit: bool = True) -> None: ...


def host_of(node: DOMNode) -> Host:
    """The app a screen or widget belongs to, seen through ``Host``."""
    return cast("Host", node.app)
