"""Merge conflicts after a sync: both values side by side; choose a side or type a value."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from caseterm.display import safe_text
from caseterm.store.actions.conflicts import ConflictInfo, Resolution, list_conflicts, resolve
from caseterm.store.infra.conflictentry import show_value
from caseterm.store.infra.errors import InputError, NotSaved
from caseterm.store.infra.git import GitError
from caseterm.tui.host import host_of
from caseterm.tui.screens.form_modal import FormScreen
from caseterm.tui.state import State
from caseterm.tui.widgets.footer import KeysFooter
from caseterm.tui.widgets.form import text_field

HELP = "o keep ours · t take theirs · b keep the base · v type a value · e fix the file by hand"


class ConflictsScreen(Screen[None]):
    """Every unresolved conflict; nothing is ever resolved without a choice made here."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="conflicts.back"),
        Binding("o", "choose('ours')", "Ours", id="conflicts.ours"),
        Binding("t", "choose('theirs')", "Theirs", id="conflicts.theirs"),
        Binding("b", "choose('base')", "Base", id="conflicts.base"),
        Binding("v", "type_value", "Type value", id="conflicts.value"),
        Binding("e", "edit", "Edit file", id="conflicts.edit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: list[ConflictInfo] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="conflicts-summary", markup=False)
        yield DataTable(id="conflicts-table", cursor_type="row")
        yield Static(HELP, classes="hint", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#conflicts-table", DataTable)
        for label, width in (("where", 30), ("field", 22), ("ours", 14), ("theirs", 14)):
            table.add_column(label, key=label, width=width)
        table.add_column("base", key="base")
        table.focus()
        host_of(self).show_current(self)

    def show_state(self, state: State) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="conflicts")
    def _load(self) -> None:
        found = list_conflicts(host_of(self).root)
        self.app.call_from_thread(self._fill, found)

    def _fill(self, found: list[ConflictInfo]) -> None:
        self.found = found
        summary = (
            f"{len(found)} conflict(s): two people changed the same thing. Choose for each."
            if found
            else "No conflicts."
        )
        self.query_one("#conflicts-summary", Static).update(summary)
        table = self.query_one("#conflicts-table", DataTable)
        table.clear()
        for index, c in enumerate(found):
            entry = c.sides()
            values = (
                [show_value(entry, side) for side in ("ours", "theirs", "base")]
                if c.kind == "value"
                else ["", "", c.message]
            )
            table.add_row(
                Text(safe_text(f"{c.file}:{c.line}")),
                Text(safe_text(c.path or "(whole file)")),
                *(Text(safe_text(v)) for v in values),
                key=str(index),
            )

    def _current(self) -> ConflictInfo | None:
        table = self.query_one("#conflicts-table", DataTable)
        if not self.found or table.row_count == 0:
            return None
        return self.found[table.cursor_row]

    def action_choose(self, side: str) -> None:
        conflict = self._current()
        if conflict is None:
            return
        if conflict.kind != "value" and side == "base":
            self.notify("Take ours or theirs for the whole file, or fix it by hand (e).")
            return
        path = conflict.path if conflict.kind == "value" else None
        self._resolve(conflict.file, path, side, None)

    def action_type_value(self) -> None:
        conflict = self._current()
        if conflict is None or conflict.kind != "value":
            return
        shown = show_value(conflict.sides(), "ours")
        form = FormScreen(f"New value for {conflict.path}", [text_field("value", "Value", shown)])

        def chosen(values: dict[str, Any] | None) -> None:
            if values is not None:
                self._resolve(conflict.file, conflict.path, "value", values["value"])

        self.app.push_screen(form, chosen)

    def action_edit(self) -> None:
        conflict = self._current()
        if conflict is None:
            return
        app = host_of(self)
        parts = conflict.file.split("/")
        if len(parts) == 3 and parts[0] == "students":
            app.edit_file(parts[1], parts[2], commit=False)
            self._resolve(conflict.file, None, "edited", None)
        else:
            self.notify(f"Open {conflict.file} in your editor, then press e again.")

    @work(thread=True, exclusive=True, group="resolve")
    def _resolve(self, file: str, path: str | None, choice: str, value: str | None) -> None:
        try:
            done: Resolution = resolve(host_of(self).root, file, path, choice, value)
        except (InputError, NotSaved, GitError) as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Not resolved", severity="error", markup=False
            )
            return
        message = done.message or f"{file}: {len(done.resolved)} resolved, {done.left_in_file} left"
        self.app.call_from_thread(self.notify, message, title="Resolved", markup=False)
        self.app.call_from_thread(host_of(self).reload)
