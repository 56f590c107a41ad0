"""Calendar: the caseload's open deadlines and scheduled meetings on a month grid, with an
agenda of the chosen day or week; enter on an agenda item opens the student."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from caseterm.display import safe_text
from caseterm.model.minutes import week_of
from caseterm.model.views.agenda import AgendaItem, agenda_items, between, by_day, closures
from caseterm.tui.calendar_marks import STATUS_SHAPE, agenda_prompt, legend, short_date
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.footer import KeysFooter
from caseterm.tui.widgets.month_grid import MonthGrid

NARROW = 78
"""Below this many columns the agenda goes under the grid instead of beside it."""
WIDE = 100
"""From this many columns the grid's cells are wider."""
ROOMY = (110, 34)
"""From this many columns and lines the grid takes the room the agenda leaves, and its
cells list their items by title."""
AROUND_GRID = 2 + 3
"""Lines the screen holds beside the grid's: header and footer, counts and legend (2 lines)."""


def closure_lines(closed: dict[date, str], days: Iterable[date]) -> list[str]:
    """``No school: winter break`` when every weekday shown is closed for it, else
    ``No school Wed–Fri: Thanksgiving break`` naming the days."""
    weekdays = [d for d in days if d.weekday() < 5]
    by_name: dict[str, list[date]] = {}
    for day in weekdays:
        if day in closed:
            by_name.setdefault(closed[day], []).append(day)
    lines = []
    for name, off in sorted(by_name.items(), key=lambda item: item[1][0]):
        if len(off) == len(weekdays):
            lines.append(f"No school: {safe_text(name)}")
            continue
        contiguous = (off[-1] - off[0]).days == len(off) - 1
        if contiguous and len(off) > 1:
            which = f"{off[0]:%a}–{off[-1]:%a}"
        else:
            which = ", ".join(f"{d:%a}" for d in off)
        lines.append(f"No school {which}: {safe_text(name)}")
    return lines


