"""Messages by which a widget asks for another screen; the app decides what to push.

Widgets never import screens (an import-linter contract): a pane posts one of these and
``CasetermApp`` answers it with the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.message import Message

from caseterm.model.progress import GoalProgress
from caseterm.tui.widgets.form import Field

FormDone = Callable[[dict[str, Any] | None], None]


class OpenForm(Message):
    """Ask for a modal form; ``done`` gets the checked values, or None when cancelled."""

    def __init__(self, title: str, fields: Sequence[Field], done: FormDone) -> None:
        super().__init__()
        self.title = title
        self.fields = fields
        self.done = done


class OpenGoalGraph(Message):
    """Ask for the full-screen graph of one goal."""

    def __init__(self, progress: GoalProgress) -> None:
        super().__init__()
        self.progress = progress


class OpenCommit(Message):
    """Ask for the diff of one commit, limited to a student's folder."""

    def __init__(self, repo: str, sha: str, folder: str) -> None:
        super().__init__()
        self.repo = repo
        self.sha = sha
        self.folder = folder
