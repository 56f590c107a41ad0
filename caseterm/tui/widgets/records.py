"""Records tab: removals (with the year's count toward the change-of-placement limit),
absences, consents, prior written notices, ESY and exit, and for a Part C (IFSP) student
the LEA notification; a key opens each entry form."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from caseterm.model.records import Student
from caseterm.reports.records import SchoolYear, records_renderable
from caseterm.store.infra.save import Saved
from caseterm.tui.focus import focus_now
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.record_forms import FORMS, RecordForm
from caseterm.tui.widgets.requests import OpenForm

HINT = (
    "r removal · d decide on one (pattern, MDR) · a absence\n"
    "o consent · w answer it · n prior written notice · y ESY · t exit"
)
PART_C_HINT = "\nl LEA and SEA notified (Part C: 90 days before the third birthday)"


class RecordsPane(VerticalScroll, can_focus=True):
    """A student's compliance records; arrows scroll, a letter adds a record."""

    HELP_TITLE = "Records tab"
    DEFAULT_CSS = """
    RecordsPane #records-hint { height: auto; padding: 0 1 1 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("r", "add('removal')", "Removal", id="records.removal"),
        Binding("d", "add('decide')", "Decide removal", id="records.decide"),
        Binding("a", "add('absence')", "Absence", id="records.absence"),
        Binding("o", "add('consent')", "Consent", id="records.consent"),
        Binding("w", "add('answer')", "Answer consent", id="records.answer"),
        Binding("n", "add('notice')", "Notice", id="records.notice"),
        Binding("y", "add('esy')", "ESY", id="records.esy"),
        Binding("t", "add('exit')", "Exit", id="records.exit"),
        Binding("l", "add('lea')", "LEA notified", id="records.lea"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.student: Student | None = None
        self.today = date.today()

    def compose(self) -> ComposeResult:
        yield Static(HINT, id="records-hint", markup=False)
        yield Static("", id="records-body")

    def focus_default(self) -> None:
        focus_now(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The Part C key shows only for a Part C (IFSP) student."""
        if action == "add" and parameters and FORMS[str(parameters[0])].needs == "IFSP":
            return self.student is not None and self.student.profile.plan_type == "IFSP"
        return True

    def show(self, student: Student, state: State) -> None:
        part_c = student.profile.plan_type == "IFSP"
        self.query_one("#records-hint", Static).update(HINT + (PART_C_HINT if part_c else ""))
        if self.student is None or (self.student.profile.plan_type == "IFSP") != part_c:
            self.student = student
            self.refresh_bindings()
        self.student = student
        self.today = state.today
        settings = state.loaded.caseload.settings
        year = SchoolYear(
            settings.school_year_start,
            settings.school_year_end,
            state.loaded.rules.removal_limit_school_days,
            state.overview.days,
        )
        view = state.overview.student(student.id)
        deadlines = view.deadlines if view is not None else ()
        body = self.query_one("#records-body", Static)
        body.update(records_renderable(student, year, deadlines))

    def action_add(self, name: str) -> None:
        """Open the entry form ``name`` (see ``record_forms.FORMS``)."""
        student = self.student
        if student is None:
            return
        form = FORMS[name]
        if form.needs == "removal" and not student.removals:
            self.notify("No removal recorded yet: press r to add one", severity="warning")
            return
        if form.needs == "consent" and not student.consents:
            self.notify("No consent recorded yet: press o to add one", severity="warning")
            return
        if form.needs == "IFSP" and student.profile.plan_type != "IFSP":
            self.notify(
                "The LEA notification is for a Part C (IFSP) student; "
                f"{student.id}'s plan is {student.profile.plan_type}",
                severity="warning",
            )
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
