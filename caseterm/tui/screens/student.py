"""One student: overview, goals, data entry, services, meetings & contacts, history."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static, TabbedContent, TabPane, Tabs

from caseterm.model.display import safe_text
from caseterm.store import layout
from caseterm.tui.base import app_of
from caseterm.tui.state import State
from caseterm.tui.widgets.data_entry import DataEntryPane
from caseterm.tui.widgets.goals import GoalsPane
from caseterm.tui.widgets.history import HistoryPane
from caseterm.tui.widgets.log import LogPane
from caseterm.tui.widgets.overview import OverviewPane
from caseterm.tui.widgets.pane import StudentPane
from caseterm.tui.widgets.services import ServicesPane

TABS = (
    ("overview", "Overview", layout.PLAN_FILE),
    ("goals", "Goals", layout.GOALS_FILE),
    ("data", "Data", layout.DATA_FILE),
    ("services", "Services", layout.SESSIONS_FILE),
    ("log", "Meetings", layout.LOG_FILE),
    ("history", "History", layout.PROFILE_FILE),
)


class StudentScreen(Screen[None]):
    """Tabs about one student; number keys switch tabs, e edits the tab's file."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="student.back"),
        Binding("e", "edit", "Edit file", id="student.edit"),
        *(
            Binding(str(n), f"tab('{key}')", label, show=False, id=f"student.tab.{key}")
            for n, (key, label, _file) in enumerate(TABS, start=1)
        ),
    ]

    def __init__(self, student_id: str, tab: str = "overview") -> None:
        super().__init__()
        self.student_id = student_id
        self.initial_tab = tab

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="student-head")
        with TabbedContent(initial=self.initial_tab, id="student-tabs"):
            with TabPane("1 Overview", id="overview"):
                yield OverviewPane()
            with TabPane("2 Goals", id="goals"):
                yield GoalsPane()
            with TabPane("3 Data", id="data"):
                yield DataEntryPane()
            with TabPane("4 Services", id="services"):
                yield ServicesPane()
            with TabPane("5 Meetings", id="log"):
                yield LogPane()
            with TabPane("6 History", id="history"):
                yield HistoryPane()
        yield Footer()

    def on_mount(self) -> None:
        app_of(self).show_current(self)

    def show_state(self, state: State) -> None:
        student = state.loaded.caseload.student(self.student_id)
        if student is None:
            self.notify(f"{self.student_id} is no longer in the caseload", severity="warning")
            self.dismiss()
            return
        p = student.profile
        problems = state.loaded.problems_for(student.id)
        head = Text(safe_text(student.name), style="bold")
        head.append(f"  grade {p.grade or '?'} · {p.plan_type}")
        if p.disabilities:
            head.append(" · " + " ".join(p.disabilities))
        if problems:
            head.append(f"  ⚠ {len(problems)} problem(s): press ! to see", style="bold red")
        self.query_one("#student-head", Static).update(head)
        self.sub_title = safe_text(student.name)
        for pane in self.query("TabPane > *"):
            if isinstance(pane, StudentPane):
                pane.show(student, state)

    def action_tab(self, key: str) -> None:
        self.query_one("#student-tabs", TabbedContent).active = key

    @on(TabbedContent.TabActivated, "#student-tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.call_after_refresh(self._focus_pane, event.pane)

    def _focus_pane(self, pane: TabPane) -> None:
        for child in pane.children:
            focus = getattr(child, "focus_default", None)
            if callable(focus):
                focus()
                return
            if child.can_focus:
                child.focus()
                return

    def show_data_entry(self, goal_id: str) -> None:
        """Switch to the Data tab with ``goal_id`` chosen and the cursor on Value."""
        self.action_tab("data")
        self.query_one(DataEntryPane).select_goal(goal_id)

    def action_edit(self) -> None:
        active = self.query_one("#student-tabs", TabbedContent).active
        file_name = next((f for key, _label, f in TABS if key == active), layout.PLAN_FILE)
        app_of(self).edit_file(self.student_id, file_name)

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(Tabs).focus()
            return
        self.dismiss()
