"""Minutes: every student's service minutes week by week over a month or a reporting
period, with totals, shortfalls and owed make-ups; enter opens the student's services.

The engine's grid and its formatting are computed in a thread worker (500 students take
a few hundred milliseconds); the screen only fills the table.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from caseterm.model.dates import add_months
from caseterm.model.minutes import Period, month_of
from caseterm.model.records import ReportingPeriod
from caseterm.model.views.minute_grid import MinuteGrid, minute_grid, reporting_period_at
from caseterm.tui.host import host_of
from caseterm.tui.minute_cells import (
    FIXED,
    LEGEND,
    Sheet,
    detail,
    sheet_of,
    sums_detail,
    week_name,
    week_window,
)
from caseterm.tui.state import State
from caseterm.tui.widgets.footer import KeysFooter
from caseterm.tui.widgets.minute_table import MinuteTable

SCROLLBAR = 2
"""Columns kept free for the table's vertical scrollbar."""


class MinutesScreen(Screen[None]):
    """Rows per student and service: the period's total, owed minutes, then each week."""

    CSS_PATH = "../minutes.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="minutes.back"),
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Previous month or period",
            show=False,
            key_display="[",
            id="minutes.previous",
        ),
        Binding(
            "right_square_bracket", "step(1)", "Prev/next", key_display="[ ]", id="minutes.next"
        ),
        Binding("p", "period", "Month/period", id="minutes.period"),
        Binding("s", "short", "Short only", id="minutes.short"),
        Binding("t", "today", "This month", show=False, id="minutes.today"),
        Binding("enter", "open", "Open", show=False, priority=True, id="minutes.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: State | None = None
        self.month: date | None = None
        self.report: int | None = None
        self.by_report = False
        self.short_only = False
        self.sheet: Sheet | None = None
        self.first_week = 0
        self._request = 0
        self._ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="minutes-title")
        yield MinuteTable(fixed=FIXED, id="minutes-table")
        yield Static("", id="minutes-detail")
        yield Static(LEGEND, id="minutes-legend")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(MinuteTable).focus()
        self._ready = True
        app = host_of(self)
        if self.state is None and app.state is not None:
            self.show_state(app.state)
        elif self.state is not None:
            self._compute()

    # --- what to show ----------------------------------------------------------------

    def show_state(self, state: State) -> None:
        self.state = state
        if self.month is None:
            self.month = state.today.replace(day=1)
        if self._ready:
            self._compute()

    def _periods(self) -> list[ReportingPeriod]:
        if self.state is None:
            return []
        return sorted(self.state.loaded.caseload.settings.reporting_periods, key=lambda p: p.start)

    def _period(self) -> tuple[Period, str, str]:
        """The period shown, its title, and the total column's header."""
        periods = self._periods()
        if self.by_report and self.report is not None and self.report < len(periods):
            rp = periods[self.report]
            span = f"{rp.start:%b} {rp.start.day} to {rp.end:%b} {rp.end.day}"
            return Period(rp.start, rp.end), f"{rp.name} ({span})", rp.name
        month = self.month or date.today().replace(day=1)
        return month_of(month), f"{month:%B %Y}", "Month"

    def _compute(self, grid: MinuteGrid | None = None) -> None:
        """Reconcile the period (or reuse ``grid``) and format it, in a worker."""
        state = self.state
        if state is None:
            return
        period, title, total = self._period()
        self._request += 1
        self.query_one("#minutes-title", Static).update(
            Text(f"Service minutes · {title} · counting…", style="bold")
        )
        self._prepare(state, period, grid, total, self.short_only, self._request)

    @work(thread=True, exclusive=True, group="minutes")
    def _prepare(
        self,
        state: State,
        period: Period,
        grid: MinuteGrid | None,
        total: str,
        short_only: bool,
        request: int,
    ) -> None:
        if grid is None:
            caseload = state.loaded.caseload
            students = state.students_with_sessions(period)
            grid = minute_grid(
                students, period, caseload.settings, state.overview.days, state.today
            )
        sheet = sheet_of(grid, total, short_only)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, sheet, request)

    # --- drawing ---------------------------------------------------------------------

    def _show(self, sheet: Sheet, request: int) -> None:
        if request != self._request or not self.is_attached:
            return
        key, column = self._cursor()
        before = self.sheet
        self.sheet = sheet
        if column is None or before is None:
            column = FIXED + self._week_holding(sheet.grid, sheet.grid.today)
        elif column >= FIXED and before.grid.period != sheet.grid.period:
            # Another period: stay on the same week if it has it, else go to this week.
            day = before.grid.weeks[min(column - FIXED, len(before.grid.weeks) - 1)].last
            column = FIXED + self._week_holding(sheet.grid, day, sheet.grid.today)
        self._draw(key, column)
        self._title()

    def _cursor(self) -> tuple[str | None, int | None]:
        """The row key and the column (counting every week, shown or not) of the cursor."""
        table = self.query_one(MinuteTable)
        if table.row_count == 0 or self.sheet is None:
            return None, None
        column = table.cursor_column
        if column >= FIXED:
            column += self.first_week
        return self._selected_key(), column

    def _draw(self, key: str | None, column: int) -> None:
        """Fill the table with the fixed columns and the weeks that fit beside them."""
        sheet = self.sheet
        if sheet is None:
            return
        table = self.query_one(MinuteTable)
        widths = sheet.widths
        room = (self.size.width or self.app.size.width) - sum(widths[:FIXED]) - SCROLLBAR
        wanted = column - FIXED if column >= FIXED else self.first_week
        start, stop = week_window(widths[FIXED:], room, self.first_week, wanted)
        self.first_week = start
        table.more_left, table.more_right = start > 0, stop < len(widths) - FIXED
        shown = [*range(FIXED), *range(FIXED + start, FIXED + stop)]
        table.clear(columns=True)
        for n in shown:
            header = sheet.headers[n].copy()
            if n == FIXED + start and table.more_left:
                header = Text("◀", justify="right") + header
            if n == FIXED + stop - 1 and table.more_right:
                header.append("▶")
            table.add_column(header, width=widths[n], key=f"c{n}")
        keys = []
        for row_key, cells in sheet.cells:
            table.add_row(*(cells[n] for n in shown), key=row_key)
            keys.append(row_key)
        row = keys.index(key) if key in keys else 0
        at = column if column < FIXED else shown.index(column) if column in shown else FIXED
        table.move_cursor(row=row, column=at, animate=False)
        self._show_detail()

    def _title(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        grid = sheet.grid
        text = Text(f"Service minutes · {self._period()[1]}", style="bold")
        if grid.period.first <= grid.today < grid.period.last:
            text.append(f" · through {grid.today:%a %b} {grid.today.day}")
        shorts = sum(row.short for row in grid.rows)
        text.append(f" · {len(grid.rows)} services, {shorts} short")
        if self.short_only:
            text.append(" · short only")
        self.query_one("#minutes-title", Static).update(text)

    @staticmethod
    def _week_holding(grid: MinuteGrid, *days: date) -> int:
        """The week holding the first of ``days`` that the grid has, else the first week."""
        for day in days:
            for n, week in enumerate(grid.weeks):
                if week.first <= day <= week.last:
                    return n
        return 0

    def _selected_key(self) -> str | None:
        table = self.query_one(MinuteTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    def _show_detail(self) -> None:
        box = self.query_one("#minutes-detail", Static)
        sheet = self.sheet
        if sheet is None:
            box.update("")
            return
        grid = sheet.grid
        at = self.query_one(MinuteTable).cursor_column
        week = at - FIXED + self.first_week if at >= FIXED else -1
        in_week = 0 <= week < len(grid.weeks)
        span = f"Week of {week_name(grid.weeks[week])}" if in_week else self._period()[1]
        key = self._selected_key() or ""
        row = sheet.rows.get(key)
        if row is not None:
            box.update(detail(row, row.weeks[week] if in_week else row.total, span))
        elif key.startswith("sum."):
            box.update(sums_detail(grid.week_sums()[week] if in_week else grid.sums(), span))
        else:
            box.update("")

    @on(DataTable.CellHighlighted, "#minutes-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.CellSelected, "#minutes-table")
    def _selected(self, event: DataTable.CellSelected) -> None:
        row_key = event.cell_key.row_key.value
        self._open(None if row_key is None else str(row_key))

    @on(MinuteTable.Edge)
    def _edge(self, event: MinuteTable.Edge) -> None:
        key, column = self._cursor()
        if column is not None:
            self.first_week += event.step
            self._draw(key, column + event.step)

    def on_resize(self) -> None:
        key, column = self._cursor()
        if column is not None:
            self._draw(key, column)

    def _open(self, key: str | None) -> None:
        row = self.sheet.rows.get(key or "") if self.sheet is not None else None
        if row is not None:
            host_of(self).open_student(row.student, "services")

    # --- actions ---------------------------------------------------------------------

    def action_open(self) -> None:
        self._open(self._selected_key())

    def action_step(self, steps: int) -> None:
        if self.by_report:
            periods = self._periods()
            if self.report is not None and periods:
                self.report = max(0, min(len(periods) - 1, self.report + steps))
        elif self.month is not None:
            self.month = add_months(self.month, steps)
        self._compute()

    def action_period(self) -> None:
        if self.state is None:
            return
        periods = self._periods()
        if not periods:
            self.notify("No reporting periods: add [[reporting_period]] tables to caseterm.toml.")
            return
        self.by_report = not self.by_report
        if self.by_report:
            self.report = reporting_period_at(periods, self.month or self.state.today)
        self._compute()

    def action_short(self) -> None:
        self.short_only = not self.short_only
        self._compute(self.sheet.grid if self.sheet is not None else None)

    def action_today(self) -> None:
        if self.state is not None:
            self.by_report = False
            self.month = self.state.today.replace(day=1)
            self._compute()

    def action_back(self) -> None:
        self.dismiss()
