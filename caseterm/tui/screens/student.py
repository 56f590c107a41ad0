"""One student: overview, goals, data entry, services, meetings & contacts, history,
compliance records, evaluation and MTSS."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Static, TabbedContent, TabPane, Tabs

from caseterm.display import safe_text
from caseterm.store.infra import layout
from caseterm.tui.colours import LATE
from caseterm.tui.focus import focus_now, in_open_list, takes_text
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.assess import EvaluationPane
from caseterm.tui.widgets.data_entry import DataEntryPane
from caseterm.tui.widgets.footer import KeysFooter
from caseterm.tui.widgets.goals import GoalsPane
from caseterm.tui.widgets.history import HistoryPane
from caseterm.tui.widgets.log import LogPane
from caseterm.tui.widgets.overview import OverviewPane
from caseterm.tui.widgets.pane import StudentPane
from caseterm.tui.widgets.records import RecordsPane
from caseterm.tui.widgets.services import ServicesPane

TABS = (
    ("overview", "Overview", layout.PLAN_FILE),
    ("goals", "Goals", layout.GOALS_FILE),
    ("data", "Data", layout.DATA_FILE),
    ("services", "Services", layout.SESSIONS_FILE),
    ("log", "Meetings", layout.LOG_FILE),
    ("history", "History", layout.PROFILE_FILE),
    ("records", "Records", layout.DISCIPLINE_FILE),
    ("evaluation", "Eval", layout.EVALUATION_FILE),
)


class StudentTabs(TabbedContent):
    """Tabs that follow the focus only while it is current.

    Textual switches to a pane when one of its widgets is focused; the message arrives
    later, so a focus the user has already moved away from (keys typed ahead) would switch
    back to a pane they left. Here only the pane holding the focus now may become active.
    """

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        event.stop()
        event.prevent_default()
        focused = self.screen.focused
        pane = event.tab_pane
        if focused is not None and pane in focused.ancestors and pane.id:
            self.active = pane.id


class StudentScreen(Screen[None]):
    """Tabs about one student; number keys switch tabs, e edits the tab's file."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="student.back"),
        Binding("e", "edit", "Edit file", id="student.edit"),
        *(
            Binding(
                str(n), f"tab('{key}')", label, show=False, priority=True, id=f"student.tab.{key}"
            )
            for n, (key, label, _file) in enumerate(TABS, start=1)
        ),
    ]

    def __init__(self, student_id: str, tab: str = "overview") -> None:
        super().__init__()
        self.student_id = student_id
        self.initial_tab = tab
        self._ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="student-head")
        with StudentTabs(initial=self.initial_tab, id="student-tabs"):
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
            with TabPane("7 Records", id="records"):
                yield RecordsPane()
            with TabPane("8 Eval", id="evaluation"):
                yield EvaluationPane()
        yield KeysFooter()

    def on_mount(self) -> None:
        host_of(self).show_current(self)
        self._ready = True
        self._show_tab(self.initial_tab)

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
            head.append(f"  ⚠ {len(problems)} problem(s): press ! to see", style=LATE)
        self.query_one("#student-head", Static).update(head)
        self.sub_title = safe_text(student.name)
        for pane in self.query("TabPane > *"):
            if isinstance(pane, StudentPane):
                pane.show(student, state)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tab":
            return not takes_text(self.focused)
        if action == "back":
            return not in_open_list(self.focused)
        return True

    def action_tab(self, key: str) -> None:
        """Show tab ``key`` and move the focus into it before the next key is read."""
        if self._ready:
            self._show_tab(key)
        else:
            self.initial_tab = key

    def _show_tab(self, key: str) -> None:
        tabs = self.query_one("#student-tabs", TabbedContent)
        tabs.active = key
        self.focus_pane(tabs.get_pane(key))

    def get_pane(self, key: str) -> Widget:
        """The pane widget of tab ``key`` (e.g. ``ServicesPane`` for ``services``)."""
        return self.query_one(f"#{key} > *")

    def focus_pane(self, pane: TabPane) -> None:
        """Focus the pane's main widget (a pane's ``focus_default`` says which)."""
        for child in pane.children:
            focus = getattr(child, "focus_default", None)
            if callable(focus):
                focus()
                return
            if child.can_focus:
                focus_now(child)
                return

    def show_data_entry(self, goal_id: str) -> None:
        """Switch to the Data tab with ``goal_id`` chosen and the cursor on Value."""
        self.action_tab("data")
        self.query_one(DataEntryPane).select_goal(goal_id)

    def action_edit(self) -> None:
        active = self.query_one("#student-tabs", TabbedContent).active
        file_name = next((f for key, _label, f in TABS if key == active), layout.PLAN_FILE)
        student = self.query_one(EvaluationPane).student
        if active == "evaluation" and student is not None and student.profile.plan_type == "MTSS":
            file_name = layout.MTSS_FILE
        host_of(self).edit_file(self.student_id, file_name)

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(self.query_one(Tabs))
            return
        self.dismiss()
