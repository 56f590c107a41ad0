"""Student overview tab: profile, plan dates, placement, accommodations, services, team."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from caseterm.model.records import Student
from caseterm.reports.overview import overview_renderable
from caseterm.tui.state import State


class OverviewPane(VerticalScroll):
    """Profile, plan, supports, services, team and family of one student."""

    def compose(self) -> ComposeResult:
        yield Static("", id="overview-body")

    def show(self, student: Student, state: State) -> None:
        self.query_one("#overview-body", Static).update(overview_renderable(student, state.today))
