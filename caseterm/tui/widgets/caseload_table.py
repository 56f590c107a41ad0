"""The caseload table: a DataTable whose rows are replaced in one step.

The caseload screen shows up to thousands of students and refills its table on every
filter key, sort and reload. ``DataTable.add_row`` does per-row work meant for tables that
grow (a cursor check and, on the next idle, every cell measured for column widths), about
0.3 ms a row. Here every column has a fixed width and every row is one line, so nothing
needs measuring: ``show_rows`` swaps the table's rows for new ones at once, keeping each
student's cells from the screen's row cache, and the table then draws only the lines in
view. The rest is a plain DataTable (cursor, keys, row keys, ``get_row``...). A filter
key passes flags (``keep``) over the screen's kept list of rows: the table picks its kept
entries of them and builds DataTable's maps with C loops, and sets its new height at once
(DataTable waits for the next idle and lays the whole screen out for it).

A refill also keeps what is already drawn: DataTable forgets every drawn cell and line
when its rows change, and drawing the ~170 cells of a screen costs tens of ms, which a
filter key or ``Esc`` would pay every time. ``_render_cell`` keeps cells by student,
column, place in the table, width and style, and ``_render_line`` keeps lines by student,
place, crop, column widths, style and whether the cursor is on them; a student whose
cells are new objects (after a save) is drawn again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress
from operator import is_, itemgetter
from typing import cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.css.styles import RenderStyles
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import ColumnKey, RowKey
from textual.widgets._data_table import Row as TableRow

Cells = tuple[Text, ...]
Entry = tuple[RowKey, dict[ColumnKey, Text], TableRow]
DRAWN_CELLS = 4096
"""Cells kept drawn across refills: a few screens' worth at any terminal size."""
DRAWN_LINES = 1024
"""Lines kept drawn across refills, likewise."""


class StudentKey(str, RowKey):
    """A row key that is also its student id: it hashes and compares as the string does
    (as a ``RowKey`` does), with ``str``'s own hash, so the table's maps of thousands of
    rows are built without a Python ``__hash__`` call per row."""


_KEY = itemgetter(0)
_KEY_CELLS = itemgetter(0, 1)
_KEY_ROW = itemgetter(0, 2)
_ROW = itemgetter(2)


Maps = tuple[
    dict[RowKey, dict[ColumnKey, Text]],
    dict[RowKey, TableRow],
    TwoWayDict[RowKey, int],
    list[TableRow],
]
"""What DataTable keeps of its rows: cells, rows and places by key, and the rows in order."""


def _maps(entries: list[Entry]) -> Maps:
    """DataTable's maps of ``entries``, each built by a C loop (no Python step per row)."""
    keys: list[RowKey] = list(map(_KEY, entries))
    locations: TwoWayDict[RowKey, int] = TwoWayDict({})  # its constructor inverts in Python
    locations._forward = dict(zip(keys, range(len(keys)), strict=True))
    locations._reverse = dict(enumerate(keys))
    data = dict(map(_KEY_CELLS, entries))
    return data, dict(map(_KEY_ROW, entries)), locations, list(map(_ROW, entries))


class _Drawing:
    """A component's styles while the table draws: its Rich style looked up once, any
    other attribute read from the styles themselves."""

    __slots__ = ("_styles", "rich_style")

    def __init__(self, styles: RenderStyles) -> None:
        self._styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str) -> object:
        return getattr(self._styles, name)


