"""What one commit changed in a student's files, as a unified diff."""

from __future__ import annotations

from pathlib import Path

from rich.syntax import Syntax
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from caseterm.display import safe_text
from caseterm.store.infra import git
from caseterm.tui.widgets.footer import KeysFooter


class DiffScreen(Screen[None]):
    """A read-only diff; escape goes back."""

    HELP_TITLE = "Commit diff"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="diff.back")]

    def __init__(self, repo: str, sha: str, folder: str) -> None:
        super().__init__()
        self.repo, self.sha, self.folder = Path(repo), sha, folder

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("loading…", id="diff-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = f"commit {self.sha[:8]}"
        self._load()

    @work(thread=True)
    def _load(self) -> None:
        text = git.show(self.repo, self.sha, [self.folder]) or "(no change to this student)"
        body = Syntax(safe_text(text), "diff", theme="ansi_dark", word_wrap=True)
        self.app.call_from_thread(self.query_one("#diff-body", Static).update, body)
