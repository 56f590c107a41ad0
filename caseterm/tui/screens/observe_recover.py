"""An unfinished observation found on start: resume it, save it as is, or discard it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from caseterm.model.live import LiveSession
from caseterm.tui.screens.observe_finish import session_text


class RecoverScreen(ModalScreen[str | None]):
    """Returns "resume", "save", "discard" or None (ask again next time)."""

    HELP_TITLE = "Unfinished observation"

    CSS_PATH = "../observe.tcss"
    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", id="recover.resume"),
        Binding("s", "choose('save')", "Save as is", id="recover.save"),
        Binding("D", "choose('discard')", "Discard", id="recover.discard"),
        Binding("escape", "choose('')", "Later", id="recover.later"),
    ]

    def __init__(self, session: LiveSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Static(Text("An observation was not finished", style="bold"))
            yield Static(session_text(self.session))
            yield Static(
                "r: resume (paused) · s: save as is and commit · D: discard · escape: later",
                id="choice-keys",
                markup=False,
            )

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
