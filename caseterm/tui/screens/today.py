"""Today: the day's scheduled sessions, each logged with one key.

``d`` delivered as scheduled, ``a`` student absent, ``p`` provider absent, ``o`` school
closed, ``e`` minutes, absent students and a note; ``u`` logs a make-up of a missed one;
``w`` opens the week grid.
A group slot is logged for every student at once: one change, one commit across their
``sessions.toml`` files (``store.actions.schedule.log_occurrence``, as ``caseterm
schedule log``). ``[`` and ``]`` step through the days. Unscheduled sessions are still
logged from a student's Services tab.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from caseterm.display import safe_text
from caseterm.model import vocab
from caseterm.model.fields import FieldError, check_slug, parse_minutes
from caseterm.model.minutes import Period
from caseterm.model.schedule import EMPTY, Schedule, Scheduled, Slot, scheduled_sessions
from caseterm.store.actions.schedule import log_occurrence
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.save import Saved
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.footer import KeysFooter
from caseterm.tui.widgets.form import Field, choice_field, date_field, text_field
from caseterm.tui.widgets.requests import OpenForm

LOGGED_STYLE = {"not logged": "bold", "delivered": "green", "makeup": "green"}
STATUS_KEYS = {
    "delivered": "delivered as scheduled",
    "student-absent": "student absent",
    "provider-absent": "provider absent",
    "school-closed": "school closed",
}


def schedule_of(state: State) -> Schedule:
    """The caseload's schedule as loaded with the state (empty without one)."""
    return state.loaded.schedule or EMPTY


def day_sessions(state: State, day: date) -> list[Scheduled]:
    """The scheduled sessions of ``day`` with each student's logging status."""
    students = state.students_with_sessions(Period(day, day))
    sessions = {s.id: s.sessions for s in students}
    return scheduled_sessions(schedule_of(state), sessions, state.overview.days, day, day)


def _students_text(slot: Slot) -> str:
    names = ", ".join(slot.students)
    return f"{names} (group of {len(slot.students)})" if slot.group else names


