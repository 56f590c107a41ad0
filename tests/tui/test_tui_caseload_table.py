"""The caseload table's own shortcuts agree with DataTable: places of rows, cells and
lines (every row is one line, so a place is an index), the rows in order, and cells kept
drawn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from caseterm.tui.widgets.caseload_table import CaseloadTable, Cells


def _rows(count: int, tag: str = "") -> list[tuple[str, Cells]]:
    return [(f"s{i}", (Text(f"Student {i}{tag}"), Text(str(i % 12)))) for i in range(count)]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CaseloadTable(id="students")

    def on_mount(self) -> None:
        table = self.query_one(CaseloadTable)
        table.add_column("Student", key="name", width=20)
        table.add_column("Gr", key="grade", width=3)
        table.focus()


@pytest.mark.parametrize("shown", [range(300), range(0, 300, 7)])
async def test_places_of_rows_cells_and_lines_agree_with_datatable(shown: range) -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(CaseloadTable)
        every = _rows(300)
        table.show_rows(every, None, whole=True)
        table.show_rows([every[i] for i in shown], None)
        await pilot.pause()
        table.move_cursor(row=table.row_count // 2)
        await pilot.pause()
        assert table.scroll_y > 0
        for row in (0, 1, table.row_count // 2, table.row_count - 1, table.row_count):
            assert table._get_row_region(row) == DataTable._get_row_region(table, row)
            for column in (0, 1, 2):
                place = Coordinate(row, column)
                assert table._get_cell_region(place) == DataTable._get_cell_region(table, place)
        for y in range(table.row_count + 1):
            assert table._get_offsets(y) == DataTable._get_offsets(table, y)
        assert table._total_row_height == DataTable._total_row_height.fget(table)  # type: ignore[attr-defined]
        keys = [table._row_locations.get_key(i) for i in range(table.row_count)]
        assert table.ordered_rows == [table.rows[key] for key in keys if key is not None]
        with pytest.raises(LookupError):
            table._get_offsets(table.row_count + 1)


async def test_a_changed_student_is_drawn_anew_and_then_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a save a student's cells are new objects: the table draws them (the new
    text is on screen) and keeps that drawing for the next time the same screen is shown
    (e.g. Esc after a filter)."""
    drawn: list[int] = []
    draw = DataTable._render_cell

    def counted(self: DataTable[Any], *args: Any, **kwargs: Any) -> list[list[Segment]]:
        drawn.append(args[0])
        return draw(self, *args, **kwargs)

    monkeypatch.setattr(DataTable, "_render_cell", counted)
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(CaseloadTable)
        before, after = _rows(50), _rows(50, " (saved)")
        table.show_rows(before, None, whole=True)
        await pilot.pause()
        table.show_rows(after, None, whole=True)
        await pilot.pause()
        assert table.get_row_at(3)[0].plain == "Student 3 (saved)"
        line = "".join(s.text for s in table.render_line(4))
        assert "Student 3 (saved)" in line
        table.show_rows(after[:10], None)
        await pilot.pause()
        drawn.clear()
        table.show_rows(after, None, whole=True)
        await pilot.pause()
        assert [row for row in drawn if row >= 0] == [], "every cell was kept drawn"


def _screen(table: CaseloadTable) -> list[str]:
    """The table's lines as the user sees them (the kept drawings where there are)."""
    return ["".join(s.text for s in table.render_line(y)) for y in range(table.size.height)]


def _fresh(table: CaseloadTable) -> list[list[Segment]]:
    """The table's lines drawn anew by DataTable itself (its caches emptied, the kept
    drawings set aside for the time and then put back)."""
    kept = table._drawn, table._lines
    table._drawn, table._lines = LRUCache(16), LRUCache(16)
    table._clear_caches()
    scroll_x, scroll_y = table.scroll_offset
    lines = []
    for y in range(table.size.height):
        line = y + scroll_y if y >= table.header_height else y
        strip = DataTable._render_line(
            table, line, scroll_x, scroll_x + table.size.width, table.rich_style
        )
        lines.append(list(strip))
    table._drawn, table._lines = kept
    return lines


async def test_kept_lines_are_the_lines_datatable_draws() -> None:
    """Lines and cells kept across refills (a filter key, Esc, a cursor move, a column
    made wider, a save) are exactly what DataTable draws afresh for the same state."""
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(CaseloadTable)
        every, saved = _rows(60), _rows(60, " (saved)")

        def narrower(rows: list[tuple[str, Cells]]) -> None:
            """As the caseload screen fits its columns to the terminal: new widths, then
            the rows cut to them (new cells)."""
            table.columns[ColumnKey("name")].width = 14
            table.show_rows(rows, "s30", whole=True)

        steps: list[Callable[[], object]] = [
            lambda: table.show_rows(every, None, whole=True),
            lambda: table.move_cursor(row=2),
            lambda: table.show_rows(every, "s2", keep=[i % 3 == 0 for i in range(60)]),
            lambda: table.show_rows(every, "s2", whole=True),
            lambda: table.move_cursor(row=30),
            lambda: table.show_rows(every, "s30", keep=[i % 2 == 0 for i in range(60)]),
            lambda: table.show_rows(every, "s30", whole=True),
            lambda: narrower(_rows(60)),
            lambda: table.show_rows(saved, "s30", whole=True),
        ]
        for step in steps:
            step()
            await pilot.pause()
            shown = [list(table.render_line(y)) for y in range(table.size.height)]
            seen = _screen(table)
            assert shown == _fresh(table), seen
        assert any(line.startswith(" Student 30 (s") for line in _screen(table))
