"""Records tab: removals (with the year's count toward the change-of-placement limit),
absences, consents, prior written notices, ESY and exit, and for a Part C (IFSP) student
the LEA notification; a key opens each entry form."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll

from caseterm.model.records import Student
from caseterm.reports.records import SchoolYear, records_renderable
from caseterm.tui.focus import focus_now
from caseterm.tui.state import State
from caseterm.tui.widgets.forms_pane import FormsPane
from caseterm.tui.widgets.record_forms import FORMS, RecordForm

HINT = (
    "r removal · d decide on one (pattern, MDR) · a absence\n"
    "o consent · w answer it · n prior written notice · y ESY · t exit"
)
PART_C_HINT = "\nl LEA and SEA notified (Part C: 90 days before the third birthday)"


class RecordsPane(FormsPane, VerticalScroll, can_focus=True):
    """A student's compliance records; arrows scroll, a letter adds a record."""

    HELP_TITLE = "Records tab"
    PREFIX = "records"
    HINT = HINT
    FORMS = FORMS
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

    def focus_default(self) -> None:
        focus_now(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The Part C key shows only for a Part C (IFSP) student."""
        if action == "add" and parameters and FORMS[str(parameters[0])].needs == "IFSP":
            return self.student is not None and self.student.profile.plan_type == "IFSP"
        return True

    def show(self, student: Student, state: State) -> None:
        part_c = student.profile.plan_type == "IFSP"
        self.hint.update(HINT + (PART_C_HINT if part_c else ""))
        if self.student is None or (self.student.profile.plan_type == "IFSP") != part_c:
            self.student = student
            self.refresh_bindings()
        super().show(student, state)

    def draw(self, student: Student, state: State) -> None:
        settings = state.loaded.caseload.settings
        year = SchoolYear(
            settings.school_year_start,
            settings.school_year_end,
            state.loaded.rules.removal_limit_school_days,
            state.overview.days,
        )
        view = state.overview.student(student.id)
        deadlines = view.deadlines if view is not None else ()
        self.body.update(records_renderable(student, year, deadlines))

    def refusal(self, form: RecordForm, student: Student) -> str | None:
        if form.needs == "IFSP" and student.profile.plan_type != "IFSP":
            return (
                "The LEA notification is for a Part C (IFSP) student; "
                f"{student.id}'s plan is {student.profile.plan_type}"
            )
        return super().refusal(form, student)
