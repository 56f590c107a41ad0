"""A small form built from field descriptions; validates as you type.

Each field parses its text with the same checks the CLI uses (``caseterm.model.fields``),
so a value refused here would be refused by the CLI with the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from caseterm.model.fields import FieldError, check_text, parse_date
from caseterm.tui.focus import focus_now, steady

Parser = Callable[[str], Any]


@dataclass(frozen=True)
class Field:
    """One form field: a text input parsed by ``parse``, or a choice from ``choices``."""

    name: str
    label: str
    parse: Parser = str
    default: str = ""
    choices: Sequence[tuple[str, str]] = ()
    required: bool = False
    placeholder: str = ""
    empty: Any = None
    """The value of a field left empty (None for dates and numbers, "" for text)."""
    pick: bool = False
    """A choice with no default: the user must pick one (no value is likelier than another).
    An optional choice (not ``required``) with no ``default`` starts blank ("— none —")."""


def text_field(name: str, label: str, default: str = "", placeholder: str = "") -> Field:
    """Free text, checked like the CLI checks it (no control characters)."""
    return Field(name, label, partial(check_text, name), default, placeholder=placeholder, empty="")


def date_field(name: str, label: str, default: date | None = None) -> Field:
    """A date written YYYY-MM-DD."""
    shown = default.isoformat() if default else ""
    return Field(
        name, label, partial(parse_date, name), shown, required=True, placeholder="YYYY-MM-DD"
    )


def choice_field(name: str, label: str, choices: Sequence[tuple[str, str]]) -> Field:
    """One of a closed list: (value, label) pairs; the first is the default."""
    return Field(name, label, choices=choices, required=True)


class FieldValidator(Validator):
    """Runs a field's parser; its error text is the failure shown under the form.

    An empty field is not flagged while typing; a required one is refused on submit.
    """

    def __init__(self, spec: Field) -> None:
        super().__init__()
        self.spec = spec

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success()
        try:
            self.spec.parse(value.strip())
        except (FieldError, ValueError) as error:
            return self.failure(str(error))
        return self.success()


class Form(Widget):
    """Labelled inputs, a line for the first problem, and a Save button."""

    DEFAULT_CSS = """
    Form { height: auto; }
    Form > Vertical { height: auto; }
    Form .form-row { height: 1; margin: 0 0 1 0; }
    Form .form-label { width: 13; }
    Form Input, Form Select { width: 1fr; }
    Form #form-problem { color: $error; height: auto; min-height: 1; }
    Form #form-buttons { height: auto; align-horizontal: right; }
    """

    BINDINGS = [
        Binding("enter", "next_field", "Next field", show=False, priority=True, id="form.next")
    ]

    class Submitted(Message):
        """The form's values, parsed, when Save is pressed or Enter on the last field."""

        def __init__(self, form: Form, values: dict[str, Any]) -> None:
            super().__init__()
            self.form = form
            self.values = values

        @property
        def control(self) -> Form:
            return self.form

    def __init__(self, fields: Sequence[Field], submit_label: str = "Save", **kwargs: Any):
        super().__init__(**kwargs)
        self.fields = list(fields)
        self.submit_label = submit_label

    def compose(self) -> ComposeResult:
        with Vertical():
            for spec in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(spec.label, classes="form-label")
                    if spec.choices:
                        optional = not spec.required and not spec.pick
                        blank = spec.pick or (optional and not spec.default)
                        yield Select(
                            [(label, value) for value, label in spec.choices],
                            value=Select.NULL if blank else spec.default or spec.choices[0][0],
                            allow_blank=spec.pick or optional,
                            prompt="— none —" if optional else "Select",
                            id=f"field-{spec.name}",
                            compact=True,
                        )
                    else:
                        yield steady(
                            Input(
                                value=spec.default,
                                placeholder=spec.placeholder,
                                validators=[FieldValidator(spec)],
                                id=f"field-{spec.name}",
                                compact=True,
                            )
                        )
            yield Static("", id="form-problem", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button(self.submit_label, variant="primary", id="form-submit", compact=True)

    def set_value(self, name: str, value: str) -> None:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, (Input, Select)):
            widget.value = value

    def set_choices(self, name: str, choices: Sequence[tuple[str, str]]) -> None:
        """Replace a choice field's (value, label) pairs; the first becomes its value."""
        choices = list(choices) or [("", "—")]
        select = self.query_one(f"#field-{name}", Select)
        select.set_options([(label, value) for value, label in choices])
        select.value = choices[0][0]

    def reset(self, values: dict[str, str]) -> None:
        """Set fields (e.g. clear them after a save) without showing a problem."""
        for name, value in values.items():
            self.set_value(name, value)
        self.call_after_refresh(self._show_problem, "")

    def focus_field(self, name: str) -> None:
        focus_now(self.query_one(f"#field-{name}"))

    def values(self) -> dict[str, Any]:
        """Parsed values; raises ``FieldError`` with the first problem."""
        out: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                value = widget.value
                if value is Select.NULL and spec.pick:
                    raise FieldError(spec.label, "choose one")
                out[spec.name] = "" if value is Select.NULL else str(value)
                continue
            assert isinstance(widget, Input)
            text = widget.value.strip()
            if not text:
                if spec.required:
                    raise FieldError(spec.label, "required")
                out[spec.name] = spec.empty
                continue
            try:
                out[spec.name] = spec.parse(text)
            except FieldError:
                raise
            except ValueError as error:
                raise FieldError(spec.label, str(error)) from None
        return out

    def _show_problem(self, text: str) -> None:
        self.query_one("#form-problem", Static).update(text)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        result = event.validation_result
        if result is not None and not result.is_valid:
            self._show_problem(result.failure_descriptions[0])
        else:
            self._show_problem("")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "next_field" or isinstance(self.screen.focused, Input)

    def action_next_field(self) -> None:
        """Enter in a field: on to the next one, or submit from the last text field.

        A priority binding, so keys typed after Enter reach the next field."""
        focused = self.screen.focused
        if isinstance(focused, Input) and focused is list(self.query(Input))[-1]:
            self.submit()
            return
        widgets = list(self.query("Input, Select, Button"))
        if focused in widgets:
            following = widgets[widgets.index(focused) + 1 :]
            if following:
                focus_now(following[0])

    @on(Button.Pressed, "#form-submit")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        """Parse every field; show the first problem, or post ``Submitted``."""
        try:
            values = self.values()
        except FieldError as error:
            self._show_problem(str(error))
            return
        self._show_problem("")
        self.post_message(self.Submitted(self, values))
