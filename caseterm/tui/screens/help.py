"""F1: every key, screen by screen, from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from caseterm.tui.marks import LEGEND

INTRO = (
    "caseterm keeps each student's plan, goals, data, sessions and meetings as TOML files in "
    "git. Every save is one commit. Files changed on disk (git pull, an editor, a script) are "
    "reloaded, never overwritten."
)


def _behaviour_sections() -> tuple[tuple[str, list[BindingType]], ...]:
    from caseterm.tui.screens.behavior_graph import BehaviorGraphScreen
    from caseterm.tui.screens.observe import ObserveScreen
    from caseterm.tui.screens.observe_finish import FinishScreen
    from caseterm.tui.screens.observe_recover import RecoverScreen
    from caseterm.tui.screens.safety import SafetyScreen

    return (
        ("Observation", ObserveScreen.BINDINGS),
        ("Finish observation", FinishScreen.BINDINGS),
        ("Unfinished observation", RecoverScreen.BINDINGS),
        ("Safety plan", SafetyScreen.BINDINGS),
        ("Behaviour graph", BehaviorGraphScreen.BINDINGS),
    )


def _keys_table() -> Table:
    from caseterm.tui.app import CasetermApp
    from caseterm.tui.screens.calendar import CalendarScreen
    from caseterm.tui.screens.caseload import CaseloadScreen
    from caseterm.tui.screens.conflicts import ConflictsScreen
    from caseterm.tui.screens.diff import DiffScreen
    from caseterm.tui.screens.form_modal import FormScreen
    from caseterm.tui.screens.goal_graph import GoalGraphScreen
    from caseterm.tui.screens.minutes import MinutesScreen
    from caseterm.tui.screens.problems import ProblemsScreen
    from caseterm.tui.screens.student import StudentScreen
    from caseterm.tui.widgets.goals import GoalsPane
    from caseterm.tui.widgets.log import LogPane
    from caseterm.tui.widgets.services import ServicesPane

    sections = (
        ("Everywhere", CasetermApp.BINDINGS),
        ("Caseload", CaseloadScreen.BINDINGS),
        ("Student", StudentScreen.BINDINGS),
        ("Goals tab", GoalsPane.BINDINGS),
        ("Services tab", ServicesPane.BINDINGS),
        ("Meetings tab", LogPane.BINDINGS),
        ("Calendar", CalendarScreen.BINDINGS),
        ("Minutes", MinutesScreen.BINDINGS),
        ("Conflicts", ConflictsScreen.BINDINGS),
        ("Problems", ProblemsScreen.BINDINGS),
        ("Goal graph", GoalGraphScreen.BINDINGS),
        ("Commit diff", DiffScreen.BINDINGS),
        ("Forms", FormScreen.BINDINGS),
        *_behaviour_sections(),
        ("This help", HelpScreen.BINDINGS),
    )
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column(no_wrap=True, min_width=10)
    table.add_column()
    for title, bindings in sections:
        table.add_row(Text(title, style="bold underline"), "")
        for binding in bindings:
            if isinstance(binding, Binding):
                key = binding.key_display or binding.key
                table.add_row(Text("  " + key), Text(binding.description))
    table.add_row(Text("Anywhere", style="bold underline"), "")
    table.add_row(Text("  ctrl+p"), Text("command palette: open a student, any action"))
    table.add_row(Text("  tab"), Text("next field or widget"))
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and what they do; escape or F1 closes."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("f1", "dismiss", "Close", show=False, id="help.close_f1"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text(INTRO), id="help-intro")
            yield Static(Text(f"Goal marks: {LEGEND}"), id="help-legend")
            yield Static(_keys_table(), id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
