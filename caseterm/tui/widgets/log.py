"""Meetings & contacts tab: the log, newest first; add a meeting or a family contact."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from caseterm.model import vocab
from caseterm.model.fields import parse_time
from caseterm.model.records import Student
from caseterm.store.actions import changes
from caseterm.store.infra.save import Saved
from caseterm.tui.focus import focus_now
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.form import Field, choice_field, date_field, text_field
from caseterm.tui.widgets.record_actions import RecordActions
from caseterm.tui.widgets.record_table import RecordTable, cut_cell, note_cell
from caseterm.tui.widgets.requests import OpenForm


def _participants(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(",") if p.strip())


def meeting_kinds(plan_type: str) -> list[tuple[str, str]]:
    """The meeting kinds that fit a student's plan (no IFSP review for an IEP student)."""
    return [
        (kind, label)
        for kind, label in vocab.MEETING_KINDS.items()
        if vocab.MEETING_PLAN.get(kind, plan_type) == plan_type
    ]


class LogPane(RecordActions, Vertical):
    """All meetings and contacts of one student, newest first."""

    HELP_TITLE = "Meetings tab"
    BINDINGS = [
        Binding("a", "add_meeting", "Add meeting", id="log.add_meeting"),
        Binding("f", "add_contact", "Add contact", id="log.add_contact"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.student: Student | None = None
        self.today = date.today()

    def compose(self) -> ComposeResult:
        yield Static(
            "a: add a meeting · f: family contact · enter: read · E: edit · x: remove",
            classes="hint",
        )
        yield RecordTable(id="log-table")

    def on_mount(self) -> None:
        table = self.query_one("#log-table", RecordTable)
        for label, width in (("date", 10), ("what", 18), ("status", 9), ("who", 14)):
            table.add_column(label, key=label, width=width)
        table.add_note_column()

    def focus_default(self) -> None:
        focus_now(self.query_one("#log-table", RecordTable))

    def show(self, student: Student, state: State) -> None:
        self.student = student
        self.today = state.today
        table = self.query_one("#log-table", RecordTable)
        table.clear()
        entries: list[tuple[date, str, tuple[Text, ...]]] = []
        for m in student.meetings:
            when = m.date.isoformat() + (f" {m.time.strftime('%H:%M')}" if m.time else "")
            status = Text(m.status, style="bold" if m.status == "scheduled" else "")
            cells: tuple[Text, ...] = (
                Text(when[:10]),
                cut_cell(m.title or vocab.MEETING_KINDS.get(m.kind, m.kind)),
                status,
                cut_cell(", ".join(m.participants)),
                note_cell(m.note),
            )
            entries.append((m.date, m.id, cells))
        for c in student.contacts:
            what = f"{c.method} contact" + (f" ({c.purpose})" if c.purpose != "general" else "")
            cells = (
                Text(c.date.isoformat()),
                cut_cell(what),
                Text("logged"),
                cut_cell(c.person),
                note_cell(c.note),
            )
            entries.append((c.date, c.id, cells))
        for _when, record_id, cells in sorted(entries, key=lambda e: (e[0], e[1]), reverse=True):
            table.add_row(*cells, key=record_id)

    def action_add_meeting(self) -> None:
        plan = self.student.profile.plan_type if self.student else ""
        fields = [
            date_field("date", "Date", self.today),
            Field("time", "Time", partial(parse_time, "time"), placeholder="HH:MM (optional)"),
            Field("kind", "Kind", choices=meeting_kinds(plan), required=True, pick=True),
            choice_field("status", "Status", [(s, s) for s in vocab.MEETING_STATUSES]),
            text_field("location", "Location"),
            text_field("participants", "Participants", placeholder="names, separated by commas"),
            text_field("note", "Note"),
        ]
        self.post_message(OpenForm("Add a meeting", fields, self._save_meeting))

    def _save_meeting(self, values: dict[str, Any] | None) -> None:
        if values is None or self.student is None:
            return
        app, student_id = host_of(self), self.student.id
        meeting = {**values, "participants": _participants(values["participants"])}

        def change() -> Saved:
            return changes.add_meeting(app.root, student_id, meeting)

        app.save(change)

    def action_add_contact(self) -> None:
        family = [
            f"{f.name} ({f.relationship})" if f.relationship else f.name
            for f in (self.student.profile.family if self.student else ())
        ]
        state = host_of(self).state
        periods = [
            (p.name, f"{p.name} ({p.start.isoformat()} – {p.end.isoformat()})")
            for p in (state.loaded.caseload.settings.reporting_periods if state else ())
        ]
        fields = [
            date_field("date", "Date", self.today),
            choice_field("method", "Method", [(m, m) for m in vocab.CONTACT_METHODS]),
            text_field("person", "With", family[0] if family else ""),
            choice_field("purpose", "Purpose", [(p, p) for p in vocab.CONTACT_PURPOSES]),
            Field("period", "Period", choices=periods, empty="") if periods else None,
            text_field("note", "Note"),
        ]
        form = [f for f in fields if f is not None]
        self.post_message(OpenForm("Log a family contact", form, self._save_contact))

    def _save_contact(self, values: dict[str, Any] | None) -> None:
        if values is None or self.student is None:
            return
        app, student_id = host_of(self), self.student.id

        def change() -> Saved:
            return changes.add_contact(app.root, student_id, values)

        app.save(change)
