"""A form in a dialog: returns the parsed values, or None when cancelled (escape)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from caseterm.tui.focus import in_open_list
from caseterm.tui.widgets.form import Field, Form


class FormScreen(ModalScreen[dict[str, Any] | None]):
    """Title, fields, Save; escape cancels without writing anything."""

    HELP_TITLE = "Form"
    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True, id="form.cancel")]

    def __init__(self, title: str, fields: Sequence[Field], submit_label: str = "Save") -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.submit_label = submit_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title", markup=False)
            yield Form(self.fields, self.submit_label, id="dialog-form")

    def on_mount(self) -> None:
        self.query_one(Form).focus_field(self.fields[0].name)

    @on(Form.Submitted)
    def _submitted(self, event: Form.Submitted) -> None:
        self.dismiss(event.values)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "cancel" or not in_open_list(self.focused)

    def action_cancel(self) -> None:
        self.dismiss(None)
