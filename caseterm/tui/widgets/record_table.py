"""A table of logged records: enter reads one in full, E edits it, x or delete removes it."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable


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

    def action_act(self, action: str) -> None:
        if self.row_count == 0:
            return
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        if key is not None:
            self.post_message(self.Act(self, action, str(key)))
