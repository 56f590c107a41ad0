"""Services tab: per prescribed service, required vs delivered this week and month, owed
make-ups, and which services are extended school year (ESY); the session log; l logs a
session (status, make-up link) in a form, p prescribes a service (``service add``, ESY
included)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from caseterm.display import safe_text
from caseterm.model import vocab
from caseterm.model.fields import check_slug, parse_date, parse_minutes
from caseterm.model.minutes import ServiceMinutes, in_effect, open_missed
from caseterm.model.records import Prescription, Student
from caseterm.model.views.minute_grid import is_short
from caseterm.store.actions import changes
from caseterm.store.infra.save import Saved
from caseterm.tui.colours import YELLOW
from caseterm.tui.focus import focus_now
from caseterm.tui.host import host_of
from caseterm.tui.minute_cells import minutes_cell, owed_cell
from caseterm.tui.state import State
from caseterm.tui.widgets.form import Field, choice_field, date_field, text_field
from caseterm.tui.widgets.record_actions import RecordActions
from caseterm.tui.widgets.record_table import RecordTable, cut_cell, note_cell
from caseterm.tui.widgets.requests import OpenForm


def _prescribed(p: Prescription | None) -> str:
    """``60/week`` for the prescription in effect (an ESY service: its latest), else
    "ended"."""
    return f"{p.minutes}/{p.per}" if p is not None else "ended"


def _cell(m: ServiceMinutes | None) -> Text:
    """``delivered/required`` with ``!`` when short so far (as on the minutes screen)."""
    return Text("—", style="dim") if m is None else minutes_cell(m, is_short(m))


class ServicesPane(RecordActions, Vertical):
    """Prescribed services with this week's and month's minutes, then the session log."""

    HELP_TITLE = "Services tab"
    BINDINGS = [
        Binding("l", "log_session", "Log session", id="services.log"),
        Binding("p", "prescribe", "Prescribe", id="services.prescribe"),
    ]

    DEFAULT_CSS = """
    ServicesPane #services-table { height: auto; max-height: 8; }
    ServicesPane #sessions-table { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.student: Student | None = None
        self.today = date.today()

    def compose(self) -> ComposeResult:
        yield DataTable(id="services-table", cursor_type="row")
        yield Static(
            "l: log a session · p: prescribe · sessions: enter read, E edit, x remove",
            classes="hint",
        )
        yield RecordTable(id="sessions-table")

    def on_mount(self) -> None:
        services = self.query_one("#services-table", DataTable)
        for label, width in (
            ("service", 14),
            ("prescribed", 10),
            ("this week", 9),
            ("this month", 10),
            ("owed", 5),
            ("%", 6),
            ("ESY", 3),
        ):
            services.add_column(label, key=label, width=width)
        sessions = self.query_one("#sessions-table", RecordTable)
        for label, width in (
            ("date", 10),
            ("service", 13),
            ("min", 4),
            ("status", 17),
        ):
            sessions.add_column(label, key=label, width=width)
        sessions.add_note_column()

    def focus_default(self) -> None:
        focus_now(self.query_one("#sessions-table", RecordTable))

    def show(self, student: Student, state: State) -> None:
        self.student, self.today = student, state.today
        view = state.overview.student(student.id)
        week = {m.service: m for m in (view.week if view else ())}
        month = {m.service: m for m in (view.month if view else ())}
        table = self.query_one("#services-table", DataTable)
        table.clear()
        esy = {p.service: p for p in sorted(student.plan.services, key=lambda p: p.start) if p.esy}
        for service in dict.fromkeys([*month, *week, *esy]):
            current = in_effect(student.plan.services, service, state.today)
            prescribed = _prescribed(current or esy.get(service))
            m = month.get(service)
            pct = m.compliance_pct if m else None
            table.add_row(
                Text(safe_text(service)),
                Text(prescribed),
                _cell(week.get(service)),
                _cell(m),
                owed_cell(m.owed if m else 0),
                Text("—" if pct is None else f"{pct:.0f}%"),
                Text("ESY", style="bold") if service in esy else Text(""),
                key=service,
            )
        sessions = self.query_one("#sessions-table", RecordTable)
        sessions.clear()
        for s in sorted(student.sessions, key=lambda s: (s.date, s.id), reverse=True)[:100]:
            status = s.status + (" (group)" if s.group else "")
            sessions.add_row(
                Text(s.date.isoformat()),
                cut_cell(s.service),
                Text(str(s.minutes)),
                Text(status, style=YELLOW if s.status in vocab.MISSED_STATUSES else ""),
                note_cell(s.note),
                key=s.id,
            )

    def action_log_session(self) -> None:
        if self.student is None:
            return
        services = list(dict.fromkeys(p.service for p in self.student.plan.services))
        if not services:
            self.notify("No services prescribed: add one with caseterm service add.")
            return
        missed = [
            (s.id, f"{s.date.isoformat()} {s.service} {s.minutes} min ({s.status})")
            for s in open_missed(self.student.sessions)
        ]
        fields = [
            choice_field("service", "Service", [(s, s) for s in services]),
            Field("minutes", "Minutes", partial(parse_minutes, "minutes"), "30", required=True),
            date_field("date", "Date", self.today),
            choice_field("status", "Status", list(vocab.SESSION_STATUSES.items())),
            Field("makeup_for", "Makes up", choices=missed, empty="") if missed else None,
            text_field("provider", "Provider"),
            choice_field("group", "Group?", [("no", "no"), ("yes", "yes, a group session")]),
            text_field("note", "Note"),
        ]
        form = [f for f in fields if f is not None]
        self.post_message(OpenForm("Log a service session", form, self._save_session))

    def action_prescribe(self) -> None:
        """A form for ``caseterm service add``: the fields a case manager sets most, and
        whether it is an extended school year service (``--esy``)."""
        if self.student is None:
            return
        known = sorted({p.service for p in self.student.plan.services})
        fields = [
            Field(
                "service",
                "Service",
                partial(check_slug, "SERVICE"),
                required=True,
                placeholder=("e.g. " + ", ".join(known[:3])) if known else "e.g. reading",
            ),
            Field(
                "minutes",
                "Minutes",
                partial(parse_minutes, "MINUTES", maximum=10_000),
                required=True,
                placeholder="minutes per week or month",
            ),
            choice_field("per", "Per", [(p, p) for p in vocab.SERVICE_PERIODS]),
            Field(
                "start",
                "Start",
                partial(parse_date, "--start"),
                self.today.isoformat(),
                required=True,
                placeholder="YYYY-MM-DD",
            ),
            Field("end", "End", partial(parse_date, "--end"), placeholder="YYYY-MM-DD (optional)"),
            choice_field(
                "esy",
                "ESY?",
                [("no", "no"), ("yes", "yes: extended school year (its own minutes)")],
            ),
            text_field(
                "provider", "Provider", placeholder="role, e.g. speech-language pathologist"
            ),
            text_field("note", "Note"),
        ]
        self.post_message(OpenForm("Prescribe a service", fields, self._save_prescription))

    def _save_prescription(self, values: dict[str, Any] | None) -> None:
        if values is None or self.student is None:
            return
        app, student_id = host_of(self), self.student.id

        def change() -> Saved:
            return changes.add_prescription(app.root, student_id, values)

        app.save(change)

    def _save_session(self, values: dict[str, Any] | None) -> None:
        if values is None or self.student is None:
            return
        app, student_id = host_of(self), self.student.id
        session = dict(values)
        if session["status"] != "makeup":
            session["makeup_for"] = ""

        def change() -> Saved:
            return changes.log_session(app.root, student_id, session)

        app.save(change)
