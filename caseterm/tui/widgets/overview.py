"""Student overview tab: profile, plan dates, placement, accommodations, services, team."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from caseterm.model.records import Student
from caseterm.reports.overview import overview_renderable
from caseterm.tui.focus import focus_now
from caseterm.tui.state import State


class OverviewPane(VerticalScroll, can_focus=True):
    """Profile, plan, supports, services, team and family of one student; arrows scroll."""

    def focus_default(self) -> None:
        focus_now(self)

    def compose(self) -> ComposeResult:
        yield Static("", id="overview-body")

    def show(self, student: Student, state: State) -> None:
        view = state.overview.student(student.id)
        deadlines = view.deadlines if view is not None else None
        body = overview_renderable(student, state.today, deadlines)
        self.query_one("#overview-body", Static).update(body)