class TodayScreen(Screen[None]):
    """The day's scheduled sessions; one key logs the selected one."""

    CSS_PATH = "../today.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="today.back"),
        Binding("d", "log('delivered')", "Delivered", id="today.delivered"),
        Binding("a", "log('student-absent')", "Absent", id="today.absent"),
        Binding("p", "log('provider-absent')", "Provider absent", id="today.provider"),
        Binding("o", "log('school-closed')", "Closed", id="today.closed"),
        Binding("e", "edit", "Edit", id="today.edit"),
        Binding("u", "makeup", "Make-up", id="today.makeup"),
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Previous day",
            show=False,
            key_display="[",
            id="today.previous",
        ),
        Binding("right_square_bracket", "step(1)", "Day", key_display="[ ]", id="today.next"),
        Binding("t", "today", "Today", show=False, id="today.today"),
        Binding("w", "app.week_grid", "Week grid", id="today.week"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: State | None = None
        self.day: date | None = None
        self.rows: list[Scheduled] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="today-title", markup=False)
        yield DataTable(id="today-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="today-detail", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#today-table", DataTable)
        for key, label, width in (
            ("time", "Time", 11),
            ("service", "Service", 12),
            ("provider", "Provider", 14),
            ("students", "Students", 24),
            ("status", "Status", 14),
        ):
            table.add_column(label, key=key, width=width)
        table.focus()
        host_of(self).show_current(self)

    def show_state(self, state: State) -> None:
        self.state = state
        if self.day is None:
            self.day = state.today
        self._fill()

    # --- drawing ---------------------------------------------------------------------

    def _fill(self) -> None:
        state, day = self.state, self.day
        if state is None or day is None:
            return
        table = self.query_one("#today-table", DataTable)
        selected = table.cursor_row if table.row_count else 0
        self.rows = day_sessions(state, day)
        table.clear()
        for item in self.rows:
            occ, slot = item.occurrence, item.occurrence.slot
            status = item.status
            style = LOGGED_STYLE.get(status, "yellow" if item.missed else "")
            table.add_row(
                Text(f"{occ.start:%H:%M}-{occ.end:%H:%M}"),
                Text(safe_text(slot.service)),
                Text(safe_text(slot.provider)),
                Text(safe_text(_students_text(slot))),
                Text(safe_text(status), style=style),
                key=f"{slot.id}@{occ.date.isoformat()}",
            )
        if self.rows:
            table.move_cursor(row=min(selected, len(self.rows) - 1))
        done = sum(item.logged for item in self.rows)
        closed = "" if state.overview.days.is_school_day(day) else " · no school"
        when = "today" if day == state.today else f"{day:%a} {day.isoformat()}"
        self.query_one("#today-title", Static).update(
            Text(
                f"{when.capitalize()}: {len(self.rows)} scheduled sessions, {done} logged{closed}",
                style="bold",
            )
        )
        self._detail()

    def _selected(self) -> Scheduled | None:
        table = self.query_one("#today-table", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        item = self._selected()
        if item is None:
            text = "No sessions scheduled this day." if self.state is not None else ""
            self.query_one("#today-detail", Static).update(text)
            return
        slot = item.occurrence.slot
        where = f"{slot.location} · " if slot.location else ""
        moved = f" · moved from {item.occurrence.moved_from}" if item.occurrence.moved_from else ""
        who = "  ".join(f"{a.student}: {a.status}" for a in item.attendees)
        self.query_one("#today-detail", Static).update(
            safe_text(f"{where}{slot.setting}{moved}\n{who}")
        )

    # --- logging ---------------------------------------------------------------------

    def _loggable(self) -> Scheduled | None:
        item = self._selected()
        if item is None:
            self.notify("No scheduled session here.", markup=False)
            return None
        if any(a.session is not None for a in item.attendees):
            self.notify(
                "Already logged: remove it from the student's Services tab to log it again.",
                markup=False,
            )
            return None
        return item

    def action_log(self, status: str) -> None:
        item = self._loggable()
        if item is not None:
            self._save(item, status)

    def _save(
        self,
        item: Scheduled,
        status: str,
        minutes: int | None = None,
        absent: tuple[str, ...] = (),
        note: str = "",
    ) -> None:
        app = host_of(self)
        slot, on_day = item.occurrence.slot, item.occurrence.date
        minutes = item.occurrence.minutes if minutes is None else minutes

        def change() -> Saved:
            return log_occurrence(app.root, slot, on_day, status, minutes, note, absent)

        app.save(change)

    def action_edit(self) -> None:
        item = self._loggable()
        if item is None:
            return
        slot = item.occurrence.slot
        fields = [
            Field(
                "minutes",
                "Minutes",
                partial(parse_minutes, "minutes"),
                str(item.occurrence.minutes),
                required=True,
            ),
            choice_field("status", "Status", list(STATUS_KEYS.items())),
            (
                Field(
                    "absent",
                    "Absent students",
                    partial(_absent_list, slot),
                    "",
                    placeholder="ids separated by spaces",
                    empty=(),
                )
                if slot.group
                else None
            ),
            text_field("note", "Note"),
        ]
        title = f"Log {slot.service} {item.occurrence.date.isoformat()}"
        shown = [f for f in fields if f is not None]
        self.post_message(OpenForm(title, shown, partial(self._edited, item)))

    def _edited(self, item: Scheduled, values: dict[str, Any] | None) -> None:
        if values is None:
            return
        absent = tuple(values.get("absent") or ())
        self._save(item, values["status"], values["minutes"], absent, values["note"])

    def action_makeup(self) -> None:
        item = self._selected()
        if item is None:
            self.notify("No scheduled session here.", markup=False)
            return
        missed = [
            a.student
            for a in item.attendees
            if a.session is not None and a.session.status in vocab.MISSED_STATUSES
        ]
        if not missed:
            self.notify("Only a missed session can be made up.", markup=False)
            return
        today = self.state.today if self.state is not None else item.occurrence.date
        fields = [
            date_field("date", "Make-up date", max(today, item.occurrence.date)),
            Field(
                "minutes",
                "Minutes",
                partial(parse_minutes, "minutes"),
                str(item.occurrence.minutes),
                required=True,
            ),
            text_field("note", "Note"),
        ]
        title = f"Make up {item.occurrence.slot.service} of {item.occurrence.date.isoformat()}"
        self.post_message(OpenForm(title, fields, partial(self._makeup, item, tuple(missed))))

    def _makeup(
        self, item: Scheduled, students: tuple[str, ...], values: dict[str, Any] | None
    ) -> None:
        if values is None:
            return
        app = host_of(self)
        slot = item.occurrence.slot
        missed_on = item.occurrence.date

        def change() -> Saved:
            from msgspec.structs import replace

            from caseterm.store import kinds
            from caseterm.store.infra.load import load_student

            ids = set()
            for student_id in students:
                student, _ = load_student(app.root, student_id, (kinds.SESSIONS,))
                ids |= {
                    s.id
                    for s in student.sessions
                    if s.date == missed_on
                    and s.service == slot.service
                    and s.status in vocab.MISSED_STATUSES
                }
            if len(ids) != 1:
                raise InputError(
                    "make-up: the missed entries do not share one session id; log each "
                    "student's make-up from the Services tab"
                )
            who = replace(slot, students=students)
            return log_occurrence(
                app.root,
                who,
                values["date"],
                "makeup",
                values["minutes"],
                values["note"],
                makeup_for=ids.pop(),
            )

        app.save(change)

    # --- moving ----------------------------------------------------------------------

    def action_step(self, days: int) -> None:
        if self.day is not None:
            self.day += timedelta(days=days)
            self._fill()

    def action_today(self) -> None:
        if self.state is not None:
            self.day = self.state.today
            self._fill()

    def action_back(self) -> None:
        self.app.pop_screen()


def _absent_list(slot: Slot, text: str) -> tuple[str, ...]:
    """Student ids separated by spaces or commas, each one of the slot's students."""
    found = []
    for word in text.replace(",", " ").split():
        check_slug("absent", word)
        if word not in slot.students:
            raise FieldError("absent", f"{word} is not in this group")
        found.append(word)
    return tuple(found)
