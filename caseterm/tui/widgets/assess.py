"""Evaluation tab: the MTSS tier and its history, intervention plans, screening scores,
referrals and evaluations, and every assessment score (with its percentile and range).

A letter opens each entry form (``assess_forms.FORMS``; f ends an intervention plan, as
``caseterm mtss end`` does); on a score, enter reads it in full, E corrects it in place
(``caseterm assess edit``) and x removes its assessment (``caseterm remove STUDENT
assessment ID``), each one store change and one commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from caseterm.display import safe_text
from caseterm.model import scores
from caseterm.model.evaluation import evaluation_status
from caseterm.model.mtss import tier_on
from caseterm.model.records import Assessment, Score, Student
from caseterm.reports.assessments import score_rows
from caseterm.store.actions import changes
from caseterm.store.infra.save import Saved
from caseterm.tui.focus import focus_now
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.assess_forms import (
    FORMS,
    correct_score_fields,
    save_corrected_score,
)
from caseterm.tui.widgets.forms_pane import FormsPane
from caseterm.tui.widgets.intervention_end import END_FORM
from caseterm.tui.widgets.record_table import RecordTable, cut_cell
from caseterm.tui.widgets.requests import OpenConfirm, OpenForm, OpenRecord

HINT = (
    "a assessment · s score · t tier · i intervention · f end one · b screening\n"
    "on a score: enter read · E correct it · x remove the assessment"
)
COLUMNS = (("date", 10), ("instrument", 12), ("score", 22), ("kind", 8), ("value", 7))


def _t(value: object, style: str = "") -> Text:
    if value is None:
        return Text("")
    if isinstance(value, date):
        return Text(value.isoformat(), style=style)
    if isinstance(value, float):
        return Text(f"{value:g}", style=style)
    return Text(safe_text(str(value)), style=style)


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=None)
    table.padding = (0, 1, 0, 0)
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


def _tiers(student: Student, today: date) -> Text:
    text = Text("MTSS tier: ", style="bold")
    if not student.tiers:
        text.append("none recorded (t sets one)", style="dim")
        return text
    now = tier_on(student, today)
    text.append(f"{now} " if now is not None else "none yet ")
    steps = sorted(student.tiers, key=lambda t: (t.date, t.id))
    text.append(
        "  (" + " → ".join(f"{t.tier} from {t.date.isoformat()}" for t in steps) + ")",
        style="dim",
    )
    return text


def _interventions(student: Student) -> RenderableType:
    if not student.interventions:
        return Text.assemble(("Interventions", "bold"), (": none recorded (i adds one)", "dim"))
    table = _table("Interventions", ("program", "tier", "dates", "a week", "by"))
    for i in sorted(student.interventions, key=lambda i: (i.start, i.id), reverse=True):
        dates = f"{i.start.isoformat()} to {i.end.isoformat() if i.end else 'now'}"
        week = "" if i.frequency is None else f"{i.frequency}x"
        week += "" if i.minutes is None else f" {i.minutes} min"
        table.add_row(_t(i.program), _t(i.tier), Text(dates), Text(week), _t(i.interventionist))
    return table


def _screenings(student: Student) -> RenderableType:
    if not student.screenings:
        return Text.assemble(("Screening", "bold"), (": none recorded (b adds one)", "dim"))
    table = _table("Screening", ("date", "season", "measure", "score", "pct"))
    for s in sorted(student.screenings, key=lambda s: (s.date, s.id), reverse=True):
        table.add_row(_t(s.date), _t(s.season), _t(s.measure), _t(s.score), _t(s.percentile))
    return table


def _evaluations(student: Student) -> list[RenderableType]:
    out: list[RenderableType] = []
    for r in sorted(student.referrals, key=lambda r: (r.date, r.id)):
        line = Text("Referral ", style="bold")
        line.append(f"{r.date.isoformat()} by {r.referred_by}: ")
        line.append(safe_text(r.concern))
        out.append(line)
    for status in evaluation_status(student):
        e = status.evaluation
        line = Text(f"{e.kind.capitalize()} evaluation ", style="bold")
        line.append(f"opened {e.date.isoformat()}")
        for label, day in (("report", e.report), ("meeting", e.meeting)):
            if day is not None:
                line.append(f" · {label} {day.isoformat()}")
        line.append(f" · {e.decision}")
        if status.areas_without_assessment:
            todo = ", ".join(status.areas_without_assessment)
            line.append(f" · still to assess: {safe_text(todo)}", style="dim")
        out.append(line)
    return out


def summary_renderable(student: Student, today: date) -> RenderableType:
    """The tier, interventions, screenings, referrals and evaluations; file text escaped."""
    parts: list[RenderableType] = [_tiers(student, today), _interventions(student)]
    parts.append(_screenings(student))
    parts.extend(_evaluations(student))
    return Group(*parts)


def score_detail(assessment: Assessment, score: Score) -> list[tuple[str, str]]:
    """Every field of a score and of its assessment, as (label, text)."""
    found = scores.converted(score.value, score.kind, "wechsler")
    interval = ""
    if score.ci_low is not None and score.ci_high is not None:
        interval = f"{score.ci_low:g}-{score.ci_high:g}"
        interval += f" at {score.ci_level}%" if score.ci_level is not None else ""
    return [
        ("score", score.name),
        ("kind", score.kind),
        ("value", f"{score.value:g}"),
        ("composite", "yes" if score.composite else "no"),
        ("interval", interval),
        ("range", score.range),
        ("z", "" if found is None else f"{found.z:+.2f}"),
        ("percentile", "" if found is None else scores.percentile_text(found.percentile)),
        ("computed range", "" if found is None else found.range),
        ("instrument", assessment.instrument),
        ("date", assessment.date.isoformat()),
        ("type", assessment.type),
        ("examiner", assessment.examiner),
        ("area", assessment.area),
        ("note", assessment.note),
        ("assessment id", assessment.id),
    ]


def _describe(assessment: Assessment) -> str:
    return f"assessment {assessment.instrument} {assessment.date.isoformat()}"


class EvaluationPane(FormsPane, Vertical):
    """A student's MTSS records and assessment scores; a letter adds a record."""

    HELP_TITLE = "Evaluation tab"
    PREFIX = "assess"
    HINT = HINT
    FORMS = {**FORMS, "end": END_FORM}
    DEFAULT_CSS = """
    EvaluationPane #assess-hint { height: auto; padding: 0 1; color: $text-muted; }
    EvaluationPane #assess-summary { height: auto; max-height: 45%; padding: 0 1; }
    EvaluationPane #assess-body { height: auto; }
    EvaluationPane #assess-scores { height: 1fr; }
    """
    BINDINGS = [
        Binding("a", "add('assessment')", "Assessment", id="assess.assessment"),
        Binding("s", "add('score')", "Score", id="assess.score"),
        Binding("t", "add('tier')", "Tier", id="assess.tier"),
        Binding("i", "add('intervention')", "Intervention", id="assess.intervention"),
        Binding("b", "add('screening')", "Screening", id="assess.screening"),
        Binding("f", "add('end')", "End intervention", id="assess.end"),
    ]

    def compose_body(self) -> Iterable[Widget]:
        with VerticalScroll(id="assess-summary"):
            yield Static("", id="assess-body")
        yield RecordTable(id="assess-scores")

    def on_mount(self) -> None:
        table = self.query_one("#assess-scores", RecordTable)
        for label, width in COLUMNS:
            table.add_column(label, key=label, width=width)
        table.add_column("pct", key="pct", width=5)
        table.add_column("range", key="range")

    def focus_default(self) -> None:
        focus_now(self.query_one("#assess-scores", RecordTable))

    def draw(self, student: Student, state: State) -> None:
        self.body.update(summary_renderable(student, state.today))
        table = self.query_one("#assess-scores", RecordTable)
        table.clear()
        for a in sorted(student.assessments, key=lambda a: (a.date, a.id), reverse=True):
            head = (_t(a.date), cut_cell(a.instrument))
            if not a.scores:
                empty = cut_cell("no scores yet (s adds one)")
                empty.stylize("dim")
                table.add_row(*head, empty, key=f"{a.id}#")
                continue
            for index, row in enumerate(score_rows(a)):
                s = row.score
                name = cut_cell(("" if s.composite else "  ") + s.name)
                if s.composite:
                    name.stylize("bold")
                pct = "" if row.percentile is None else scores.percentile_text(row.percentile)
                table.add_row(
                    *head,
                    name,
                    cut_cell(s.kind),
                    _t(s.value),
                    Text(pct),
                    cut_cell(s.range or row.computed_range),
                    key=f"{a.id}#{index}",
                )

    # --- a score row: read, correct, remove -----------------------------------------

    def _score_of(self, key: str) -> tuple[Assessment, Score | None] | None:
        if self.student is None:
            return None
        assessment_id, _sep, index = key.partition("#")
        found = next((a for a in self.student.assessments if a.id == assessment_id), None)
        if found is None:
            return None
        if not index.isdigit() or int(index) >= len(found.scores):
            return found, None
        return found, found.scores[int(index)]

    def on_record_table_act(self, event: RecordTable.Act) -> None:
        event.stop()
        found = self._score_of(event.record_id)
        if found is None:
            return
        assessment, score = found
        if event.action == "remove":
            self._remove(assessment)
        elif score is None:
            self.notify("No score yet: press s to add one", severity="warning")
        elif event.action == "read":
            self._read(assessment, score)
        else:
            self._correct(assessment, score)

    def _read(self, assessment: Assessment, score: Score) -> None:
        def chosen(what: str | None) -> None:
            if what == "edit":
                self._correct(assessment, score)
            elif what == "remove":
                self._remove(assessment)

        title = f"{score.name} ({assessment.instrument} {assessment.date.isoformat()})"
        self.post_message(OpenRecord(safe_text(title), score_detail(assessment, score), chosen))

    def _correct(self, assessment: Assessment, score: Score) -> None:
        if self.student is None:
            return
        app, student_id = host_of(self), self.student.id

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return

            def change() -> Saved:
                return save_corrected_score(app.root, student_id, assessment.id, score, values)

            app.save(change)

        title = f"Correct {score.name} ({assessment.instrument} {assessment.date.isoformat()})"
        self.post_message(OpenForm(safe_text(title), correct_score_fields(score), done))

    def _remove(self, assessment: Assessment) -> None:
        if self.student is None:
            return
        app, student_id = host_of(self), self.student.id

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def change() -> Saved:
                return changes.remove_record(app.root, student_id, "assessment", assessment.id)

            app.save(change)

        count = len(assessment.scores)
        with_scores = f" with its {count} score{'s' if count != 1 else ''}" if count else ""
        question = safe_text(f"Remove {_describe(assessment)}{with_scores}?")
        self.post_message(OpenConfirm(question, answered))
