"""The base of a student tab whose letters open entry forms (Records, Evaluation).

Such a pane shows a hint (the letters and what they add) above a body, and answers
``add(NAME)``: it opens ``FORMS[NAME]`` for the student shown and saves through the form's
store function (one change, one commit). A pane declares only what differs: its
``PREFIX`` (the ids ``PREFIX-hint`` and ``PREFIX-body``), its ``HINT``, its ``FORMS`` and
its letters (``BINDINGS``), the body it composes and how it draws it (``draw``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from caseterm.model.records import Student
from caseterm.store.infra.save import Saved
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.record_forms import RecordForm
from caseterm.tui.widgets.requests import OpenForm

FIRST: dict[str, Callable[[Student], Sequence[object]]] = {
    "removal": lambda s: s.removals,
    "consent": lambda s: s.consents,
    "assessment": lambda s: s.assessments,
    "intervention": lambda s: s.interventions,
}
"""The records a form's ``needs`` names: the student must have one before it opens."""

if TYPE_CHECKING:
    _Pane = Widget
else:
    _Pane = object
    """A mixin at run time: Textual takes a widget's CSS type names (``VerticalScroll``
    and so its default styles) from its first base that is a widget."""


class FormsPane(_Pane):
    """A tab with a hint, a body and a letter per entry form; mixed in before the
    container class (``class RecordsPane(FormsPane, VerticalScroll)``)."""

    PREFIX: ClassVar[str]
    HINT: ClassVar[str]
    FORMS: ClassVar[Mapping[str, RecordForm]]

    def __init__(self) -> None:
        super().__init__()
        self.student: Student | None = None
        self.today = date.today()

    def compose(self) -> ComposeResult:
        yield Static(self.HINT, id=f"{self.PREFIX}-hint", markup=False)
        yield from self.compose_body()

    def compose_body(self) -> Iterable[Widget]:
        """What goes under the hint: by default the body alone."""
        yield Static("", id=f"{self.PREFIX}-body")

    @property
    def hint(self) -> Static:
        return self.query_one(f"#{self.PREFIX}-hint", Static)

    @property
    def body(self) -> Static:
        return self.query_one(f"#{self.PREFIX}-body", Static)

    def show(self, student: Student, state: State) -> None:
        self.student = student
        self.today = state.today
        self.draw(student, state)

    def draw(self, student: Student, state: State) -> None:
        """Fill the body for ``student``."""
        raise NotImplementedError

    # --- forms --------------------------------------------------------------------

    def refusal(self, form: RecordForm, student: Student) -> str | None:
        """Why ``form`` cannot open for ``student`` yet, naming the key that helps."""
        first = FIRST.get(form.needs)
        if first is not None and not first(student):
            return f"No {form.needs} recorded yet: press {self._letter(form.needs)} to add one"
        return None

    def _letter(self, name: str) -> str:
        """The key of ``add(name)`` among the pane's letters."""
        action = f"add('{name}')"
        keys = (b.key for b in self.BINDINGS if isinstance(b, Binding) and b.action == action)
        return next(keys, "?")

    def action_add(self, name: str) -> None:
        """Open the entry form ``name`` (one of ``FORMS``)."""
        student = self.student
        if student is None:
            return
        form = self.FORMS[name]
        problem = self.refusal(form, student)
        if problem is not None:
            self.notify(problem, severity="warning")
            return
        fields = form.fields(student, self.today)
        self.post_message(OpenForm(form.title, fields, lambda v: self._save(form, student, v)))

    def _save(self, form: RecordForm, student: Student, values: dict[str, Any] | None) -> None:
        if values is None:
            return
        host = host_of(self)
        root = host.root

        def change() -> Saved:
            return form.save(root, student, values)

        host.save(change)
