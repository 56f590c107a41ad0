"""Finishing a live observation: what will be recorded; save, discard or go back."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from caseterm.display import safe_text
from caseterm.model.live import LiveSession, clock_text


def session_text(session: LiveSession) -> Text:
    """The session in a few lines: time observed, each behaviour's figure, ABC notes."""
    setup = session.setup
    out = Text()
    out.append(
        f"{safe_text(setup.student)} · {setup.day.isoformat()} "
        f"{setup.start:%H:%M:%S}-{session.end_time():%H:%M:%S} "
        f"({clock_text(session.seconds())} observed)\n",
        style="bold",
    )
    for index, spec in enumerate(setup.behaviors):
        out.append(f"  {safe_text(spec.name)} ({spec.method}): {session.shown(index)}\n")
    if session.abc:
        out.append(f"  {len(session.abc)} ABC note(s)\n")
    return out


class FinishScreen(ModalScreen[str | None]):
    """Returns "save", "discard" or None (back to the session, still paused)."""

    HELP_TITLE = "Finish observation"

    CSS_PATH = "../observe.tcss"
    BINDINGS = [
        Binding("enter", "choose('save')", "Save and commit", priority=True, id="finish.save"),
        Binding("D", "choose('discard')", "Discard", id="finish.discard"),
        Binding("escape", "choose('')", "Back to the session", id="finish.back"),
    ]

    def __init__(self, session: LiveSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Static(Text("Finish the observation", style="bold"))
            yield Static(session_text(self.session))
            yield Static(
                "enter: save as one record and commit · escape: back · D: discard",
                id="choice-keys",
                markup=False,
            )

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