class CalendarScreen(Screen[None]):
    """Deadlines and meetings by month; the agenda lists the chosen day or week."""

    CSS_PATH = "../calendar.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left,h",
            "move(-1)",
            "Previous day",
            show=False,
            key_display="← h",
            id="calendar.previous_day",
        ),
        Binding(
            "right,l", "move(1)", "Next day", show=False, key_display="→ l", id="calendar.next_day"
        ),
        Binding(
            "up,k",
            "move(-7)",
            "Previous week",
            show=False,
            key_display="↑ k",
            id="calendar.previous_week",
        ),
        Binding(
            "down,j", "move(7)", "Next week", show=False, key_display="↓ j", id="calendar.next_week"
        ),
        Binding("escape", "back", "Back", id="calendar.back"),
        Binding(
            "pageup,left_square_bracket",
            "month(-1)",
            "Previous month",
            show=False,
            key_display="pgup [",
            id="calendar.previous_month",
        ),
        Binding(
            "pagedown,right_square_bracket",
            "month(1)",
            "Month",
            key_display="[ ]",
            id="calendar.next_month",
        ),
        Binding("t", "today", "Today", id="calendar.today"),
        Binding("w", "span", "Day/week", id="calendar.span"),
        Binding("enter", "agenda", "Agenda", id="calendar.agenda"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: State | None = None
        self.items: list[AgendaItem] = []
        self.closed: dict[date, str] = {}
        self.span = "week"
        self.shown: list[AgendaItem] = []
        self._ready = False

    def compose(self) -> ComposeResult:
        app = host_of(self)
        today = app.state.today if app.state is not None else app.today()
        yield Header()
        with Horizontal(id="calendar-body"):
            with Vertical(id="calendar-left"):
                yield MonthGrid(today, id="month-grid")
                yield Static("", id="calendar-counts")
                yield Static("", id="calendar-legend")
            with Vertical(id="agenda-box"):
                yield Static("", id="agenda-title")
                yield OptionList(id="agenda", markup=False)
                yield Static("", id="agenda-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)
        self.query_one(MonthGrid).focus()
        self._ready = True
        app = host_of(self)
        if self.state is None and app.state is not None:
            self.show_state(app.state)
        elif self.state is not None:
            self.query_one(MonthGrid).chosen = self.state.today
            self._redraw()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        self.set_class(width < NARROW, "-narrow")
        self.set_class(width >= WIDE, "-wide")
        roomy = width >= ROOMY[0] and height >= ROOMY[1]
        self.set_class(roomy, "-roomy")
        for grid in self.query(MonthGrid):
            if roomy or width < NARROW:
                grid.styles.height = None  # calendar.tcss: 1fr, or 14 above the agenda
            else:
                grid.styles.height = MonthGrid.height_for(height - AROUND_GRID)

    # --- state -----------------------------------------------------------------------

    def show_state(self, state: State) -> None:
        first = self.state is None
        self.state = state
        settings = state.loaded.caseload.settings
        self.items = agenda_items(state.overview.students, state.today, settings.due_soon_days)
        self.closed = closures(state.loaded.caseload.calendars, date.min, date.max)
        if self._ready:
            if first:
                self.query_one(MonthGrid).chosen = state.today
            self._redraw()

    def _redraw(self) -> None:
        state = self.state
        if state is None:
            return
        grid = self.query_one(MonthGrid)
        grid.show(state.today, by_day(self.items), self.closed, state.overview.days.is_school_day)
        due_soon_days = state.loaded.caseload.settings.due_soon_days
        self.query_one("#calendar-legend", Static).update(legend(due_soon_days))
        self.query_one("#calendar-counts", Static).update(self._counts(due_soon_days))
        self._fill_agenda()

    def _counts(self, due_soon_days: int) -> Text:
        text = Text()
        for status, word in (("overdue", "overdue"), ("due-soon", f"due in {due_soon_days}d")):
            shape, style = STATUS_SHAPE[status]
            count = sum(item.status == status for item in self.items)
            text.append(f"{shape} {count} {word}", style=style if count else "")
            text.append("   ")
        return text

    # --- the agenda ------------------------------------------------------------------

    def _span_days(self) -> tuple[date, date]:
        chosen = self.query_one(MonthGrid).chosen
        if self.span == "week":
            week = week_of(chosen)
            return week.first, week.last
        return chosen, chosen

    def _fill_agenda(self) -> None:
        chosen = self.query_one(MonthGrid).chosen
        first, last = self._span_days()
        self.shown = between(self.items, first, last)
        title = Text(
            f"Week of {short_date(first)}" if self.span == "week" else short_date(first),
            style="bold",
        )
        count = len(self.shown)
        title.append(f" · {count} item{'s' if count != 1 else ''}")
        for line in closure_lines(self.closed, _days(first, last)):
            title.append("\n" + line, style="dim")
        self.query_one("#agenda-title", Static).update(title)
        agenda = self.query_one("#agenda", OptionList)
        agenda.clear_options()
        if not self.shown:
            empty = Text("Nothing due and no meetings.", style="dim")
            agenda.add_option(Option(empty, disabled=True))
            self.query_one("#agenda-detail", Static).update("")
            return
        agenda.add_options(
            Option(agenda_prompt(item), id=str(n)) for n, item in enumerate(self.shown)
        )
        at = next((n for n, item in enumerate(self.shown) if item.day >= chosen), 0)
        agenda.highlighted = at

    @on(OptionList.OptionHighlighted, "#agenda")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        item = self._item(event.option_id)
        detail = Text()  # muted by its CSS; dim as well would be 3.7:1
        if item is not None:
            detail.append(safe_text(item.detail))
            if item.rule:
                detail.append(f" ({item.rule})" if item.detail else item.rule)
        self.query_one("#agenda-detail", Static).update(detail)

    @on(OptionList.OptionSelected, "#agenda")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        item = self._item(event.option_id)
        if item is not None:
            host_of(self).open_student(item.student, "log" if item.is_meeting else "overview")

    def _item(self, option_id: str | None) -> AgendaItem | None:
        if option_id is None or not option_id.isdigit() or int(option_id) >= len(self.shown):
            return None
        return self.shown[int(option_id)]

    @on(MonthGrid.Moved)
    def _moved(self) -> None:
        if self.state is not None:
            self._fill_agenda()

    # --- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Day and week moves belong to the grid: off while the agenda has the focus."""
        if action == "move":
            agenda = self.query("#agenda")
            return not (agenda and agenda.first().has_focus)
        return True

    def action_move(self, days: int) -> None:
        self.query_one(MonthGrid).move(days)

    def action_month(self, months: int) -> None:
        self.query_one(MonthGrid).move_months(months)

    def action_today(self) -> None:
        if self.state is not None:
            self.query_one(MonthGrid).chosen = self.state.today

    def action_span(self) -> None:
        self.span = "day" if self.span == "week" else "week"
        self._fill_agenda()

    def action_agenda(self) -> None:
        agenda = self.query_one("#agenda", OptionList)
        if self.shown:
            agenda.focus()

    def action_back(self) -> None:
        if self.query_one("#agenda", OptionList).has_focus:
            self.query_one(MonthGrid).focus()
        else:
            self.dismiss()


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