class CaseloadTable(DataTable[Text]):
    """A DataTable of fixed-width columns and one-line rows, refilled with ``show_rows``."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._shown: list[Entry] = []
        self._entries: dict[str, tuple[Cells, Entry]] = {}
        self._whole: tuple[object, list[Entry], Maps | None] | None = None
        """The kept unfiltered rows (the screen's list), their entries and maps."""
        self._lines: LRUCache[tuple[object, ...], tuple[dict[ColumnKey, Text], Strip]] = LRUCache(
            DRAWN_LINES
        )
        self._drawing: dict[tuple[str, ...], _Drawing] | None = None
        self._drawing_style: Style | None = None
        """The styles looked up during the current drawing (None between drawings)."""
        self._drawn: LRUCache[tuple[object, ...], tuple[Text, list[list[Segment]]]] = LRUCache(
            DRAWN_CELLS
        )

    # DataTable asks for its own and its components' Rich styles on every line it draws
    # (three walks up the DOM a line, a third of drawing a screen of rows); they cannot
    # change while it draws, so one drawing looks each up once.

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawing = {}
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = self._drawing_style = None

    @property
    def rich_style(self) -> Style:
        drawing = self._drawing
        if drawing is None:
            return super().rich_style
        if self._drawing_style is None:
            self._drawing_style = super().rich_style
        return self._drawing_style

    def get_component_styles(self, *names: str) -> RenderStyles:
        drawing = self._drawing
        if drawing is None:
            return super().get_component_styles(*names)
        kept = drawing.get(names)
        if kept is None:
            kept = drawing[names] = _Drawing(super().get_component_styles(*names))
        return cast(RenderStyles, kept)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A body cell as drawn before, if its text, place, width and style are the same
        (the place is in the key because a drawn cell carries its row number for clicks)."""
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:  # the header
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            row_key,
            column_key,
            row_index,
            column_index,
            base_style,
            width,
            cursor,
            hover,
            self._show_hover_cursor,
            self._pseudo_class_state,
            self.show_cursor,
        )
        cell = self._data[row_key][column_key]
        kept = self._drawn.get(key)
        if kept is not None and kept[0] is cell:
            return kept[1]
        lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        if kept is not None:  # LRUCache.set keeps an existing key's value: drop it first
            self._drawn.discard(key)
        self._drawn[key] = (cell, lines)
        return lines

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """A body line as drawn before, if its student's cells, place, crop, column
        widths, style and cursor (on this row or not) are the same: ``Esc`` after a filter
        shows the lines seen before it. DataTable forgets its lines on every refill."""
        header = self.header_height if self.show_header else 0
        row_key = self._row_locations.get_key(y - header) if y >= header else None
        if row_key is None or self.cursor_type != "row":
            return super()._render_line(y, x1, x2, base_style)
        row = y - header
        cursor, hover = self.cursor_coordinate, self.hover_coordinate
        key = (
            row_key,
            y,
            x1,
            x2,
            self.size.width,
            base_style,
            cursor.row == row,
            hover.row == row,
            self.show_cursor,
            self._show_hover_cursor,
            self._pseudo_class_state,
            tuple(column.get_render_width(self) for column in self.ordered_columns),
        )
        cells = self._data[row_key]
        kept = self._lines.get(key)
        if kept is not None and kept[0] is cells:
            return kept[1]
        strip = super()._render_line(y, x1, x2, base_style)
        if kept is not None:  # LRUCache.set keeps an existing key's value: drop it first
            self._lines.discard(key)
        self._lines[key] = (cells, strip)
        return strip

    # Every row is one line high, so a row's place is its index: DataTable sums the
    # heights of all the rows above (a list of every row, rebuilt after each refill) to
    # find a row, a cell or a line, which costs milliseconds at 5,000 rows on every key.

    @property
    def _total_row_height(self) -> int:
        return self.row_count

    def _get_offsets(self, y: int) -> tuple[RowKey, int]:
        if self.show_header:
            if y < self.header_height:
                return self._header_row_key, y
            y -= self.header_height
        key = self._row_locations.get_key(y) if y >= 0 else None
        if key is None:
            raise LookupError(f"Y coord {y!r} is outside the table")
        return key, 0

    def _get_row_region(self, row_index: int) -> Region:
        if not self.is_valid_row_index(row_index):
            return Region(0, 0, 0, 0)
        width = sum(c.get_render_width(self) for c in self.columns.values())
        width += self._row_label_column_width
        top = self.header_height if self.show_header else 0
        return Region(0, top + row_index, max(self.size.width, width), 1)

    def _get_cell_region(self, coordinate: Coordinate) -> Region:
        if not self.is_valid_coordinate(coordinate):
            return Region(0, 0, 0, 0)
        row_index, column_index = coordinate
        columns = self.ordered_columns
        x = sum(c.get_render_width(self) for c in columns[:column_index])
        x += self._row_label_column_width
        top = self.header_height if self.show_header else 0
        return Region(x, top + row_index, columns[column_index].get_render_width(self), 1)

    def _entry(self, student_id: str, cells: Cells, column_keys: list[ColumnKey]) -> Entry:
        kept = self._entries.get(student_id)
        if kept is not None and kept[0] is cells:
            return kept[1]
        key = StudentKey(student_id) if kept is None else kept[1][0]
        entry = (key, dict(zip(column_keys, cells, strict=False)), TableRow(key, 1))
        self._entries[student_id] = (cells, entry)
        return entry

    def _entries_of(self, rows: Sequence[tuple[str, Cells]]) -> list[Entry]:
        """The table's entry of each row, kept per student while its cells are the same
        objects."""
        column_keys = [column.key for column in self.ordered_columns]
        kept = self._entries.get
        return [
            known[1]
            if (known := kept(sid)) is not None and known[0] is cells
            else self._entry(sid, cells, column_keys)
            for sid, cells in rows
        ]

    def show_rows(
        self,
        rows: Sequence[tuple[str, Cells]],
        selected: str | None,
        whole: bool = False,
        keep: Iterable[object] | None = None,
    ) -> None:
        """Show ``rows`` (student id, cells) in this order; keep the cursor on ``selected``
        if it is shown, else on the first row. ``whole``: ``rows`` is the unfiltered list,
        kept (the same object) until the rows or their order change, so showing it again
        (``Esc`` after a filter) reuses the table's maps built for it. ``keep``: show only
        the rows of that kept list whose flag (in the same order) is true: a filter key
        then picks the table's entries of the kept list with no Python step per row."""
        if any(column.auto_width for column in self.columns.values()):
            raise ValueError("show_rows needs every column to have a fixed width")
        kept = None
        if whole or keep is not None:
            kept = self._whole
            if kept is None or kept[0] is not rows:
                kept = self._whole = (rows, self._entries_of(rows), None)
            entries = kept[1] if keep is None else list(compress(kept[1], keep))
        else:
            entries = self._entries_of(rows)
        if len(entries) == len(self._shown) and all(map(is_, entries, self._shown)):
            self._keep_cursor(selected)
            return
        self._shown = entries
        maps = kept[2] if kept is not None and keep is None else None
        if maps is None:
            maps = _maps(entries)
            if kept is not None and keep is None:
                self._whole = (rows, entries, maps)
        data, table_rows, locations, ordered = maps
        self._clear_caches()
        self._data = data
        self.rows = table_rows
        self._row_locations = locations
        self._new_rows.clear()
        self._updated_cells.clear()
        self._update_count += 1
        # DataTable.ordered_rows would build this list anew on every cursor move after a
        # refill (the cursor's scroll asks for it): give it the one at hand.
        self._ordered_row_cache[(len(table_rows), self._update_count)] = ordered
        self._resize_rows()
        self.hover_coordinate = Coordinate(0, 0)
        self.refresh()
        self.check_idle()
        self._keep_cursor(selected)

    def _resize_rows(self) -> None:
        """Give the table the height of its rows now, without a layout pass.

        DataTable sets its virtual size on the next idle (a layout pass of the screen,
        then another frame for the scrollbars). The table's own size does not depend on
        its rows, so the new height is set here and the scrollbars follow in the same
        frame; a scrollbar that appears or goes still lays the screen out (Textual does
        that when ``show_vertical_scrollbar`` changes)."""
        header = self.header_height if self.show_header else 0
        size = Size(self.virtual_size.width, self.row_count + header)
        if not self.container_size or not self.virtual_size.width:
            self._require_update_dimensions = True  # not laid out yet: DataTable's way
        elif size != self.virtual_size:
            self.set_reactive(DataTable.virtual_size, size)
            self._scroll_update(size)

    def _keep_cursor(self, selected: str | None) -> None:
        kept = None if selected is None else self._entries.get(selected)
        cursor = 0 if kept is None else self._row_locations.get(kept[1][0])
        self.move_cursor(row=cursor or 0, animate=False)
