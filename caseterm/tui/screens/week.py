"""The week grid: rows are times of the school day (every 15 minutes), columns Monday to
Friday; each cell shows the slots meeting then. ``f`` cycles a provider filter; ``[`` and
``]`` step through the weeks (closures and exceptions apply to the week shown); ``a`` adds
a slot at the selected day and time, ``x`` removes the selected cell's slot (after a
confirmation), each through the store function ``caseterm schedule add`` / ``remove``
call (one commit)."""

from __future__ import annotations

from datetime import date, time, timedelta
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from caseterm.display import safe_text
from caseterm.model import vocab
from caseterm.model.fields import FieldError, check_slug, parse_time
from caseterm.model.schedule import EMPTY, Occurrence, Schedule, Slot, occurrences
from caseterm.store.actions.schedule import DAYS_FORM, add_slot, remove_slot
from caseterm.store.infra.save import Saved
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.footer import KeysFooter
from caseterm.tui.widgets.form import Field, choice_field, text_field
from caseterm.tui.widgets.requests import OpenConfirm, OpenForm

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


def parse_students(text: str) -> tuple[str, ...]:
    """Student ids separated by spaces or commas (several: a group)."""
    ids = tuple(t for t in text.replace(",", " ").split() if t)
    if not ids:
        raise FieldError("STUDENT", "name at least one student id, e.g. ava-m ben-k")
    return tuple(check_slug("STUDENT", i) for i in ids)


def parse_days(text: str) -> tuple[str, ...]:
    """Weekday names separated by commas or spaces, as ``--days`` takes them."""
    names = tuple(t.lower() for t in text.replace(",", " ").split() if t)
    if not names:
        raise FieldError("--days", f"name at least one weekday: {DAYS_FORM}")
    for name in names:
        if name not in vocab.WEEKDAYS:
            raise FieldError("--days", f"{name!r} is not a weekday; use {DAYS_FORM}")
    return names


def slot_label(slot: Slot) -> str:
    """A slot as a user recognises it, e.g. "speech Mon, Wed 09:00-09:30 ava-m, ben-k"."""
    days = ", ".join(d.title() for d in (vocab.WEEKDAYS[i] for i in slot.days))
    who = ", ".join(slot.students)
    return f"{slot.service} {days} {slot.start:%H:%M}-{slot.end:%H:%M} {who}"


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
        Binding("a", "add_slot", "Add slot", id="week.add"),
        Binding("x", "remove_slot", "Remove slot", id="week.remove"),
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
        text = "\n".join(lines[:3]) or "f: provider filter · [ ]: weeks · a: add a slot here"
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

    # --- adding and removing slots -----------------------------------------------------

    def _selected(self) -> tuple[int, int, list[Occurrence]]:
        """The selected cell: its weekday (0 = Monday), its minute of the day, and the
        occurrences meeting there."""
        table = self.query_one("#week-table", DataTable)
        row, col = table.cursor_coordinate.row, table.cursor_coordinate.column
        weekday = max(col - 1, 0)
        if not self.rows or row >= len(self.rows):
            return weekday, 9 * 60, []
        label, cells = self.rows[row]
        minute = int(label[:2]) * 60 + int(label[3:])
        return weekday, minute, cells[col - 1] if col > 0 else []

    def action_add_slot(self) -> None:
        """A form for ``caseterm schedule add``, starting at the selected day and time."""
        weekday, minute, _cell = self._selected()
        start = time(minute // 60, minute % 60)
        end_minute = min(minute + 30, 23 * 60 + 59)
        providers = [p.name for p in self._schedule().providers]
        provider = (
            Field(
                "provider",
                "Provider",
                choices=[(n, escape(safe_text(n)[:60])) for n in providers],
                default=self.provider or "",
                empty="",
            )
            if providers
            else text_field("provider", "Provider", self.provider or "")
        )
        fields = [
            Field(
                "students",
                "Students",
                parse_students,
                required=True,
                placeholder="ids, e.g. ava-m ben-k (several: a group)",
            ),
            Field(
                "service",
                "Service",
                partial(check_slug, "SERVICE"),
                required=True,
                placeholder="the service id in the plans, e.g. speech",
            ),
            Field("days", "Days", parse_days, vocab.WEEKDAYS[weekday], required=True),
            Field(
                "start", "Start", partial(parse_time, "--start"), f"{start:%H:%M}", required=True
            ),
            Field(
                "end",
                "End",
                partial(parse_time, "--end"),
                f"{end_minute // 60:02d}:{end_minute % 60:02d}",
                required=True,
            ),
            provider,
            text_field("location", "Location", placeholder="e.g. Room 114"),
            choice_field("setting", "Setting", [(k, k) for k in vocab.SLOT_SETTINGS]),
        ]
        self.post_message(OpenForm("Add a slot to the schedule", fields, self._save_slot))

    def _save_slot(self, values: dict[str, Any] | None) -> None:
        if values is None:
            return
        host = host_of(self)
        host.save(partial(add_slot, host.root, values))

    def action_remove_slot(self) -> None:
        """Remove the selected cell's slot after a confirmation; a cell with several
        slots first asks which."""
        _weekday, _minute, cell = self._selected()
        slots = list({o.slot.id: o.slot for o in cell}.values())
        if not slots:
            self.notify("No slot in the selected cell: move to one first.", severity="warning")
            return
        if len(slots) == 1:
            self._confirm_remove(slots[0])
            return
        by_id = {s.id: s for s in slots}
        choices = [(s.id, escape(safe_text(slot_label(s))[:60])) for s in slots]
        field = Field("slot", "Slot", choices=choices, required=True, pick=True)

        def chosen(values: dict[str, Any] | None) -> None:
            if values is not None and values["slot"] in by_id:
                self._confirm_remove(by_id[values["slot"]])

        self.post_message(OpenForm("Remove which slot?", [field], chosen))

    def _confirm_remove(self, slot: Slot) -> None:
        host = host_of(self)
        root = host.root

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def change() -> Saved:
                return remove_slot(root, slot.id)

            host.save(change)

        question = f"Remove the slot {safe_text(slot_label(slot))} from the schedule?"
        self.post_message(OpenConfirm(question, answered))
