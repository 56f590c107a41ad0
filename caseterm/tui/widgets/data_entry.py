"""Data tab: add a progress-monitoring point in a few keystrokes; recent points below."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from caseterm.display import safe_text
from caseterm.model.fields import parse_number
from caseterm.model.records import Student
from caseterm.store.actions import changes
from caseterm.store.infra.save import Saved
from caseterm.tui.focus import focus_now
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.form import Field, Form, choice_field, date_field, text_field
from caseterm.tui.widgets.record_actions import RecordActions
from caseterm.tui.widgets.record_table import RecordTable, note_cell


class DataEntryPane(RecordActions, Vertical):
    """Goal, value, date (today by default) and note; Enter saves and commits."""

    def __init__(self) -> None:
        super().__init__()
        self.student: Student | None = None
        self.goal_ids: list[str] = []

    def compose(self) -> ComposeResult:
        today = host_of(self).today()
        fields = [
            choice_field("goal", "Goal", [("", "—")]),
            Field(
                "value",
                "Value",
                partial(parse_number, "value"),
                required=True,
                placeholder="e.g. 52 or 87.5",
            ),
            date_field("date", "Date", today),
            text_field("note", "Note"),
        ]
        yield Static("No goals yet: add one with caseterm goal add.", id="data-empty")
        yield Form(fields, submit_label="Add point", id="data-form")
        yield Static(
            "recent points (tab to the list; enter: read, E: edit, x: remove):", classes="hint"
        )
        yield RecordTable(id="recent-points")

    def on_mount(self) -> None:
        table = self.query_one("#recent-points", RecordTable)
        for label, width in (("date", 10), ("goal", 21), ("value", 7)):
            table.add_column(label, key=label, width=width)
        table.add_note_column()

    def show(self, student: Student, state: State) -> None:
        goal_ids = [g.id for g in student.goals]
        changed = self.student is None or self.student.id != student.id
        self.student = student
        form = self.query_one("#data-form", Form)
        if changed or goal_ids != self.goal_ids:
            self.goal_ids = goal_ids
            goals = [
                (g.id, safe_text(f"{g.id} ({g.unit})" if g.unit else g.id)) for g in student.goals
            ]
            form.set_choices("goal", goals)
        self.query_one("#data-empty").display = not goal_ids
        form.display = bool(goal_ids)
        self._fill_recent(student)

    def select_goal(self, goal_id: str) -> None:
        """Preselect a goal (e.g. from the Goals tab) and put the cursor on Value."""
        form = self.query_one("#data-form", Form)
        form.set_value("goal", goal_id)
        form.focus_field("value")

    def focus_default(self) -> None:
        if self.goal_ids:
            self.query_one("#data-form", Form).focus_field("value")
        else:
            focus_now(self.query_one("#recent-points", RecordTable))

    def _fill_recent(self, student: Student) -> None:
        table = self.query_one("#recent-points", RecordTable)
        table.clear()
        for point in sorted(student.points, key=lambda p: (p.date, p.id), reverse=True)[:50]:
            table.add_row(
                Text(point.date.isoformat()),
                Text(safe_text(point.goal), no_wrap=True, overflow="ellipsis"),
                Text(f"{point.value:g}"),
                note_cell(point.note),
                key=point.id,
            )

    @on(Form.Submitted, "#data-form")
    def _submit(self, event: Form.Submitted) -> None:
        if self.student is None:
            return
        values = event.values
        app = host_of(self)
        student_id = self.student.id

        def change() -> Saved:
            return changes.add_data_point(
                app.root,
                student_id,
                values["goal"],
                values["value"],
                values["date"],
                values["note"],
            )

        def done(_saved: Saved) -> None:
            event.form.reset({"value": "", "note": ""})
            event.form.focus_field("value")

        app.save(change, done)
