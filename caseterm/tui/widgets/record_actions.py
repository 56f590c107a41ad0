"""Read, correct and remove logged records from the tab that shows them.

A pane mixes in ``RecordActions``; its ``RecordTable`` posts ``Act`` and the mixin asks
the app for the detail, a confirmation or a pre-filled form (widgets never push screens),
then saves through ``changes.edit_record`` or ``changes.remove_record``: one store change
and one commit each, as ``caseterm edit`` and ``caseterm remove`` make.
"""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from textual.widget import Widget

from caseterm.model import vocab
from caseterm.model.fields import parse_minutes, parse_number, parse_time
from caseterm.model.minutes import open_missed
from caseterm.model.records import Contact, DataPoint, Meeting, Session, Student
from caseterm.store.actions import changes
from caseterm.store.infra.save import Saved
from caseterm.tui.host import host_of
from caseterm.tui.widgets.form import Field, date_field, text_field
from caseterm.tui.widgets.record_table import RecordTable
from caseterm.tui.widgets.requests import OpenConfirm, OpenForm, OpenRecord

Record = DataPoint | Session | Meeting | Contact

KIND_OF: dict[type, str] = {
    DataPoint: "point",
    Session: "session",
    Meeting: "meeting",
    Contact: "contact",
}


def find_record(student: Student, record_id: str) -> Record | None:
    """The point, session, meeting or contact of ``student`` with ``record_id``."""
    records: tuple[Record, ...] = (
        *student.points,
        *student.sessions,
        *student.meetings,
        *student.contacts,
    )
    return next((r for r in records if r.id == record_id), None)


def describe(record: Record) -> str:
    """A short name a user recognises, e.g. "session 2026-11-24 speech 30 min (makeup)"."""
    day = record.date.isoformat()
    if isinstance(record, DataPoint):
        return f"data point {day} {record.goal} = {record.value:g}"
    if isinstance(record, Session):
        return f"session {day} {record.service} {record.minutes} min ({record.status})"
    if isinstance(record, Meeting):
        return f"meeting {day} {vocab.MEETING_KINDS.get(record.kind, record.kind)}"
    return f"{record.method} contact {day}" + (f" with {record.person}" if record.person else "")


def detail_rows(record: Record) -> list[tuple[str, str]]:
    """Every field of ``record`` as (label, text), the note in full."""
    if isinstance(record, DataPoint):
        rows = [("goal", record.goal), ("date", record.date.isoformat())]
        rows.append(("value", f"{record.value:g}"))
    elif isinstance(record, Session):
        rows = [
            ("date", record.date.isoformat()),
            ("service", record.service),
            ("minutes", str(record.minutes)),
            ("status", vocab.SESSION_STATUSES.get(record.status, record.status)),
            ("makes up", record.makeup_for),
            ("provider", record.provider),
            ("group", "yes" if record.group else "no"),
        ]
    elif isinstance(record, Meeting):
        rows = [
            ("date", record.date.isoformat()),
            ("time", record.time.strftime("%H:%M") if record.time else ""),
            ("kind", vocab.MEETING_KINDS.get(record.kind, record.kind)),
            ("status", record.status),
            ("title", record.title),
            ("location", record.location),
            ("participants", ", ".join(record.participants)),
        ]
    else:
        rows = [
            ("date", record.date.isoformat()),
            ("method", record.method),
            ("with", record.person),
            ("purpose", record.purpose),
            ("period", record.period),
        ]
    return [*rows, ("note", record.note), ("id", record.id)]


