"""Messages by which a widget asks for another screen; the app decides what to push.

Widgets never import screens (an import-linter contract): a pane posts one of these and
``CasetermApp`` answers it with the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.message import Message

from caseterm.model.progress import GoalProgress
from caseterm.tui.widgets.form import Field

FormDone = Callable[[dict[str, Any] | None], None]


@dataclass
class OpenForm(Message):
    """Ask for a modal form; ``done`` gets the checked values, or None when cancelled."""

    title: str
    fields: Sequence[Field]
    done: FormDone

    def __post_init__(self) -> None:
        super().__init__()


@dataclass
class OpenGoalGraph(Message):
    """Ask for the full-screen graph of one goal."""

    progress: GoalProgress

    def __post_init__(self) -> None:
        super().__init__()


@dataclass
class OpenCommit(Message):
    """Ask for the diff of one commit, limited to a student's folder."""

    repo: str
    sha: str
    folder: str

    def __post_init__(self) -> None:
        super().__init__()
