"""The entry forms of the Evaluation tab: an assessment, a score added to one or
corrected, an MTSS tier, an intervention plan and a screening score.

As on the Records tab, each field parses with the CLI's check named by the CLI's option
(``--frequency: '99' is not a whole number from 1 to 35 sessions a week``) and each save
calls the store function ``caseterm assess`` / ``caseterm mtss`` call: one change, one
commit; a score is corrected in place by ``assess_changes.edit_assessment``, as
``caseterm assess edit`` does.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

from caseterm.model import assess_vocab as av
from caseterm.model import vocab
from caseterm.model.fields import BOUNDS, FieldError, parse_number, parse_whole
from caseterm.model.mtss import tier_on
from caseterm.model.records import Assessment, Score, Student
from caseterm.store import kinds
from caseterm.store.actions import assess_changes as changes
from caseterm.store.infra.save import Saved
from caseterm.tui.widgets.form import Field
from caseterm.tui.widgets.record_forms import (
    RecordForm,
    Values,
    _codes,
    _date,
    _label,
    _text,
)

CI_FORM = "LOW-HIGH[@LEVEL], e.g. 80-91@95"
_CI = re.compile(r"(?P<low>[-+]?[0-9.]+)-(?P<high>[-+]?[0-9.]+)(?:@(?P<level>[0-9]+))?")
YES_NO = [("no", "no"), ("yes", "yes: a composite (index) score")]

Interval = tuple[float, float, int | None]


def parse_interval(text: str) -> Interval:
    """A confidence interval as ``--score`` writes it: ``80-91`` or ``80-91@95``."""
    found = _CI.fullmatch(text.strip())
    if found is None:
        raise FieldError("--score", f"{text[:30]!r} is not a confidence interval; use {CI_FORM}")
    low = parse_number("--score", found["low"], BOUNDS["assessment.ci_low"])
    high = parse_number("--score", found["high"], BOUNDS["assessment.ci_high"])
    level = found["level"]
    return (
        low,
        high,
        None if level is None else parse_whole("--score", level, BOUNDS["assessment.ci_level"]),
    )


def _required(field: Field, kind: str, *path: str) -> Field:
    """A field the catalogue declares required (``kinds.Input``), so the form refuses it
    empty before it closes; the store refuses it the same way for the CLI."""
    declared = kinds.RECORD[kind].inputs
    for key in path:
        found = next(i for i in declared if i.key == key)
        declared = found.parts
    return replace(field, required=found.required)


def _number(name: str, flag: str, label: str, bounds: str, default: str = "") -> Field:
    return Field(
        name,
        label,
        partial(parse_number, flag, bounds=BOUNDS[bounds]),
        default,
        required=True,
        placeholder=f"a number, {BOUNDS[bounds].form}",
    )


def _optional_whole(name: str, flag: str, label: str, bounds: str) -> Field:
    return Field(
        name,
        label,
        partial(parse_whole, flag, bounds=BOUNDS[bounds]),
        placeholder=f"{BOUNDS[bounds].form} (optional)",
    )


def _newest_first(student: Student) -> list[Assessment]:
    return sorted(student.assessments, key=lambda a: (a.date, a.id), reverse=True)


def assessment_choices(student: Student) -> list[tuple[str, str]]:
    return [
        (a.id, _label(f"{a.date.isoformat()} {a.instrument} ({len(a.scores)} scores)"))
        for a in _newest_first(student)
    ]


# --- assessments and scores ----------------------------------------------------------


def assessment_fields(student: Student, today: date) -> list[Field]:
    evaluations = sorted(student.evaluations, key=lambda e: (e.date, e.id), reverse=True)
    fields = [
        _date("date", "--date", "Date", today, True),
        _required(
            _text("instrument", "--instrument", "Instrument", placeholder='e.g. "WISC-V"'),
            "assessment",
            "instrument",
        ),
        Field("type", "Type", choices=_codes(av.ASSESSMENT_TYPES), required=True),
        _text("examiner", "--examiner", "Examiner"),
        _text("area", "--area", "Area", placeholder="area of the evaluation plan"),
    ]
    if evaluations:
        choices = [(e.id, f"{e.kind} opened {e.date.isoformat()}") for e in evaluations]
        fields.append(Field("evaluation", "Evaluation", choices=choices, empty=""))
    fields.append(_text("note", "--note", "Note"))
    return fields


def save_assessment(root: Path, student: Student, values: Values) -> Saved:
    return changes.add_assessment(root, student.id, values)


def _score_fields(score: Score | None) -> list[Field]:
    """Kind, value, interval, composite mark and reported range (pre-filled from
    ``score`` when correcting one)."""
    interval = ""
    if score is not None and score.ci_low is not None and score.ci_high is not None:
        interval = f"{score.ci_low:g}-{score.ci_high:g}"
        interval += f"@{score.ci_level}" if score.ci_level is not None else ""
    return [
        Field(
            "kind",
            "Kind",
            choices=_codes(av.SCORE_KINDS),
            default=score.kind if score else "",
            required=True,
            pick=score is None,
        ),
        _number(
            "value",
            "--score",
            "Value",
            "assessment.value",
            f"{score.value:g}" if score else "",
        ),
        Field(
            "interval",
            "Interval",
            parse_interval,
            interval,
            placeholder=f"{CI_FORM} (optional)",
        ),
        Field(
            "composite",
            "Composite?",
            choices=YES_NO,
            default="yes" if score and score.composite else "no",
            required=True,
        ),
        _text("range", "--range", "Range", score.range if score else "", "as the report says"),
    ]


def score_fields(student: Student, today: date) -> list[Field]:
    return [
        Field("assessment", "Assessment", choices=assessment_choices(student), required=True),
        _required(
            _text("name", "--score", "Score", placeholder='e.g. "Full Scale IQ"'),
            "assessment",
            "score",
            "name",
        ),
        *_score_fields(None),
    ]


def _score(values: Values) -> dict[str, object]:
    """The form's kind, value, interval, composite mark and range by the score's keys in
    the file (an empty interval removes it)."""
    interval: Interval | None = values["interval"]
    low, high, level = interval if interval is not None else (None, None, None)
    return {
        "kind": values["kind"],
        "value": values["value"],
        "composite": values["composite"] == "yes",
        "ci_low": low,
        "ci_high": high,
        "ci_level": level,
        "range": values["range"],
    }


def save_score(root: Path, student: Student, values: Values) -> Saved:
    fix = changes.AssessmentEdit(added=({"name": values["name"], **_score(values)},))
    return changes.edit_assessment(root, student.id, values["assessment"], fix)


def correct_score_fields(score: Score) -> list[Field]:
    """The form correcting one score in place, every field pre-filled."""
    return _score_fields(score)


def save_corrected_score(
    root: Path, student_id: str, assessment_id: str, score: Score, values: Values
) -> Saved:
    """``assess edit ID --score NAME=... --range NAME=...`` with the form's values."""
    fix = changes.AssessmentEdit(scores=({"name": score.name, **_score(values)},))
    return changes.edit_assessment(root, student_id, assessment_id, fix)