def edit_fields(record: Record, student: Student, periods: tuple[str, ...]) -> list[Field]:
    """A form for ``record``, every field pre-filled with its value."""
    note = text_field("note", "Note", record.note)
    when = date_field("date", "Date", record.date)
    if isinstance(record, DataPoint):
        goals = [(g.id, g.id) for g in student.goals] or [(record.goal, record.goal)]
        return [
            Field("goal", "Goal", choices=goals, default=record.goal, required=True),
            Field(
                "value", "Value", partial(parse_number, "value"), f"{record.value:g}", required=True
            ),
            when,
            note,
        ]
    if isinstance(record, Session):
        services = list(
            dict.fromkeys([record.service, *(p.service for p in student.plan.services)])
        )
        others = [s for s in student.sessions if s.id != record.id]
        missed = [
            (s.id, f"{s.date.isoformat()} {s.service} {s.minutes} min ({s.status})")
            for s in open_missed(others)
        ]
        linked = next((s for s in student.sessions if s.id == record.makeup_for), None)
        if linked is not None and all(m[0] != linked.id for m in missed):
            label = f"{linked.date.isoformat()} {linked.service} {linked.minutes} min"
            missed.insert(0, (linked.id, f"{label} ({linked.status})"))
        fields: list[Field | None] = [
            Field(
                "service",
                "Service",
                choices=[(s, s) for s in services],
                default=record.service,
                required=True,
            ),
            Field(
                "minutes",
                "Minutes",
                partial(parse_minutes, "minutes"),
                str(record.minutes),
                required=True,
            ),
            when,
            Field(
                "status",
                "Status",
                choices=list(vocab.SESSION_STATUSES.items()),
                default=record.status,
                required=True,
            ),
            Field("makeup_for", "Makes up", choices=missed, default=record.makeup_for, empty="")
            if missed
            else None,
            text_field("provider", "Provider", record.provider),
            Field(
                "group",
                "Group?",
                choices=[("no", "no"), ("yes", "yes, a group session")],
                default="yes" if record.group else "no",
                required=True,
            ),
            note,
        ]
        return [f for f in fields if f is not None]
    if isinstance(record, Meeting):
        kinds = [
            (k, label)
            for k, label in vocab.MEETING_KINDS.items()
            if vocab.MEETING_PLAN.get(k, student.profile.plan_type) == student.profile.plan_type
            or k == record.kind
        ]
        return [
            when,
            Field(
                "time",
                "Time",
                partial(parse_time, "time"),
                record.time.strftime("%H:%M") if record.time else "",
                placeholder="HH:MM (optional)",
            ),
            Field("kind", "Kind", choices=kinds, default=record.kind, required=True),
            Field(
                "status",
                "Status",
                choices=[(s, s) for s in vocab.MEETING_STATUSES],
                default=record.status,
                required=True,
            ),
            text_field("title", "Title", record.title),
            text_field("location", "Location", record.location),
            text_field("participants", "Participants", ", ".join(record.participants)),
            note,
        ]
    period_choices = [
        (p, p) for p in dict.fromkeys([*periods, *([record.period] if record.period else [])])
    ]
    contact: list[Field | None] = [
        when,
        Field(
            "method",
            "Method",
            choices=[(m, m) for m in vocab.CONTACT_METHODS],
            default=record.method,
            required=True,
        ),
        text_field("person", "With", record.person),
        Field(
            "purpose",
            "Purpose",
            choices=[(p, p) for p in vocab.CONTACT_PURPOSES],
            default=record.purpose,
            required=True,
        ),
        Field("period", "Period", choices=period_choices, default=record.period, empty="")
        if period_choices
        else None,
        note,
    ]
    return [f for f in contact if f is not None]


def changed_values(record: Record, values: dict[str, Any]) -> dict[str, object]:
    """The form's values that differ from the record, as ``changes.edit_record`` takes them."""
    out: dict[str, object] = {}
    for name, value in values.items():
        if name == "group":
            value = value == "yes"
        elif name == "participants":
            value = tuple(p.strip() for p in str(value or "").split(",") if p.strip())
        elif name in ("note", "provider", "title", "location", "person", "period", "makeup_for"):
            value = value or ""
        if value != getattr(record, name):
            out[name] = value
    return out


class RecordActions:
    """Answers a ``RecordTable``'s enter, E and x for the records of ``self.student``;
    mixed into a pane (a Textual widget) before its container class."""

    student: Student | None

    @property
    def _pane(self) -> Widget:
        return cast("Widget", self)

    def on_record_table_act(self, event: RecordTable.Act) -> None:
        event.stop()
        if self.student is None:
            return
        record = find_record(self.student, event.record_id)
        if record is None:
            return
        if event.action == "read":
            self.read_record(record)
        elif event.action == "edit":
            self.edit_record(record)
        elif event.action == "remove":
            self.remove_record(record)

    def read_record(self, record: Record) -> None:
        def chosen(what: str | None) -> None:
            if what == "edit":
                self.edit_record(record)
            elif what == "remove":
                self.remove_record(record)

        title = describe(record)
        self._pane.post_message(
            OpenRecord(title[:1].upper() + title[1:], detail_rows(record), chosen)
        )

    def remove_record(self, record: Record) -> None:
        if self.student is None:
            return
        app, student_id, kind = host_of(self._pane), self.student.id, KIND_OF[type(record)]

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def change() -> Saved:
                return changes.remove_record(app.root, student_id, kind, record.id)

            app.save(change)

        self._pane.post_message(OpenConfirm(f"Remove {describe(record)}?", answered))

    def edit_record(self, record: Record) -> None:
        if self.student is None:
            return
        app, student = host_of(self._pane), self.student
        state = app.state
        periods = (
            tuple(p.name for p in state.loaded.caseload.settings.reporting_periods)
            if state is not None
            else ()
        )
        kind = KIND_OF[type(record)]

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            new = changed_values(record, values)
            if not new:
                self._pane.notify("Nothing changed.", title="Not saved")
                return

            def change() -> Saved:
                return changes.edit_record(app.root, student.id, kind, record.id, new)

            app.save(change)

        fields = edit_fields(record, student, periods)
        self._pane.post_message(OpenForm(f"Edit {describe(record)}", fields, done))
