"""The week grid: rows are times of the school day (every 15 minutes), columns Monday to
Friday; each cell shows the slots meeting then. ``f`` cycles a provider filter; ``[`` and
``]`` step through the weeks (closures and exceptions apply to the week shown)."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from caseterm.display import safe_text
from caseterm.model.schedule import EMPTY, Occurrence, Schedule, occurrences
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.footer import KeysFooter

STEP = 15
"""Minutes per row."""
DAY_WIDTH = 13
"""Columns per weekday: 5 x 13 + the time column fit an 80-column terminal."""


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _label(occ: Occurrence) -> str:
    slot = occ.slot
    who = f"{len(slot.students)} students" if slot.group else slot.students[0]
    return f"{slot.service} {who}"


def grid_rows(
    found: list[Occurrence], monday: date, first: int, last: int
) -> list[tuple[str, list[list[Occurrence]]]]:
    """One row per ``STEP`` minutes from ``first`` to ``last`` (minutes of the day): the
    occurrences meeting then on each weekday, Monday to Friday."""
    rows = []
    for start in range(first, last, STEP):
        cells: list[list[Occurrence]] = []
        for offset in range(5):
            day = monday + timedelta(days=offset)
            cells.append(
                [
                    o
                    for o in found
                    if o.date == day
                    and _minutes(o.start) < start + STEP
                    and _minutes(o.end) > start
                ]
            )
        rows.append((f"{start // 60:02d}:{start % 60:02d}", cells))
    return rows


class WeekScreen(Screen[None]):
    """The week's schedule on a grid of times by weekdays."""

    CSS_PATH = "../week.tcss"
    HELP_TITLE = "Week grid"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="week.back"),
        Binding("f", "filter", "Provider", id="week.filter"),
        Binding(
            "left_square_bracket",
            "step(-7)",
            "Previous week",
            show=False,
            key_display="[",
            id="week.previous",
        ),
        Binding("right_square_bracket", "step(7)", "Week", key_display="[ ]", id="week.next"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: State | None = None
        self.monday: date | None = None
        self.provider: str | None = None
        self.found: list[Occurrence] = []
        self.rows: list[tuple[str, list[list[Occurrence]]]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="week-title", markup=False)
        yield DataTable(id="week-table", cursor_type="cell")
        yield Static("", id="week-detail", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#week-table", DataTable).focus()
        host_of(self).show_current(self)

    def show_state(self, state: State) -> None:
        self.state = state
        if self.monday is None:
            self.monday = state.today - timedelta(days=state.today.weekday())
        self._fill()

    def _schedule(self) -> Schedule:
        return (self.state.loaded.schedule if self.state is not None else None) or EMPTY

    def _providers(self) -> list[str]:
        return sorted({s.provider for s in self._schedule().slots if s.provider})

    def _fill(self) -> None:
        state, monday = self.state, self.monday
        if state is None or monday is None:
            return
        schedule = self._schedule()
        if self.provider is not None:
            kept = tuple(s for s in schedule.slots if s.provider == self.provider)
            schedule = Schedule(schedule.school_day, schedule.providers, kept, schedule.exceptions)
        self.found = occurrences(schedule, state.overview.days, monday, monday + timedelta(days=4))
        day = schedule.school_day
        first = (
            _minutes(day.start)
            if day
            else min((_minutes(o.start) for o in self.found), default=480)
        )
        last = _minutes(day.end) if day else max((_minutes(o.end) for o in self.found), default=900)
        first -= first % STEP
        self.rows = grid_rows(self.found, monday, first, last)
        table = self.query_one("#week-table", DataTable)
        table.clear(columns=True)
        table.add_column("", key="time", width=5)
        for offset in range(5):
            day_date = monday + timedelta(days=offset)
            closed = "" if state.overview.days.is_school_day(day_date) else " ✕"
            table.add_column(f"{day_date:%a %d}{closed}", key=f"d{offset}", width=DAY_WIDTH - 2)
        for label, cells in self.rows:
            table.add_row(Text(label, style="dim"), *(self._cell(c) for c in cells))
        who = self.provider or "all providers"
        self.query_one("#week-title", Static).update(
            Text(
                f"Week of {monday:%a %Y-%m-%d} · {who} · {len(self.found)} sessions",
                style="bold",
            )
        )
        self._detail()

    def _cell(self, cell: list[Occurrence]) -> Text:
        if not cell:
            return Text("")
        if len(cell) == 1:
            return Text(safe_text(_label(cell[0])))
        return Text(f"{len(cell)}: " + safe_text(", ".join(o.slot.service for o in cell)))

    @on(DataTable.CellHighlighted)
    def _highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        table = self.query_one("#week-table", DataTable)
        coordinate = table.cursor_coordinate
        lines = []
        if self.rows and coordinate.row < len(self.rows) and coordinate.column > 0:
            for o in self.rows[coordinate.row][1][coordinate.column - 1]:
                slot = o.slot
                lines.append(
                    f"{o.start:%H:%M}-{o.end:%H:%M} {slot.service} · {slot.provider} · "
                    f"{', '.join(slot.students)} · {slot.location}"
                )
        text = "\n".join(lines[:3]) or "f: provider filter · [ ]: weeks"
        self.query_one("#week-detail", Static).update(safe_text(text))

    def action_filter(self) -> None:
        providers = self._providers()
        if not providers:
            return
        if self.provider is None:
            self.provider = providers[0]
        else:
            index = providers.index(self.provider) + 1 if self.provider in providers else 0
            self.provider = providers[index] if index < len(providers) else None
        self._fill()

    def action_step(self, days: int) -> None:
        if self.monday is not None:
            self.monday += timedelta(days=days)
            self._fill()

    def action_back(self) -> None:
        self.app.pop_screen()
