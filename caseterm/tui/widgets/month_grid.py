"""A month of days, Monday to Sunday, each cell showing the day and a marker of its items.

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
from caseterm.tui.calendar_marks import NO_SCHOOL, TODAY, day_marker

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
HEAD_LINES = 2
"""The month's name and the weekday names, above the weeks."""


def _always(_day: date) -> bool:
    return True


class MonthGrid(Widget, can_focus=True):
    """The chosen day's month; each week two lines: day numbers, then item markers."""

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
        row = (event.y - HEAD_LINES) // 2
        column = event.x // self._cell_width()
        if 0 <= row < len(weeks) and 0 <= column < 7:
            day = weeks[row][column]
            if day.month == self.chosen.month:
                self.chosen = day

    # --- drawing ---------------------------------------------------------------------

    def _cell_width(self) -> int:
        return max(5, min(10, self.content_size.width // 7))

    def render(self) -> Text:
        width = self._cell_width()
        chosen = self.chosen
        out = Text(no_wrap=True, overflow="crop")
        out.append(f"{chosen:%B %Y}".center(7 * width).rstrip(), style="bold")
        out.append("\n")
        out.append("".join(f" {name}".ljust(width) for name in WEEKDAYS).rstrip(), style="dim")
        for week in month_weeks(chosen):
            numbers, markers = Text(), Text()
            for day in week:
                number, marker = self._cell(day, chosen, width)
                numbers.append_text(number)
                markers.append_text(marker)
            out.append("\n")
            out.append_text(numbers)
            out.append("\n")
            out.append_text(markers)
        return out

    def _cell(self, day: date, chosen: date, width: int) -> tuple[Text, Text]:
        """The two lines of one day's cell, each ``width`` characters."""
        if day.month != chosen.month:
            return Text(" " * width), Text(" " * width)
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
        marker = Text(" ")
        if day in self.closed:
            marker.append(NO_SCHOOL, style="dim")
        elif items:
            marker.append_text(day_marker(items))
        number.pad_right(width - number.cell_len)
        marker.truncate(width, pad=True)
        if picked:
            number.stylize("reverse")
            marker.stylize("reverse")
        return number, marker