# --- MTSS ----------------------------------------------------------------------------


def _tiers() -> list[tuple[str, str]]:
    return [(str(t), f"Tier {t}") for t in av.TIERS]


def tier_fields(student: Student, today: date) -> list[Field]:
    return [
        Field("tier", "Tier", choices=_tiers(), required=True, pick=True),
        _date("date", "--date", "From", today, True),
        _text("note", "--note", "Note", placeholder="why (the team's decision)"),
    ]


def save_tier(root: Path, student: Student, values: Values) -> Saved:
    return changes.set_tier(root, student.id, values["date"], int(values["tier"]), values["note"])


def intervention_fields(student: Student, today: date) -> list[Field]:
    now = tier_on(student, today) if student.tiers else None
    fields = [
        _required(
            _text("program", "--program", "Program", placeholder='e.g. "Read Naturally"'),
            "intervention",
            "program",
        ),
        Field(
            "tier",
            "Tier",
            choices=_tiers(),
            default=str(now) if now in (2, 3) else "2",
            required=True,
        ),
        _date("start", "--start", "Start", today, True),
        _optional_whole("frequency", "--frequency", "Per week", "intervention.frequency"),
        _optional_whole("minutes", "--minutes", "Minutes", "intervention.minutes"),
        _text("interventionist", "--interventionist", "Interventionist"),
        _text("group", "--group", "Group"),
    ]
    if student.goals:
        goals = [(g.id, _label(f"{g.id}: {g.area}")) for g in student.goals]
        fields.append(Field("goal", "Monitored by", choices=goals, empty=""))
    return fields


def save_intervention(root: Path, student: Student, values: Values) -> Saved:
    return changes.add_intervention(root, student.id, values)


def _season(day: date) -> str:
    """The screening window a date most likely falls in (a default the user can change)."""
    if day.month >= 8:
        return "fall"
    return "winter" if day.month <= 3 else "spring"


def screening_fields(student: Student, today: date) -> list[Field]:
    grade = student.profile.grade
    return [
        _date("date", "--date", "Date", today, True),
        Field(
            "season",
            "Season",
            choices=[(s, s) for s in av.SEASONS],
            default=_season(today),
            required=True,
        ),
        _required(
            _text("measure", "--measure", "Measure", placeholder='e.g. "ORF"'),
            "screening",
            "measure",
        ),
        _number("score", "--score", "Score", "screening.score"),
        Field(
            "percentile",
            "Percentile",
            partial(parse_number, "--percentile", bounds=BOUNDS["screening.percentile"]),
            placeholder="national percentile (optional)",
        ),
        Field(
            "grade",
            "Grade",
            choices=[(g, g) for g in vocab.GRADES],
            default=grade if grade in vocab.GRADES else "",
            empty="",
        ),
        _text("note", "--note", "Note"),
    ]


def save_screening(root: Path, student: Student, values: Values) -> Saved:
    return changes.add_screening(root, student.id, values)


FORMS: dict[str, RecordForm] = {
    "assessment": RecordForm("Add an assessment", assessment_fields, save_assessment),
    "score": RecordForm("Add a score to an assessment", score_fields, save_score, "assessment"),
    "tier": RecordForm("Set the MTSS tier", tier_fields, save_tier),
    "intervention": RecordForm("Add an intervention plan", intervention_fields, save_intervention),
    "screening": RecordForm("Add a screening score", screening_fields, save_screening),
}
"""The Evaluation tab's forms by name."""
