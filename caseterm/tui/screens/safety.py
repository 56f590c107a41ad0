"""A student's safety plan on one screen, opened with one key from the caseload."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from caseterm.display import safe_text
from caseterm.model.behavior import has_safety_plan, safety_due, safety_lines
from caseterm.model.records import Student
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.footer import KeysFooter


def safety_text(student: Student, state: State) -> Text:
    """The plan's lines, headings in bold, in the order staff read it in a crisis."""
    out = Text()
    if student.safety is None or not has_safety_plan(student):
        out.append(f"Safety plan · {safe_text(student.name)}\n\n", style="bold")
        out.append("No safety plan on file.\n")
        out.append(f"Add one: caseterm safety set {student.id} --trigger … --step …", style="dim")
        return out
    out.append(f"⚑ SAFETY PLAN · {safe_text(student.name)}\n\n", style="bold red")
    for heading, text in safety_lines(student.safety):
        out.append(f"{heading}: ", style="bold")
        out.append(safe_text(text) + "\n")
    if safety_due(student.safety, state.today):
        out.append("\nThe review date has passed.", style="bold yellow")
    return out


class SafetyScreen(Screen[None]):
    """The safety plan of one student; escape goes back."""

    HELP_TITLE = "Safety plan"

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="safety.back")]

    DEFAULT_CSS = """
    SafetyScreen VerticalScroll { height: 1fr; padding: 0 1; }
    """

    def __init__(self, student_id: str) -> None:
        super().__init__()
        self.student_id = student_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("", id="safety-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = f"safety plan of {self.student_id}"
        host_of(self).show_current(self)

    def show_state(self, state: State) -> None:
        student = next((s for s in state.loaded.caseload.students if s.id == self.student_id), None)
        box = self.query_one("#safety-text", Static)
        if student is None:
            box.update(Text(f"No student {self.student_id}"))
            return
        box.update(safety_text(student, state))
