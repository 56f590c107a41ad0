"""Services tab: per prescribed service, required vs delivered this week and month, owed
make-ups; the session log; l logs a session (status, make-up link) in a form."""

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
from caseterm.model.fields import parse_minutes
from caseterm.model.minutes import ServiceMinutes, in_effect, open_missed
from caseterm.model.records import Student
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


def _cell(m: ServiceMinutes | None) -> Text:
    """``delivered/required`` with ``!`` when short so far (as on the minutes screen)."""
    return Text("—", style="dim") if m is None else minutes_cell(m, is_short(m))


class ServicesPane(RecordActions, Vertical):
    """Prescribed services with this week's and month's minutes, then the session log."""

    HELP_TITLE = "Services tab"
    BINDINGS = [Binding("l", "log_session", "Log session", id="services.log")]

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
            "l: log a session · sessions, newest first (enter: read, E: edit, x: remove):",
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
        for service in dict.fromkeys([*month, *week]):
            current = in_effect(student.plan.services, service, state.today)
            prescribed = f"{current.minutes}/{current.per}" if current else "ended"
            m = month.get(service)
            pct = m.compliance_pct if m else None
            table.add_row(
                Text(safe_text(service)),
                Text(prescribed),
                _cell(week.get(service)),
                _cell(m),
                owed_cell(m.owed if m else 0),
                Text("—" if pct is None else f"{pct:.0f}%"),
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

    def _save_session(self, values: dict[str, Any] | None) -> None:
        if values is None or self.student is None:
            return
        app, student_id = host_of(self), self.student.id
        makeup_for = values.get("makeup_for") or ""
        status = values["status"]
        if status != "makeup":
            makeup_for = ""
        new = changes.NewSession(
            service=values["service"],
            minutes=values["minutes"],
            on=values["date"],
            status=status,
            makeup_for=makeup_for,
            provider=values["provider"],
            group=values["group"] == "yes",
            note=values["note"],
        )

        def change() -> Saved:
            return changes.log_session(app.root, student_id, new)

        app.save(change)
