"""Problems found while loading: file:line:col and what is wrong; enter opens the student."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from caseterm.display import safe_text
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.footer import KeysFooter


class ProblemsScreen(Screen[None]):
    """Every problem in the caseload's files, as ``caseterm check`` prints them."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="problems.back"),
        Binding("enter", "open", "Open student", priority=True, id="problems.open"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="problems-summary", markup=False)
        yield DataTable(id="problems-table", cursor_type="row")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#problems-table", DataTable)
        table.add_column("where", key="where", width=34)
        table.add_column("problem", key="problem")
        host_of(self).show_current(self)

    def show_state(self, state: State) -> None:
        problems = sorted(state.loaded.problems, key=lambda p: (p.file, p.line, p.column))
        summary = (
            f"{len(problems)} problem(s). Fix the file (e on the student's screen opens it); "
            "caseterm reloads it when it changes."
            if problems
            else "No problems: every file is valid."
        )
        self.query_one("#problems-summary", Static).update(summary)
        table = self.query_one("#problems-table", DataTable)
        table.clear()
        for index, problem in enumerate(problems):
            where = f"{problem.file}:{problem.line}:{problem.column}"
            table.add_row(
                Text(safe_text(where)),
                Text(safe_text(problem.message)),
                key=f"{index}:{problem.student}",
            )

    def action_open(self) -> None:
        table = self.query_one("#problems-table", DataTable)
        if table.row_count:
            self._open_key(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowSelected, "#problems-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        self._open_key(event.row_key.value)

    def _open_key(self, key: str | None) -> None:
        student = str(key or "").split(":", 1)[-1]
        if student:
            host_of(self).open_student(student)
