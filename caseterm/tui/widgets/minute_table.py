"""A DataTable that shows a window of its columns: left/right past the window's edge ask the
screen to slide it (``MinuteTable.Edge``) instead of scrolling by characters, so a column is
never cut (a cut ``1200/1200`` would read ``1200/12``)."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable


class MinuteTable(DataTable[Text]):
    """Cell cursor, no cell padding (the screen sizes its columns with one blank between
    them); ``more_left``/``more_right`` say whether columns lie past the edges."""

    DEFAULT_CSS = """
    MinuteTable { overflow-x: hidden; }
    MinuteTable:nocolor > .datatable--cursor { text-style: reverse; }
    """

    class Edge(Message):
        """The cursor tried to leave the window: ``step`` -1 (left) or 1 (right)."""

        def __init__(self, table: MinuteTable, step: int) -> None:
            super().__init__()
            self.table = table
            self.step = step

        @property
        def control(self) -> MinuteTable:
            return self.table

    def __init__(self, *, fixed: int, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", fixed_columns=fixed, cell_padding=0)
        self.fixed = fixed
        self.more_left = False
        self.more_right = False

    def action_cursor_right(self) -> None:
        if self.more_right and self.cursor_column >= len(self.columns) - 1:
            self.post_message(self.Edge(self, 1))
        else:
            super().action_cursor_right()

    def action_cursor_left(self) -> None:
        if self.more_left and self.cursor_column == self.fixed:
            self.post_message(self.Edge(self, -1))
        else:
            super().action_cursor_left()
