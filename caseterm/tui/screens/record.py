"""One logged record in full: every field, notes wrapped; e edits it, x removes it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from caseterm.display import safe_text


def record_table(rows: Sequence[tuple[str, str]]) -> Table:
    """Label and value per line; long values (notes) wrap instead of being cut."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for label, value in rows:
        table.add_row(Text(label), Text(safe_text(value) if value else "—"))
    return table


class RecordScreen(ModalScreen[str | None]):
    """The detail of a data point, session, meeting or contact; returns what to do next."""

    CSS_PATH = "../records.tcss"
    HELP_TITLE = "Record"
    BINDINGS = [
        Binding("escape", "close", "Close", priority=True, id="record.close"),
        Binding("e", "choose('edit')", "Edit", id="record.edit"),
        Binding("x,delete", "choose('remove')", "Remove", id="record.remove"),
    ]

    def __init__(self, title: str, rows: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title", markup=False)
            with VerticalScroll(id="record-body"):
                yield Static(record_table(self.rows), id="record-fields")
            yield Static("e: edit · x: remove · escape: close", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#record-body", VerticalScroll).focus()

    def action_choose(self, what: str) -> None:
        self.dismiss(what)

    def action_close(self) -> None:
        self.dismiss(None)
