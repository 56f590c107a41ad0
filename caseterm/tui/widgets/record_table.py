"""A table of logged records: enter reads one in full, E edits it, x or delete removes it.

The last column, the note, takes the width the other columns leave (cut with ``…``,
enter reads it whole) and is fitted again when the table is resized, so the table never
scrolls sideways because of one long note.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from caseterm.display import safe_text

NOTE = ColumnKey("note")
MIN_NOTE = 12
"""The note column is never narrower than this (the table scrolls sideways below it)."""


def cut_cell(text: str) -> Text:
    """Text from a file as a cell: one line, cut with ``…`` at the column's width when
    drawn (a plain cell is cut silently: "social-skill" for social-skills)."""
    return Text(safe_text(text), no_wrap=True, overflow="ellipsis", end="")


def note_cell(note: str) -> Text:
    """A note as a cell: one line, cut with ``…`` at the column's width when drawn."""
    return cut_cell(note)


class RecordTable(DataTable[object]):
    """Rows keyed by record id; the pane holding the table answers ``Act``."""

    HELP_TITLE = "Records"
    BINDINGS = [
        Binding("enter", "act('read')", "Read", id="records.read"),
        Binding("E", "act('edit')", "Edit entry", id="records.edit"),
        Binding("x,delete", "act('remove')", "Remove", id="records.remove"),
    ]

    class Act(Message):
        """Read, edit or remove the record with ``record_id``."""

        def __init__(self, table: RecordTable, action: str, record_id: str) -> None:
            super().__init__()
            self.table = table
            self.action = action
            self.record_id = record_id

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row")

    def add_note_column(self) -> None:
        """The note column, last; ``fit_notes`` gives it the width that is left."""
        self.add_column("note", key=NOTE.value, width=MIN_NOTE)
        self.fit_notes()

    def fit_notes(self) -> None:
        """Give the note column the width the other columns leave."""
        note = self.columns.get(NOTE)
        if note is None or not self.size.width:
            return
        others = sum(c.get_render_width(self) for c in self.ordered_columns if c.key != NOTE)
        room = self.scrollable_content_region.width - others - 2 * self.cell_padding
        width = max(MIN_NOTE, room)
        if width != note.width:
            note.width = width
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        self.fit_notes()

    def action_act(self, action: str) -> None:
        if self.row_count == 0:
            return
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        if key is not None:
            self.post_message(self.Act(self, action, str(key)))
