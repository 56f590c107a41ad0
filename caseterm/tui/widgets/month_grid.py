"""A month of days, Monday to Sunday, each cell showing the day and a marker of its items,
or, when the cells have room (``TITLE_WIDTH`` columns, three lines), a line per item.
Each week takes a sixth of the lines the grid's height gives (two at least): taller rows,
rather than empty lines under the grid.

``move`` (the calendar screen binds it to the arrows and h j k l) or a click changes the
chosen day; the widget posts ``MonthGrid.Moved``. It only draws what it is given: items by
day, closures, which days are school days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from caseterm.model.dates import add_months
from caseterm.model.views.agenda import AgendaItem, month_weeks
from caseterm.tui.calendar_marks import NO_SCHOOL, TODAY, day_marker, item_lines

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
HEAD_LINES = 2
"""The month's name and the weekday names, above the weeks."""
TITLE_WIDTH = 10
"""From this many columns a cell (with three lines or more) lists its items by title."""
WEEKS = 6
"""The most weeks a month spans; the lines per week are the same for every month."""


def _always(_day: date) -> bool:
    return True


class MonthGrid(Widget, can_focus=True):
    """The chosen day's month; each week as many lines as the height gives (two at least:
    day numbers, then item markers or, when cells are wide enough, item titles)."""

    DEFAULT_CSS = """
    MonthGrid { height: 14; padding: 0 1; }
    MonthGrid:focus { text-style: none; }
    """

    chosen: reactive[date] = reactive(date(2000, 1, 1))

    class Moved(Message):
        """The chosen day changed."""

        def __init__(self, grid: MonthGrid, day: date) -> None:
            super().__init__()
            self.grid = grid
            self.day = day

        @property
        def control(self) -> MonthGrid:
            return self.grid

    def __init__(self, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.items: dict[date, list[AgendaItem]] = {}
        self.closed: dict[date, str] = {}
        self.school_day: Callable[[date], bool] = _always
        self.set_reactive(MonthGrid.chosen, today)

    def show(
        self,
        today: date,
        items: dict[date, list[AgendaItem]],
        closed: dict[date, str],
        school_day: Callable[[date], bool],
    ) -> None:
        """Draw these items and closures, as of ``today``."""
        self.today, self.items, self.closed, self.school_day = today, items, closed, school_day
        self.refresh()

    def watch_chosen(self, old: date, new: date) -> None:
        if old != new:
            self.post_message(self.Moved(self, new))

    # --- moving ----------------------------------------------------------------------

    def move(self, days: int) -> None:
        """The chosen day ``days`` days on (or back)."""
        self.chosen += timedelta(days=days)

    def move_months(self, months: int) -> None:
        """The same day (or the month's last) ``months`` months on."""
        self.chosen = add_months(self.chosen, months)

    def on_click(self, event: events.Click) -> None:
        weeks = month_weeks(self.chosen)
        row = (event.y - HEAD_LINES) // self._week_lines()
        column = event.x // self._cell_width()
        if 0 <= row < len(weeks) and 0 <= column < 7:
            day = weeks[row][column]
            if day.month == self.chosen.month:
                self.chosen = day

    # --- drawing ---------------------------------------------------------------------

    def _cell_width(self) -> int:
        return max(5, self.content_size.width // 7)

    @staticmethod
    def height_for(lines: int) -> int:
        """The grid's height in ``lines`` free lines: the weeks as tall as they fit (two
        lines at least) and no spare line inside, so what follows stays right under it."""
        return HEAD_LINES + WEEKS * max(2, (lines - HEAD_LINES) // WEEKS)

    def _week_lines(self) -> int:
        """Lines per week: the number, then markers or titles, then spare lines."""
        return max(2, (self.content_size.height - HEAD_LINES) // WEEKS)

    def shows_titles(self) -> bool:
        """Whether the cells are big enough to list their items by title."""
        lines = (self.content_size.height - HEAD_LINES) // WEEKS
        return self._cell_width() >= TITLE_WIDTH and lines >= 3

    def render(self) -> Text:
        width = self._cell_width()
        lines = self._week_lines()
        chosen = self.chosen
        out = Text(no_wrap=True, overflow="crop")
        out.append(f"{chosen:%B %Y}".center(7 * width).rstrip(), style="bold")
        out.append("\n")
        out.append("".join(f" {name}".ljust(width) for name in WEEKDAYS).rstrip(), style="dim")
        for week in month_weeks(chosen):
            rows = [Text() for _ in range(lines)]
            for day in week:
                for row, part in zip(rows, self._cell(day, chosen, width, lines), strict=True):
                    row.append_text(part)
            for row in rows:
                out.append("\n")
                out.append_text(row)
        return out

    def _cell(self, day: date, chosen: date, width: int, lines: int) -> list[Text]:
        """The ``lines`` lines of one day's cell, each ``width`` characters: the number,
        then a marker (two lines) or a line per item."""
        if day.month != chosen.month:
            return [Text(" " * width) for _ in range(lines)]
        picked = day == chosen
        left, right = ("[", "]") if picked else (" ", " ")
        style = "dim" if not self.school_day(day) else ""
        if day == self.today:
            style = "bold underline"
        number = Text(left)
        number.append(f"{day.day:>2}", style=style)
        number.append(right)
        number.append(TODAY if day == self.today else " ", style="bold")
        items = self.items.get(day, [])
        below = [Text(" ") for _ in range(lines - 1)]
        if day in self.closed:
            below[0].append(NO_SCHOOL, style="dim")
        elif items and not self.shows_titles():
            below[0].append_text(day_marker(items))
        elif items:
            below = item_lines(items, lines - 1, width)
        number.pad_right(width - number.cell_len)
        cell = [number, *below]
        for line in cell:
            line.truncate(width, pad=True)
            if picked:
                line.stylize("reverse")
        return cell
